import { instancePrefix } from './checks.js'
import { disableEverywhere, freezeCommands, removeDefinition } from './commands.js'
import type { CompileOptions, SynthCommands, TracefsWrite } from './options.js'

/** A hist trigger found in tracefs: its event and its text as the `trigger` file lists it. */
export interface FoundTrigger {
  readonly system: string
  readonly event: string
  readonly text: string
}

/** What tracefs shows of a synthetic event another process created. */
export interface AdoptedSynth {
  readonly name: string
  /** The end triggers that trace it, then the start triggers they match on. */
  readonly endTriggers: readonly FoundTrigger[]
  readonly startTriggers: readonly FoundTrigger[]
}

/**
 * The destroy writes for a synthetic event found in tracefs rather than
 * built here: disable it, remove its end and start triggers as listed,
 * disable it in every instance, remove the definition. Nothing to create.
 */
export function adoptCommands(found: AdoptedSynth, options: CompileOptions = {}): SynthCommands {
  const prefix = instancePrefix(options.instance)
  const removal = (t: FoundTrigger): TracefsWrite => ({
    file: `${prefix}events/${t.system}/${t.event}/trigger`,
    text: `!${t.text}`,
    mode: 'append',
  })
  return freezeCommands(
    [],
    [
      { file: `${prefix}events/synthetic/${found.name}/enable`, text: '0', mode: 'write', ignoreErrors: true },
      ...found.endTriggers.map(removal),
      ...found.startTriggers.map(removal),
      disableEverywhere(found.name),
      removeDefinition(found.name, options.dynamicEvents ?? true),
    ],
  )
}
