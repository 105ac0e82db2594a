import { FieldFlag } from '../schema/field-flags.js'
import type { EventFormat, FieldFormat, ValueKind } from '../schema/format-types.js'
import { findField } from '../schema/schema.js'

/** `common_timestamp`: the event's time stamp in the trace clock's units (ns), a u64 pseudo-field of every event. */
export const TIMESTAMP = 'common_timestamp'
/** `common_timestamp.usecs`: the time stamp in microseconds. */
export const TIMESTAMP_USECS = 'common_timestamp.usecs'
/** `common_stacktrace`: the kernel stack at the event (kernel 6.5 and later name it so). */
export const STACKTRACE = 'common_stacktrace'

function pseudo(name: string, cType: string, size: number, flags: number, value: ValueKind): FieldFormat {
  return Object.freeze({
    name,
    cType,
    declaration: `${cType} ${name}`,
    offset: 0,
    size,
    signed: (flags & FieldFlag.SIGNED) !== 0,
    arrayLength: undefined,
    dynamic: (flags & FieldFlag.DYNAMIC) !== 0 ? 'data_loc' : undefined,
    common: true,
    flags,
    value,
  })
}

/**
 * The pseudo-fields libtracefs knows on every event. Their names, types, sizes
 * and flags are libtracefs' own: they decide matching (EBADE), calculations
 * (EINVAL) and the synthetic field's type. `COMM` follows libtracefs' fix that
 * makes it a string (`char`, dynamic), and the stack trace is named
 * `stacktrace` as libtracefs names it.
 */
const SPECIAL: ReadonlyMap<string, FieldFormat> = new Map([
  [TIMESTAMP, pseudo(TIMESTAMP, 'u64', 8, 0, 'bigint')],
  [TIMESTAMP_USECS, pseudo(TIMESTAMP_USECS, 'u64', 8, 0, 'bigint')],
  [STACKTRACE, pseudo('stacktrace', 'unsigned long[]', 4, FieldFlag.ARRAY | FieldFlag.DYNAMIC, 'bigint[]')],
])

const COMM = pseudo('common_comm', 'char', 4, FieldFlag.ARRAY | FieldFlag.DYNAMIC | FieldFlag.STRING, 'string')

/** Is `name` one of the pseudo-fields every event has (`common_timestamp`, `.usecs`, `common_stacktrace`)? */
export function isSpecialField(name: string): boolean {
  return SPECIAL.has(name)
}

/**
 * Resolves a field name on an event the way libtracefs does: the time stamp
 * and stack trace pseudo-fields first, then the event's own and common
 * fields, and last `COMM`/`comm` as the task name when the event has no
 * field of that name. Undefined when none applies (libtracefs: ENODEV).
 */
export function resolveField(event: EventFormat, name: string): FieldFormat | undefined {
  const special = SPECIAL.get(name)
  if (special) return special
  const field = findField(event, name)
  if (field) return field
  if (name === 'COMM' || name === 'comm') return COMM
  return undefined
}

/** Every name {@link resolveField} accepts on `event`, for suggestions. */
export function fieldNames(event: EventFormat): string[] {
  return [...event.fields.map((f) => f.name), ...SPECIAL.keys()]
}
