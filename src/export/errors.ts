import { TypedFtraceError } from '../errors.js'

/**
 * An export that stopped on a file that does not decode: names the file and,
 * when the reader said where, the offset. The tables were ended at the last
 * record read before it, each a complete file.
 */
export class ExportError extends TypedFtraceError {
  /** The file (a peer session: its files, joined with ` + `). */
  readonly file: string
  /** File offset where decoding failed (undefined when the reader did not say). */
  readonly offset: number | undefined
  /** Records written before it. */
  readonly records: number

  constructor(
    code: string,
    file: string,
    offset: number | undefined,
    records: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options)
    this.file = file
    this.offset = offset
    this.records = records
  }

  /** Wraps the reader's error with the file it came from. */
  static from(error: TypedFtraceError, files: readonly string[], records: number): ExportError {
    const offset = (error as { offset?: unknown }).offset
    const file = files.join(' + ')
    return new ExportError(
      error.code,
      file,
      typeof offset === 'number' ? offset : undefined,
      records,
      `${file}: ${error.message} (the tables hold the ${records} records read before it, each file complete)`,
      { cause: error },
    )
  }
}
