import { SynthError } from '../definition/synth-error.js'
import type { SynthErrno } from '../definition/synth-error.js'

/** Where in the SQL text something is: offset from 0, line and column from 1. */
export interface SqlPosition {
  readonly offset: number
  readonly line: number
  readonly column: number
}

/** The position of `offset` in `text`. */
export function positionOf(text: string, offset: number): SqlPosition {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++
      lineStart = i + 1
    }
  }
  return { offset, line, column: offset - lineStart + 1 }
}

/**
 * A statement `sql()` refuses: a syntax error, or a name or value that does
 * not fit the schema. A {@link SynthError} (same `code`s) that also names the
 * token and where it is: `position` (offset, line, column) and `token` (its
 * text, empty at the end of the text). The message ends with both:
 * `... at line 1, column 30 ('sched_wakin')`.
 *
 * @example
 * import { sql, schemaFromDir, SqlError } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing')
 * try {
 *   sql('lat', 'SELECT pid FROM sched_wakin', schema)
 * } catch (e) {
 *   if (e instanceof SqlError) console.log(e.position.line, e.position.column, e.token)
 * }
 */
export class SqlError extends SynthError {
  readonly position: SqlPosition
  readonly token: string
  /**
   * The line of the statement that holds the token and a caret under it, as
   * libtracefs' `sqlhist` shows an error:
   * ```
   * SELECT start.pid FROM sched_wakin AS start
   *                       ^
   * ```
   */
  readonly excerpt: string

  constructor(code: SynthErrno, message: string, text: string, offset: number, token: string, cause?: unknown) {
    const position = positionOf(text, offset)
    const where = token === '' ? 'at the end of the statement' : `at line ${position.line}, column ${position.column}`
    super(code, `${message} ${where}${token === '' ? '' : ` ('${token}')`}`, cause === undefined ? {} : { cause })
    this.position = position
    this.token = token
    const line = text.split('\n')[position.line - 1] ?? ''
    this.excerpt = `${line}\n${' '.repeat(position.column - 1)}^`
  }
}
