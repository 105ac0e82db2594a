import { TypedFtraceError } from '../errors.js'

/**
 * A filter token or expression that libtracefs' filter builder would refuse.
 * `code` is the errno it sets: `EINVAL` (a token out of place, an operator
 * the field's type does not allow, a missing field or value, an unsafe
 * value) or `ENODEV` (no such field). `field` names the field at fault when
 * one is (filter text checked against an event's format sets it).
 */
export class FilterError extends TypedFtraceError {
  readonly field: string | undefined

  constructor(code: string, message: string, field?: string) {
    super(code, message)
    this.field = field
  }
}
