import { TypedFtraceError } from '../errors.js'

/** A trace.dat file that does not read as one: names the section and the file offset. */
export class TraceDatError extends TypedFtraceError {
  /** The part of the file being read: `header`, `options`, `section 18 (event formats)`, `cpu 1 data`, ... */
  readonly section: string
  /** File offset where reading failed. */
  readonly offset: number

  constructor(section: string, offset: number, message: string, options?: ErrorOptions) {
    super('ETRACEDAT', `${section} at offset ${offset}: ${message}`, options)
    this.section = section
    this.offset = offset
  }
}
