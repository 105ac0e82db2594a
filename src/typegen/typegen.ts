import { closeSync, openSync, readSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { TypedFtraceError } from '../errors.js'
import { readFormatTexts, schemaFromTexts } from '../schema/load.js'
import type { FormatTexts } from '../schema/load.js'
import { findTracefs } from '../schema/tracefs-mount.js'
import { openTrace } from '../tracedat/open-trace.js'
import { renderModule } from './render-module.js'

/** Options for {@link typegen}. */
export interface TypegenOptions {
  /** `live`, a tracefs mount or dump folder, a `.tar.gz` dump, or a `trace.dat` file (its embedded formats). */
  readonly from: string
  /** File to write; without it the module text is only returned. */
  readonly out?: string | undefined
  /** Module the generated file imports the library from (default `'typed-ftrace'`). */
  readonly importFrom?: string | undefined
  /** Compare with `out` instead of writing it. */
  readonly verify?: boolean | undefined
  /** The command line recorded in the generated header. */
  readonly command?: string | undefined
  /** Lines for the generated header (e.g. where the typings were proven). */
  readonly note?: readonly string[] | undefined
  /** The name the module registers its kernel under (default: the kernel release). */
  readonly registerAs?: string | undefined
}

/** What {@link typegen} did. */
export interface TypegenResult {
  readonly text: string
  readonly events: number
  readonly systems: number
  /** With `verify`: whether `out` already holds exactly this text. */
  readonly upToDate?: boolean
  /** Files that failed to parse (left out of the module). */
  readonly errors: readonly string[]
}

/**
 * Generates the typings module of a kernel's events, like kysely-codegen does
 * for a database: from the live tracefs, a saved copy of it or a `.tar.gz`.
 *
 * @example
 * import { typegen } from 'typed-ftrace'
 *
 * const { events, systems } = await typegen({ from: 'live', out: 'src/kernel.ts' })
 * console.log(`${events} events in ${systems} systems`)
 * const { upToDate } = await typegen({ from: 'live', out: 'src/kernel.ts', verify: true })
 */
export async function typegen(options: TypegenOptions): Promise<TypegenResult> {
  const texts = await sourceTexts(options.from)
  const schema = schemaFromTexts(texts)
  const text = renderModule(schema, {
    importFrom: options.importFrom,
    command: options.command,
    note: options.note,
    registerAs: options.registerAs,
  })
  const result = {
    text,
    events: schema.events.length,
    systems: schema.systems.length,
    errors: schema.errors.map((e) => e.message),
  }
  if (options.verify) {
    if (!options.out) throw new TypedFtraceError('EINVAL', 'verify needs the file to compare with (out)')
    const current = await readFile(options.out, 'utf8').catch(() => undefined)
    return { ...result, upToDate: current === text }
  }
  if (options.out) await writeFile(options.out, text)
  return result
}

/** Whether `path` is a file starting with trace.dat's magic bytes (whatever its name). */
function startsWithTraceMagic(path: string): boolean {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    const b = Buffer.alloc(10)
    return readSync(fd, b, 0, 10, 0) === 10 && b.equals(TRACE_MAGIC)
  } catch {
    return false
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
const TRACE_MAGIC = Buffer.from('\x17\x08Dtracing', 'latin1')

async function sourceTexts(from: string): Promise<FormatTexts> {
  if (startsWithTraceMagic(from)) {
    // The format texts exactly as the trace.dat stores them.
    return (await openTrace(from)).formatTexts
  }
  if (from === 'live') {
    const dir = await findTracefs()
    const texts = await readFormatTexts(dir)
    const release = await readFile('/proc/sys/kernel/osrelease', 'utf8').then(
      (t) => t.trim(),
      () => undefined,
    )
    return { ...texts, source: `live:${dir}`, kernelRelease: release }
  }
  return readFormatTexts(from)
}
