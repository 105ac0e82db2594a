import type { SynthDefinition } from '../definition/synth-definition.js'
import { instancePrefix } from './checks.js'
import type { CompileOptions, SynthCommands, TracefsWrite } from './options.js'
import { compileTexts } from './show.js'

/**
 * The writes `tracefs_synth_create` and `tracefs_synth_destroy` make, in
 * their order.
 *
 * create: the definition (`s:synthetic/<name>  <fields>\n` appended to
 * `dynamic_events`), then the start trigger, then the end trigger.
 *
 * destroy: disable the synthetic event, remove the end trigger (`!<hist>`),
 * remove the start trigger, disable the event everywhere, remove the
 * definition (`-:synthetic/<name>`). Only the last write decides success.
 *
 * With `dynamicEvents: false` the definition goes to `synthetic_events` as
 * `<name> <fields>\n` and is removed with `!<name>`.
 */
export function synthCommands(def: SynthDefinition, options: CompileOptions = {}): SynthCommands {
  const texts = compileTexts(def, options)
  const { start, end } = texts
  const name = def.name
  const prefix = instancePrefix(options.instance)
  const dynamic = options.dynamicEvents ?? true
  const startTrigger = `${prefix}events/${start.system}/${start.event}/trigger`
  const endTrigger = `${prefix}events/${end.system}/${end.event}/trigger`
  const create: TracefsWrite[] = [
    dynamic
      ? { file: 'dynamic_events', text: `s:synthetic/${name}  ${texts.fields}\n`, mode: 'append' }
      : { file: 'synthetic_events', text: `${name} ${texts.fields}\n`, mode: 'append' },
    { file: startTrigger, text: texts.startHist, mode: 'append' },
    { file: endTrigger, text: texts.endHist, mode: 'append' },
  ]
  const destroy: TracefsWrite[] = [
    { file: `${prefix}events/synthetic/${name}/enable`, text: '0', mode: 'write', ignoreErrors: true },
    { file: endTrigger, text: `!${texts.endHist}`, mode: 'append', ignoreErrors: true },
    { file: startTrigger, text: `!${texts.startHist}`, mode: 'append', ignoreErrors: true },
    disableEverywhere(name),
    removeDefinition(name, dynamic),
  ]
  return freezeCommands(create, destroy)
}

/** The forced disable before the definition goes: at the top and, with `everyInstance`, in every instance. */
export function disableEverywhere(name: string): TracefsWrite {
  return { file: `events/synthetic/${name}/enable`, text: '0', mode: 'write', ignoreErrors: true, everyInstance: true }
}

/** The write that removes the synthetic event's definition. */
export function removeDefinition(name: string, dynamicEvents: boolean): TracefsWrite {
  return dynamicEvents
    ? { file: 'dynamic_events', text: `-:synthetic/${name}`, mode: 'append' }
    : { file: 'synthetic_events', text: `!${name}`, mode: 'append' }
}

/** Create and destroy lists, frozen to the last write. */
export function freezeCommands(create: readonly TracefsWrite[], destroy: readonly TracefsWrite[]): SynthCommands {
  return Object.freeze({
    create: Object.freeze(create.map((w) => Object.freeze(w))),
    destroy: Object.freeze(destroy.map((w) => Object.freeze(w))),
  })
}
