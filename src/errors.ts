/**
 * The one base class of every error this package throws.
 *
 * `code` is an errno name where the failure maps onto one (as libtracefs and the
 * kernel report it: `EINVAL`, `ENODEV`, `EBADE`, ...) or a short upper-case tag
 * of our own (`EFORMAT`, `ETRACEDAT`) where it does not, so callers can branch
 * on it without parsing messages.
 */
export class TypedFtraceError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}
