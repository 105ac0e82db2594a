import { TypedFtraceError } from '../errors.js'
import { FilterError } from '../filter/filter-error.js'
import { PeerError } from '../peer/errors.js'
import { FormatParseError, SchemaLoadError, TracefsNotFoundError, UnknownEventError } from '../schema/errors.js'
import { SynthError } from '../definition/synth-error.js'
import { TraceDatError } from '../tracedat/errors.js'
import { TracefsError, TracefsUnsupportedError } from '../tracefs/errors.js'
import { RecordError, RecordOutputError } from '../tracefs/record/record.js'
import { ExportError } from '../export/errors.js'

/** The exit codes of `typed-ftrace`, as `--help` lists them. */
export const ExitCode = {
  OK: 0,
  /** The command ran and the answer is no: a stale `typegen --verify`, a guest that does not pair, no record matched. */
  NEGATIVE: 1,
  /** The command line is wrong: an unknown command or option, a bad value, a missing argument. */
  USAGE: 2,
  /** An input or output file cannot be used: missing, a folder, not a trace.dat, damaged, not JSON, too large. */
  INPUT: 3,
  /** The definition is refused: a spec, a field or a filter that does not check out against the formats. */
  DEFINITION: 4,
  /** The kernel or tracefs refused or is missing what is needed. */
  KERNEL: 5,
  /** A failure of typed-ftrace itself (run with --debug for the stack trace). */
  INTERNAL: 70,
} as const

/** The table printed by `--help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0   success
  1   the answer is no: typegen --verify found the file stale, a guest does not pair
      with its host (peers), no record matched (synth eval)
  2   the command line is wrong (unknown command or option, bad value, missing argument)
  3   an input or output file cannot be used (missing, a folder, not a trace.dat file,
      damaged, not JSON, too large, an output folder that does not exist)
  4   the definition is refused (spec, field, filter, kernel rule, an event to record
      that the kernel does not have)
  5   tracefs or the kernel refused or lacks what is needed
  70  an internal error (--debug prints the stack trace)
`

/** A failure the command line reports as one line with its exit code. */
export class CliError extends Error {
  readonly exitCode: number
  constructor(exitCode: number, message: string) {
    super(message)
    this.name = 'CliError'
    this.exitCode = exitCode
  }
}

/** A command-line mistake (exit code 2). */
export function usageError(message: string): CliError {
  return new CliError(ExitCode.USAGE, message)
}

/** The exit code for an error a command threw. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode
  if (error instanceof RecordOutputError) return ExitCode.INPUT
  // An export stops on a file that does not decode or an output it must not overwrite.
  if (error instanceof ExportError)
    return error.cause instanceof TypedFtraceError && !(error.cause instanceof TraceDatError)
      ? exitCodeOf(error.cause)
      : ExitCode.INPUT
  // Recording as a user, or a kernel that refuses a write: tracefs's side.
  if (error instanceof RecordError && ['EPERM', 'EACCES', 'EIO', 'EBUSY'].includes(error.code)) return ExitCode.KERNEL
  if (
    error instanceof TraceDatError ||
    error instanceof SchemaLoadError ||
    error instanceof FormatParseError ||
    error instanceof PeerError
  )
    return ExitCode.INPUT
  if (
    error instanceof TracefsError ||
    error instanceof TracefsUnsupportedError ||
    error instanceof TracefsNotFoundError
  )
    return ExitCode.KERNEL
  if (error instanceof SynthError || error instanceof FilterError || error instanceof UnknownEventError)
    return ExitCode.DEFINITION
  if (error instanceof TypedFtraceError) return ExitCode.DEFINITION
  if ((error as { code?: unknown })?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return ExitCode.USAGE
  if (
    typeof (error as { code?: unknown })?.code === 'string' &&
    String((error as { code: string }).code).startsWith('ERR_PARSE_ARGS')
  )
    return ExitCode.USAGE
  return ExitCode.INTERNAL
}

const MAX_LINE = 600

/**
 * Text from anywhere (a file's names, a spec, an error) made fit for one line
 * of a terminal: control characters, escape sequences and newlines shown as
 * `\n`, `\x1b`, ..., and cut to a few hundred characters.
 */
export function oneLine(text: string, max = MAX_LINE): string {
  let out = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n'
    if (c === '\t') return '\\t'
    if (c === '\r') return '\\r'
    const n = c.charCodeAt(0)
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`
  })
  if (out.length > max) out = `${out.slice(0, max)}... (${out.length - max} more characters)`
  return out
}

/** A name from input, quoted and made safe for a message: `'a\nb'`. */
export function quoted(text: string, max = 80): string {
  return `'${oneLine(text, max)}'`
}

/** The one line a failure prints (without the program prefix). */
export function failureText(error: unknown): string {
  if (error instanceof CliError) return oneLine(error.message)
  if (error instanceof TypedFtraceError) return oneLine(`${error.code}: ${error.message}`)
  if (exitCodeOf(error) === ExitCode.USAGE) return oneLine((error as Error).message)
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return oneLine(`internal error: ${message} (run with --debug for the stack trace)`)
}
