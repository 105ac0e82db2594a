import type { CompileOptions } from '../../compile/options.js'
import { schemaFromDir, schemaFromLive } from '../../schema/load.js'
import type { Schema } from '../../schema/schema.js'
import type { SynthBuilder } from '../../synth/synth-builder.js'
import { tracefs } from '../../tracefs/tracefs.js'
import type { CommandIO } from '../command.js'

/** What the live sub-commands get from the command line. */
export interface LiveOptions {
  readonly instance: string | undefined
  /** The tracefs mount (`--tracing-dir`); found (or mounted) when absent. */
  readonly root?: string | undefined
}

function open(options: LiveOptions) {
  return tracefs({
    ...(options.instance ? { instance: options.instance } : {}),
    ...(options.root ? { root: options.root } : {}),
  })
}

function liveSchema(options: LiveOptions): Promise<Schema> {
  return options.root ? schemaFromDir(options.root) : schemaFromLive()
}

/** `synth create SPEC.json`: creates it in the running kernel (rolled back on any failure). */
export async function createLive(
  build: (schema: Schema) => SynthBuilder,
  options: LiveOptions,
  io: CommandIO,
): Promise<number> {
  const tfs = await open(options)
  tfs.requireSynth()
  const synth = build(await liveSchema(options))
  await tfs.create(synth)
  io.stdout(
    `created synthetic event '${synth.definition.name}' (${synth.showEvent(tfs.compileOptions as CompileOptions)})\n`,
  )
  return 0
}

/** `synth destroy SPEC.json|NAME`: removes it; a name alone adopts what the kernel holds. */
export async function destroyLive(
  target: { build: (schema: Schema) => SynthBuilder } | { name: string },
  options: LiveOptions,
  io: CommandIO,
): Promise<number> {
  const tfs = await open(options)
  tfs.requireSynth()
  const synth = 'name' in target ? await tfs.adopt(target.name) : target.build(await liveSchema(options))
  const result = await tfs.destroy(synth)
  if (!result.removedEvent && result.removedTriggers.length === 0) {
    io.stdout(`nothing to remove: no synthetic event '${result.name}'\n`)
    return 0
  }
  io.stdout(
    `removed '${result.name}': ${result.removedEvent ? 'the event' : 'no event'}, ${result.removedTriggers.length} trigger(s)\n`,
  )
  for (const u of result.unmatched) io.stderr(`warning: matched nothing: ${u}\n`)
  return 0
}

/** `synth list`: the synthetic events the kernel has, with their triggers. */
export async function listLive(options: LiveOptions, io: CommandIO): Promise<number> {
  const tfs = await open(options)
  tfs.requireSynth()
  const listed = await tfs.list()
  if (listed.length === 0) io.stdout('no synthetic events\n')
  for (const e of listed) {
    io.stdout(`${e.name}\t${e.fields}\n`)
    for (const t of [...e.startTriggers, ...e.endTriggers]) io.stdout(`  ${t.system}/${t.event}: ${t.trigger.text}\n`)
  }
  return 0
}
