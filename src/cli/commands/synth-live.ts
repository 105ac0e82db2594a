import type { CompileOptions } from '../../compile/options.js'
import { schemaFromDir, schemaFromLive } from '../../schema/load.js'
import type { Schema } from '../../schema/schema.js'
import type { SynthBuilder } from '../../synth/synth-builder.js'
import { SynthHandle } from '../../tracefs/synth-handle.js'
import { tracefs } from '../../tracefs/tracefs.js'
import { jsonValue } from '../report-text.js'
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

/**
 * `synth create SPEC.json`: creates its synths in the running kernel, in the
 * file's order (a chain: inner first). Any failure removes everything
 * written, the synths created before it too (newest first).
 */
export async function createLive(
  build: (schema: Schema) => readonly SynthBuilder[],
  options: LiveOptions,
  io: CommandIO,
): Promise<number> {
  const tfs = await open(options)
  tfs.requireSynth()
  const synths = build(await liveSchema(options))
  const created: SynthBuilder[] = []
  for (const synth of synths) {
    try {
      await tfs.create(synth)
    } catch (error) {
      for (const done of created.reverse()) {
        try {
          await tfs.destroy(done)
        } catch (undo) {
          io.stderr(`warning: could not remove '${done.definition.name}' again: ${(undo as Error).message}\n`)
        }
      }
      throw error
    }
    created.push(synth)
  }
  for (const synth of created)
    io.stdout(
      `created synthetic event '${synth.definition.name}' (${synth.showEvent(tfs.compileOptions as CompileOptions)})\n`,
    )
  return 0
}

/**
 * `synth destroy SPEC.json|NAME`: removes its synths, a chain in reverse
 * order (the outer synth's triggers hold the inner event); a name alone
 * adopts what the kernel holds. Stops at the first refusal.
 */
export async function destroyLive(
  target: { build: (schema: Schema) => readonly SynthBuilder[] } | { name: string },
  options: LiveOptions,
  io: CommandIO,
): Promise<number> {
  const tfs = await open(options)
  tfs.requireSynth()
  const synths = 'name' in target ? [await tfs.adopt(target.name)] : target.build(await liveSchema(options))
  for (const synth of [...synths].reverse()) {
    const result = await tfs.destroy(synth)
    if (!result.removedEvent && result.removedTriggers.length === 0) {
      io.stdout(`nothing to remove: no synthetic event '${result.name}'\n`)
      continue
    }
    io.stdout(
      `removed '${result.name}': ${result.removedEvent ? 'the event' : 'no event'}, ${result.removedTriggers.length} trigger(s)\n`,
    )
    for (const u of result.unmatched) io.stderr(`warning: matched nothing: ${u}\n`)
  }
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

/**
 * `synth read SPEC.json`: each synth's end trigger as the kernel keeps it:
 * its section of the end event's hist file (`text`), or `readHist()`'s rows
 * with the onmax/onchange values, the saved fields and the snapshot note as
 * one JSON object per synth (`json`), in the file's order.
 */
export async function readLive(
  build: (schema: Schema) => readonly SynthBuilder[],
  format: 'text' | 'json',
  options: LiveOptions,
  io: CommandIO,
): Promise<number> {
  const tfs = await open(options)
  tfs.requireSynth()
  for (const synth of build(await liveSchema(options))) {
    const handle = new SynthHandle({ tracefs: tfs.untyped(), synth })
    if (format === 'text') io.stdout((await handle.endHistSection()).text)
    else io.stdout(`${JSON.stringify({ name: handle.name, ...(await handle.readHist()) }, jsonValue)}\n`)
  }
  return 0
}
