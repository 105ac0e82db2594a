import type { Field } from '../../schema/field-types.js'

/**
 * An event in scope of a builder: its system, name and field map, and `Stack`:
 * `'common_stacktrace'` when the kernel has the stack as a value (never when not).
 */
export interface EventRef<
  Sys extends string = string,
  Evt extends string = string,
  Fields extends object = object,
  Stack extends string = string,
> {
  readonly system: Sys
  readonly event: Evt
  readonly fields: Fields
  readonly stack: Stack
}

/** `common_timestamp` and `common_timestamp.usecs`: u64 pseudo-fields of every event. */
export type TimestampField = Field<'u64', 8, false, '', bigint>

/** `common_stacktrace`, as libtracefs describes it. */
export type StackField = Field<'unsigned long[]', 4, false, 'array|dynamic', bigint[]>

/** Pseudo-fields every event has for libtracefs (`TRACEFS_TIMESTAMP`, `..._USECS`, `..._STACKTRACE`; the stack where the kernel has it). */
export interface SpecialFields {
  readonly common_timestamp: TimestampField
  readonly 'common_timestamp.usecs': TimestampField
  readonly common_stacktrace: StackField
}

/** The time stamp pseudo-fields. */
export type TimestampName = 'common_timestamp' | 'common_timestamp.usecs'

/** Field names usable on an event: its own and the pseudo-fields (the stack where the kernel has it). */
export type FieldName<E extends EventRef> = (keyof E['fields'] & string) | TimestampName | E['stack']

/** Field names a match takes (what completions offer at `.match('`): no time stamps. */
export type KeyName<E extends EventRef> = (keyof E['fields'] & string) | E['stack']

/**
 * The field type of a name on an event (pseudo-fields included). The field is
 * found by inference (`{ [K in F]: infer T }`), not by narrowing `F` to
 * `keyof` the fields: while `F` is still a type parameter, narrowing would
 * give the compiler `F & 'a' | F & 'b' | ...`, one intersection per field of
 * the event, for every signature that mentions the field's type.
 */
export type FieldOf<E extends EventRef, F> = F extends TimestampName
  ? TimestampField
  : E['fields'] extends { readonly [K in F & string]: infer T extends Field }
    ? T
    : F extends E['stack']
      ? StackField
      : string extends keyof E['fields']
        ? Field
        : never

/** The event `system`/`event` of kernel `K`, with the stack name `Stack` (never: the kernel has none). */
export type EventAt<K, S extends keyof K, E extends keyof K[S], Stack extends string> = EventRef<
  S & string,
  E & string,
  K[S][E] & object,
  Stack
>

/** The event a name alone refers to: the lowest-ID event of that name (the index generated modules carry). */
export type EventNamed<K, ES, E extends keyof ES, Stack extends string> = ES[E] extends keyof K
  ? E extends keyof K[ES[E]]
    ? EventAt<K, ES[E], E, Stack>
    : never
  : never
