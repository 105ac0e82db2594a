import type { FilterState } from '../filter/filter-state.js'
import type { ValueKind } from '../schema/format-types.js'

/** A key or value of a hist, as written and as it resolved on the event. */
export interface HistFieldRef {
  /** As the trigger writes it: `next_pid`, `delta.log2`, `bytes_req.buckets=32`, `hitcount.percent`. */
  readonly spec: string
  /** The field: `delta`, `common_pid`, `hitcount`. */
  readonly name: string
  /** The modifier after the dot (`log2`, `buckets`, `hex`, ...), if any. */
  readonly modifier: string | undefined
  /** For `.buckets=N`: N; else 0. */
  readonly buckets: number
  /** What the field's value is in a record (`number`, `bigint`, `string`, ...). */
  readonly value: ValueKind
  readonly signed: boolean
  /** The field's size in bytes. */
  readonly size: number
}

/**
 * A hist trigger on one event, as plain immutable data: what
 * `hist('sched', 'sched_switch').keys(...)...` built, and what compile turns
 * into the trigger text libtracefs' `tracefs_hist_*` calls write.
 */
export interface HistDefinition {
  readonly system: string
  readonly event: string
  /** The keys, in order (one to three). */
  readonly keys: readonly HistFieldRef[]
  /** The values (sums), in order; `hitcount` is always counted and listed only when named. */
  readonly values: readonly HistFieldRef[]
  /** Sort fields with their direction as written: `hitcount.descending`, `next_pid`. */
  readonly sort: readonly string[]
  /** The table size (`size=`), when set. */
  readonly size: number | undefined
  /** The hist's name (`name=`): named hists share one table. */
  readonly name: string | undefined
  /** The filter, built by libtracefs' state machine. */
  readonly filter: FilterState
}

/** A frozen definition (lists frozen too). */
export function histDefinition(def: HistDefinition): HistDefinition {
  return Object.freeze({
    ...def,
    keys: Object.freeze(def.keys.map((k) => Object.freeze({ ...k }))),
    values: Object.freeze(def.values.map((v) => Object.freeze({ ...v }))),
    sort: Object.freeze([...def.sort]),
  })
}
