// Type-level rules of hist(): which names a record type allows as keys,
// values and sort fields, and the shape of the rows.
import type { FieldsOf } from '../../schema/field-types.js'

/** Pseudo-fields every record has (its time, task and CPU), as the kernel names them. */
export type PseudoField = 'common_timestamp' | 'common_pid' | 'common_cpu'

type Names<R> = keyof FieldsOf<R> & string

/** Whether the records' fields are untyped (`Record<string, unknown>`, `object`): then any name goes. */
type Untyped<R> = string extends Names<R> ? true : [Names<R>] extends [never] ? true : false

/** A field of the records, or a pseudo-field. */
export type HistField<R> = Untyped<R> extends true ? string : Names<R> | PseudoField

/** A field holding numbers (the ones `.log2`, `.buckets`, `.hex` and sums apply to). */
export type NumericField<R> =
  Untyped<R> extends true
    ? string
    : { [K in Names<R>]: FieldsOf<R>[K] extends number | bigint | undefined ? K : never }[Names<R>] | PseudoField

/** Key modifiers of numeric fields, as the kernel writes them after a dot. */
export type NumericKeyModifier = 'hex' | 'sym' | 'sym-offset' | 'log2' | `buckets=${number}`

/**
 * A histogram key: a field, optionally with a modifier: `pid`,
 * `delta.log2`, `delta.buckets=100`, `call_site.sym`, `flags.hex`,
 * `common_pid.execname`, `common_timestamp.usecs`.
 */
export type HistKey<R> =
  HistField<R> | `${NumericField<R>}.${NumericKeyModifier}` | 'common_pid.execname' | 'common_timestamp.usecs'

/** A histogram value (a sum): a numeric field, optionally `.hex`; `hitcount` is always there. */
export type HistValue<R> = 'hitcount' | NumericField<R> | `${NumericField<R>}.hex`

/** The field a key or value names (`delta.log2` -> `delta`). */
export type BaseName<S extends string> = S extends `${infer F}.${string}` ? F : S

/** A sort field: `hitcount`, a key or a value, as written in keys()/values() or bare; optionally `.ascending`/`.descending`. */
export type HistSort<K extends string, V extends string> =
  SortName<K, V> | `${SortName<K, V>}.${'ascending' | 'descending'}`
type SortName<K extends string, V extends string> = 'hitcount' | K | V | BaseName<K> | BaseName<V>

type FieldType<R, N extends string> = N extends keyof FieldsOf<R>
  ? Exclude<FieldsOf<R>[N], undefined>
  : N extends 'common_timestamp'
    ? bigint
    : N extends PseudoField
      ? number
      : unknown

/** What a key holds in a row: `.log2` its power of two (the kernel's `~ 2^N`), `.buckets=N` the bucket's first value, `.usecs` microseconds; else the field's value. */
export type KeyValue<R, S extends string> = S extends `${string}.log2`
  ? number
  : S extends `${string}.usecs`
    ? bigint
    : FieldType<R, BaseName<S>>

/** The key part of a row: one property per key, named by its field. */
export type HistRowKey<R, K extends string> = { readonly [S in K as BaseName<S>]: KeyValue<R, S> }

/** The value part of a row: one sum per value, named by its field. */
export type HistRowValues<V extends string> = { readonly [S in Exclude<V, 'hitcount'> as BaseName<S>]: bigint }

/** One entry of a histogram. */
export interface HistRow<K = Record<string, unknown>, V = Record<string, bigint>> {
  readonly key: K
  /** How many records the entry counted. */
  readonly hitcount: number
  /** The sums of the values. */
  readonly values: V
}

/** A histogram computed: its entries in sort order and the kernel's totals. */
export interface HistResult<K = Record<string, unknown>, V = Record<string, bigint>> {
  readonly rows: readonly HistRow<K, V>[]
  /** Records counted (the kernel's `Hits:`). */
  readonly hits: number
  /** Entries (the kernel's `Entries:`). */
  readonly entries: number
  /** Records whose new key found the table full (the kernel's `Dropped:`). */
  readonly dropped: number
}
