import { TypedFtraceError } from '../errors.js'

/** A trace.dat file that does not read as one: names the section and the file offset. */
export class TraceDatError extends TypedFtraceError {
  /** The part of the file being read: `header`, `options`, `section 18 (event formats)`, `cpu 1 data`, ... */
  readonly section: string
  /** File offset where reading failed. */
  readonly offset: number

  constructor(section: string, offset: number, message: string, options?: ErrorOptions) {
    // One line: a newline from the file's names is shown as \n.
    super('ETRACEDAT', `${section} at offset ${offset}: ${message}`.replace(/\n/g, '\\n'), options)
    this.section = section
    this.offset = offset
  }
}
