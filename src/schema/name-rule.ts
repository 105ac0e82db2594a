/**
 * The one rule for every name that reaches a tracefs write: systems, events,
 * fields, synthetic events and their fields, variables and instances. It is
 * the kernel's own rule for synthetic event and field names (`is_good_name`:
 * a letter or `_`, then letters, digits and `_`), which every event and field
 * of the reference kernels follows. Nothing else can then end a trigger's
 * clause (`:`), start a handler (`onmax(`), add a filter (` if `), reach
 * another file (`/`, `..`) or leave a shell quote.
 */
export const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Longest name accepted (the kernel's `MAX_EVENT_NAME_LEN` is 64; instance folders are named by users). */
export const MAX_NAME_LENGTH = 255

/** Whether `name` follows {@link NAME_RULE}. */
export function isTracefsName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= MAX_NAME_LENGTH && NAME_RULE.test(name)
}

/** A name from input, quoted for a message: control characters escaped, cut to 60 characters. */
export function quoteName(name: unknown): string {
  if (typeof name !== 'string') return String(name)
  const cut = name.length > 60 ? `${name.slice(0, 60)}...` : name
  return `'${cut.replace(/[\u0000-\u001f\u007f-\u009f'\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`
}

/**
 * Why `name` cannot be used as a `what` (`field`, `system`, `instance`, ...),
 * or undefined when it can. Each room throws its own error with this text.
 */
export function nameProblem(name: unknown, what: string): string | undefined {
  if (isTracefsName(name)) return undefined
  return `${what} ${quoteName(name)} is not a valid name: use letters, digits and '_', not starting with a digit${typeof name === 'string' && name.length > MAX_NAME_LENGTH ? ` (at most ${MAX_NAME_LENGTH} characters)` : ''}`
}
