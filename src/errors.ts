/** Most characters of an error message; what comes from input is cut to fit. */
export const MAX_MESSAGE_LENGTH = 4000
/** Most lines of an error message (a list of problems says how many more there are). */
export const MAX_MESSAGE_LINES = 40

/**
 * A message made safe to print: names and text from files and specs can hold
 * control characters and terminal escape sequences, which are shown escaped
 * (`\x1b`); tabs and the message's own line breaks stay. Long messages are
 * cut to {@link MAX_MESSAGE_LINES} lines and {@link MAX_MESSAGE_LENGTH} characters.
 */
export function boundedMessage(message: string): string {
  let text = message.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const n = c.charCodeAt(0)
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`
  })
  const lines = text.split('\n')
  if (lines.length > MAX_MESSAGE_LINES)
    text = `${lines.slice(0, MAX_MESSAGE_LINES).join('\n')}\n... (${lines.length - MAX_MESSAGE_LINES} more lines)`
  if (text.length > MAX_MESSAGE_LENGTH)
    text = `${text.slice(0, MAX_MESSAGE_LENGTH)}... (${text.length - MAX_MESSAGE_LENGTH} more characters)`
  return text
}

/**
 * The one base class of every error this package throws.
 *
 * `code` is an errno name where the failure maps onto one (as libtracefs and the
 * kernel report it: `EINVAL`, `ENODEV`, `EBADE`, ...) or a short upper-case tag
 * of our own (`EFORMAT`, `ETRACEDAT`) where it does not, so callers can branch
 * on it without parsing messages. The message is bounded (see {@link boundedMessage}).
 */
export class TypedFtraceError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(boundedMessage(message), options)
    this.name = new.target.name
    this.code = code
  }
}
