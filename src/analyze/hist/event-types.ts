// Type-level rules of the event form of hist(): the record an event's fields
// make, and the keys and values a kernel allows on it.
import type { Field } from '../../schema/field-types.js'
import type { HistKey, HistValue, NumericField } from './types.js'

/** The records of one event as hist() types them: its fields' decoded values. */
export interface EventRecordOf<Fields> {
  readonly fields: { readonly [F in keyof Fields]: Fields[F] extends Field ? Fields[F]['value'] : unknown }
}

/** A key of a live hist: any offline key, and `.syscall` on a numeric field (a syscall number printed by name). */
export type LiveHistKey<R> = HistKey<R> | `${NumericField<R>}.syscall`

type Has<C, M extends string> = C extends { readonly modifiers: { readonly [K in M]: true } } ? true : false

/**
 * A value of a live hist: `hitcount`, a numeric field or `field.hex`; with
 * `.percent` and `.graph` (on `hitcount` or a numeric field) only when the
 * kernel's capabilities show them.
 */
export type LiveHistValue<R, C> =
  | HistValue<R>
  | (Has<C, 'percent'> extends true ? `${NumericField<R> | 'hitcount'}.percent` : never)
  | (Has<C, 'graph'> extends true ? `${NumericField<R> | 'hitcount'}.graph` : never)

/** The values that are sums in a row: not `hitcount`, not the display-only `.percent` and `.graph`. */
export type SumValues<V extends string> = Exclude<V, 'hitcount' | `${string}.percent` | `${string}.graph`>
