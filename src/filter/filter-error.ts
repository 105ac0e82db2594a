import { TypedFtraceError } from '../errors.js'

/**
 * A filter token or expression that libtracefs' filter builder would refuse.
 * `code` is the errno it sets: `EINVAL` (a token out of place, an operator
 * the field's type does not allow, a missing field or value, an unsafe
 * value) or `ENODEV` (no such field).
 */
export class FilterError extends TypedFtraceError {}
