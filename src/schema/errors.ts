import { TypedFtraceError } from '../errors.js'

/** A `format`, `header_page` or `header_event` file that does not read as one. */
export class FormatParseError extends TypedFtraceError {
  readonly file: string
  /** 1-based line number of the offending line (0 when the file as a whole is at fault). */
  readonly line: number
  readonly expected: string

  constructor(file: string, line: number, expected: string, found?: string) {
    const where = line > 0 ? `${file}:${line}` : file
    const got =
      found === undefined ? '' : `, found ${JSON.stringify(found.length > 80 ? `${found.slice(0, 77)}...` : found)}`
    super('EFORMAT', `${where}: expected ${expected}${got}`)
    this.file = file
    this.line = line
    this.expected = expected
  }
}

/** Loading a schema found files it could not parse; every one is listed. */
export class SchemaLoadError extends TypedFtraceError {
  readonly errors: readonly FormatParseError[]

  constructor(source: string, errors: readonly FormatParseError[]) {
    super(
      'EFORMAT',
      `${errors.length} malformed format file(s) in ${source}:\n${errors.map((e) => `  ${e.message}`).join('\n')}`,
    )
    this.errors = errors
  }
}

/** No tracefs to read, or not allowed to mount one. */
export class TracefsNotFoundError extends TypedFtraceError {}

/** An event or field that the schema does not have. */
export class UnknownEventError extends TypedFtraceError {
  constructor(message: string) {
    super('ENODEV', message)
  }
}
