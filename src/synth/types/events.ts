import type { Field } from '../../schema/field-types.js'

/** An event in scope of a builder: its system, name and field map. */
export interface EventRef<Sys extends string = string, Evt extends string = string, Fields extends object = object> {
  readonly system: Sys
  readonly event: Evt
  readonly fields: Fields
}

/** `common_timestamp` and `common_timestamp.usecs`: u64 pseudo-fields of every event. */
export type TimestampField = Field<'u64', 8, false, '', bigint>

/** Pseudo-fields every event has for libtracefs (`TRACEFS_TIMESTAMP`, `..._USECS`, `..._STACKTRACE`). */
export interface SpecialFields {
  readonly common_timestamp: TimestampField
  readonly 'common_timestamp.usecs': TimestampField
  readonly common_stacktrace: Field<'unsigned long[]', 4, false, 'array|dynamic', bigint[]>
}

/** Field names usable on an event: its own and the pseudo-fields. */
export type FieldName<E extends EventRef> = (keyof E['fields'] & string) | keyof SpecialFields

/** The field type of a name on an event (pseudo-fields included). */
export type FieldOf<E extends EventRef, F> = F extends keyof SpecialFields
  ? SpecialFields[F]
  : F extends keyof E['fields']
    ? E['fields'][F] extends Field
      ? E['fields'][F]
      : never
    : never

/** The event `system`/`event` of kernel `K`. */
export type EventAt<K, S extends keyof K, E extends keyof K[S]> = EventRef<S & string, E & string, K[S][E] & object>

/** The event a name alone refers to: the lowest-ID event of that name (the index generated modules carry). */
export type EventNamed<K, ES, E extends keyof ES> = ES[E] extends keyof K ? (E extends keyof K[ES[E]] ? EventAt<K, ES[E], E> : never) : never
