import { resolveField, STACKTRACE, TIMESTAMP, TIMESTAMP_USECS } from '../filter/special-fields.js'
import { findField, suggest } from '../schema/schema.js'
import type { EventFormat, FieldFormat } from '../schema/format-types.js'
import type { SqlName } from './ast.js'
import { END_EVENT_PREFIX, START_EVENT_PREFIX } from './parser.js'

/** The FROM or JOIN event as the statement names it. */
export interface SqlEventScope {
  readonly format: EventFormat
  /** The system as written, or the event's own when the item had none. */
  readonly system: string
  /** The event name as written. */
  readonly event: string
  readonly alias: string | undefined
  /** `__START_EVENT__` or `__END_EVENT__` (what TIMESTAMP_DELTA expands to). */
  readonly internal: string
}

/** A field reference of the statement, resolved: on which side, and the field name libtracefs passes on. */
export interface ResolvedField {
  readonly side: 'start' | 'end'
  /** `next_pid`, `common_timestamp.usecs`, `COMM`. */
  readonly field: string
  readonly scope: SqlEventScope
}

/** `TIMESTAMP` and friends after a prefix, as libtracefs renames them. */
const SPECIAL_NAMES: Readonly<Record<string, string>> = {
  TIMESTAMP,
  TIMESTAMP_USECS,
  STACKTRACE,
}

/**
 * The field part of `name` if it is prefixed by this scope: its alias first,
 * then the internal prefix, then `[system.]event.` (libtracefs' order).
 */
function stripPrefix(text: string, scope: SqlEventScope): string | undefined {
  const after = (prefix: string) => (text.startsWith(`${prefix}.`) ? text.slice(prefix.length + 1) : undefined)
  if (scope.alias !== undefined) {
    const rest = after(scope.alias)
    if (rest !== undefined) return rest
  }
  const internal = after(scope.internal)
  if (internal !== undefined) return internal
  const withoutSystem = after(scope.system) ?? text
  return withoutSystem.startsWith(`${scope.event}.`) ? withoutSystem.slice(scope.event.length + 1) : undefined
}

/**
 * Resolves a qualified field (`start.pid`, `sched_waking.pid`,
 * `sched.sched_waking.pid`, `end.TIMESTAMP_USECS`) to the FROM event (tried
 * first) or the JOIN event; undefined when no prefix fits.
 */
export function resolveQualified(
  name: SqlName,
  from: SqlEventScope,
  to: SqlEventScope | undefined,
): ResolvedField | undefined {
  for (const [scope, side] of [
    [from, 'start'],
    [to, 'end'],
  ] as const) {
    if (scope === undefined) continue
    const rest = stripPrefix(name.text, scope)
    if (rest !== undefined && rest !== '') return { side, field: SPECIAL_NAMES[rest] ?? rest, scope }
  }
  return undefined
}

/**
 * Whether libtracefs finds the field on its event (the part before a dot,
 * pseudo-fields included): the message of the error, or undefined.
 */
export function fieldProblem(resolved: ResolvedField): string | undefined {
  const { field, scope } = resolved
  if (field === TIMESTAMP || field === TIMESTAMP_USECS || field === STACKTRACE) return undefined
  const base = field.split('.')[0]!
  if (resolveField(scope.format, base) !== undefined) return undefined
  const names = scope.format.fields.map((f) => f.name)
  return `field '${field}' is not in ${scope.format.system}.${scope.format.name}${suggest(base, [...names, 'TIMESTAMP', 'TIMESTAMP_USECS', 'STACKTRACE', 'COMM'])}`
}

/** The event's own field (common fields included), not a pseudo-field: what a cast and a hist key need. */
export function realField(scope: SqlEventScope, field: string): FieldFormat | undefined {
  return findField(scope.format, field)
}

/** A scope for an event item. */
export function scopeOf(
  format: EventFormat,
  system: string | undefined,
  event: string,
  alias: string | undefined,
  side: 'start' | 'end',
): SqlEventScope {
  return {
    format,
    system: system ?? format.system,
    event,
    alias,
    internal: side === 'start' ? START_EVENT_PREFIX : END_EVENT_PREFIX,
  }
}
