import { SynthError } from './synth-error.js'

/** The kernel's rule for synthetic event and field names (`is_good_name`). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Names of systems and events as they appear in tracefs paths. */
const EVENT_NAME = /^[\w.+-]+$/

export function isIdentifier(name: unknown): name is string {
  return typeof name === 'string' && IDENTIFIER.test(name)
}

/** Throws EINVAL unless `name` is a valid synthetic event or field name. `what` says which. */
export function checkIdentifier(name: unknown, what: string): asserts name is string {
  if (isIdentifier(name)) return
  const shown =
    typeof name === 'string'
      ? `'${name.replace(/[\u0000-\u001f\u007f']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`
      : String(name)
  throw new SynthError(
    'EINVAL',
    `${what} ${shown} is not a valid name: use letters, digits and '_', not starting with a digit`,
  )
}

/** Throws EINVAL when a system or event name could not be used in a tracefs path or trigger. */
export function checkEventName(name: string, what: string): void {
  if (EVENT_NAME.test(name) && name !== '.' && name !== '..') return
  throw new SynthError('EINVAL', `${what} '${name}' cannot be used in a tracefs path`)
}
