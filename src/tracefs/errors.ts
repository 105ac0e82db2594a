import { TypedFtraceError } from '../errors.js'
import type { ErrorLogEntry } from './error-log.js'

/** A tracefs write or read the kernel refused. */
export class TracefsError extends TypedFtraceError {
  /** The file, relative to the tracing directory. */
  readonly file: string
  /** What was written (undefined for reads). */
  readonly text: string | undefined
  /** The kernel's `error_log` entries for this write, oldest first (often one; some errors log two). */
  readonly errorLog: readonly ErrorLogEntry[]

  constructor(
    code: string,
    file: string,
    text: string | undefined,
    errorLog: readonly ErrorLogEntry[],
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options)
    this.file = file
    this.text = text
    this.errorLog = errorLog
  }

  /** The kernel's last complaint, if it logged one. */
  get kernelMessage(): string | undefined {
    return this.errorLog.at(-1)?.message
  }
}

/** The kernel lacks a feature the operation needs; nothing was written. */
export class TracefsUnsupportedError extends TypedFtraceError {
  /** Kernel options that would provide it, e.g. `CONFIG_HIST_TRIGGERS`. */
  readonly missing: readonly string[]

  constructor(missing: readonly string[], message: string) {
    super('ENOTSUP', message)
    this.missing = missing
  }
}
