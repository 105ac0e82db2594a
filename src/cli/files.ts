import { closeSync, openSync, readSync, statSync } from 'node:fs'
import type { Stats } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { CliError, ExitCode, quoted } from './failure.js'

const TRACE_MAGIC = Buffer.from([0x17, 0x08, 0x44, 0x74, 0x72, 0x61, 0x63, 0x69, 0x6e, 0x67])
/** Largest JSON spec read (a spec is a few hundred bytes; this is far beyond any real one). */
export const MAX_SPEC_BYTES = 1024 * 1024

function statOf(path: string, what: string): Stats {
  try {
    return statSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new CliError(
      ExitCode.INPUT,
      code === 'ENOENT'
        ? `${what} ${quoted(path)} does not exist`
        : code === 'EACCES'
          ? `${what} ${quoted(path)} cannot be read (permission denied)`
          : `${what} ${quoted(path)} cannot be read (${code ?? String(error)})`,
    )
  }
}

/** Checks that `path` is a regular file: not a folder, a device or a pipe. */
export function regularFile(path: string, what: string): Stats {
  const st = statOf(path, what)
  if (st.isDirectory()) throw new CliError(ExitCode.INPUT, `${what} ${quoted(path)} is a folder, not a file`)
  if (!st.isFile()) throw new CliError(ExitCode.INPUT, `${what} ${quoted(path)} is not a regular file`)
  return st
}

/** Reads the first `n` bytes of a file. */
function head(path: string, n: number): Buffer {
  const fd = openSync(path, 'r')
  try {
    const b = Buffer.alloc(n)
    const got = readSync(fd, b, 0, n, 0)
    return b.subarray(0, got)
  } finally {
    closeSync(fd)
  }
}

/** Whether a file starts with trace.dat's magic bytes (whatever its name). */
export function isTraceDat(path: string): boolean {
  try {
    return head(path, TRACE_MAGIC.length).equals(TRACE_MAGIC)
  } catch {
    return false
  }
}

/** Checks a trace.dat argument before it is opened: a readable regular file that starts with the magic bytes. */
export function traceInput(path: string): string {
  regularFile(path, 'trace file')
  if (!isTraceDat(path))
    throw new CliError(
      ExitCode.INPUT,
      `${quoted(path)} is not a trace.dat file (it does not start with trace.dat's magic bytes)`,
    )
  return path
}

/** Reads a JSON spec file (or stdin for `-`), at most {@link MAX_SPEC_BYTES}. */
export async function readSpecText(path: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length
      if (size > MAX_SPEC_BYTES) throw new CliError(ExitCode.INPUT, `the spec on stdin is over ${MAX_SPEC_BYTES} bytes`)
      chunks.push(chunk as Buffer)
    }
    return Buffer.concat(chunks).toString('utf8')
  }
  const st = regularFile(path, 'spec')
  if (st.size > MAX_SPEC_BYTES)
    throw new CliError(
      ExitCode.INPUT,
      `spec ${quoted(path)} is ${st.size} bytes, over the ${MAX_SPEC_BYTES}-byte limit`,
    )
  const b = head(path, MAX_SPEC_BYTES + 1)
  if (b.length > MAX_SPEC_BYTES)
    throw new CliError(ExitCode.INPUT, `spec ${quoted(path)} is over the ${MAX_SPEC_BYTES}-byte limit`)
  return b.toString('utf8')
}

/** Checks that a file can be written at `path`: its folder exists and `path` is not a folder. */
export function outputFile(path: string, option: string): string {
  const folder = dirname(resolve(path))
  let st: Stats | undefined
  try {
    st = statSync(folder)
  } catch {
    throw new CliError(ExitCode.INPUT, `${option} ${quoted(path)}: the folder ${quoted(folder)} does not exist`)
  }
  if (!st.isDirectory())
    throw new CliError(ExitCode.INPUT, `${option} ${quoted(path)}: ${quoted(folder)} is not a folder`)
  try {
    if (statSync(path).isDirectory()) throw new CliError(ExitCode.INPUT, `${option} ${quoted(path)} is a folder`)
  } catch (error) {
    if (error instanceof CliError) throw error
  }
  return path
}

/** Checks a folder to write into: it is a folder when it exists, else its parent folder exists. */
export function outputFolder(path: string, option: string): string {
  const st = statSync(path, { throwIfNoEntry: false })
  if (st !== undefined) {
    if (!st.isDirectory()) throw new CliError(ExitCode.INPUT, `${option} ${quoted(path)} is not a folder`)
    return path
  }
  const parent = dirname(resolve(path))
  if (!statSync(parent, { throwIfNoEntry: false })?.isDirectory())
    throw new CliError(ExitCode.INPUT, `${option} ${quoted(path)}: the folder ${quoted(parent)} does not exist`)
  return path
}

/** Checks a `--tracing-dir` before anything is read or written there. */
export function tracingDir(path: string): string {
  let st: Stats
  try {
    st = statSync(path)
  } catch {
    throw new CliError(ExitCode.KERNEL, `--tracing-dir ${quoted(path)} does not exist`)
  }
  if (!st.isDirectory()) throw new CliError(ExitCode.KERNEL, `--tracing-dir ${quoted(path)} is not a folder`)
  try {
    if (!statSync(`${path}/events`).isDirectory()) throw new Error('not a folder')
  } catch {
    throw new CliError(
      ExitCode.KERNEL,
      `--tracing-dir ${quoted(path)} is not a tracefs mount (it has no events folder)`,
    )
  }
  return path
}

/** Reads and parses a JSON spec (at most {@link MAX_SPEC_BYTES}, a regular file or stdin). */
export async function readSpec(path: string): Promise<unknown> {
  const text = await readSpecText(path)
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CliError(ExitCode.INPUT, `${quoted(path)} is not JSON: ${(error as Error).message}`)
  }
}
