import { TypedFtraceError } from '../../errors.js'
import { filterTokens } from '../../filter/filter-text.js'
import { compileFilter } from '../kernel-filter.js'
import type { FieldSource } from '../records.js'
import { collect } from './collect.js'
import type { Entry, Table } from './collect.js'
import { parseHistField } from './hist-field.js'
import type { HistFieldSpec } from './hist-field.js'
import { kernelText } from './kernel-text.js'
import { eventHist } from './event-hist.js'
import type { EventHist } from './event-hist.js'
import type { EventRecordOf } from './event-types.js'
import type { RegisteredCapabilities, RegisteredKernel } from '../../schema/field-types.js'
import type { Schema } from '../../schema/schema.js'
import { requireRegisteredSchema } from '../../schema/registry.js'
import type { EventAt } from '../../synth/types/events.js'
import type { STACKTRACE } from '../../filter/special-fields.js'
import type { HistLayout, HistTextOptions } from './kernel-text.js'
import { sortEntries, sortKeys } from './sort-entries.js'
import type { HistKey, HistResult, HistRow, HistRowKey, HistRowValues, HistSort, HistValue } from './types.js'

/**
 * A histogram over records, built like a hist trigger: keys, values, sort
 * fields, a filter, a table size. Immutable: each call returns a new one.
 * Nothing is counted until {@link Hist.result}, {@link Hist.rows} or
 * {@link Hist.text} runs, each a pass over the records.
 */
export interface Hist<R, K extends string = never, V extends string = never> {
  /**
   * The keys (up to three, as the kernel allows): fields of the records,
   * optionally with a modifier: `.log2` (powers of two: a value v counts in
   * `~ 2^N`, the power of two it rounds up to), `.buckets=N` (v rounded down
   * to a multiple of N), `.hex`, `.sym`, `.sym-offset`; `common_pid.execname`,
   * `common_timestamp.usecs`. A field the records do not have is a compile error.
   *
   * @example
   * import { EvalRecord, hist } from 'typed-ftrace'
   *
   * declare const records: EvalRecord[]
   * hist(records).keys('delta.log2')
   * hist(records).keys('pid.buckets=10', 'target_cpu')
   */
  keys<const KS extends readonly [HistKey<R>, ...HistKey<R>[]]>(...keys: KS): Hist<R, KS[number], V>
  /**
   * The values summed per entry: numeric fields (`.hex` prints the sum in
   * hex). `hitcount` is always counted; naming it changes nothing.
   *
   * @example
   * import { EvalRecord, hist } from 'typed-ftrace'
   *
   * declare const records: EvalRecord[]
   * hist(records).keys('next_comm').values('next_prio')
   */
  values<const VS extends readonly HistValue<R>[]>(...values: VS): Hist<R, K, V | Exclude<VS[number], 'hitcount'>>
  /**
   * The sort fields (at most two): `hitcount`, a key or a value, with
   * `.descending` for the largest first. The default is `hitcount`, ascending.
   *
   * @example
   * import { EvalRecord, hist } from 'typed-ftrace'
   *
   * declare const records: EvalRecord[]
   * hist(records).keys('prev_pid').sort('hitcount.descending')
   */
  sort(...fields: [HistSort<K, V>] | [HistSort<K, V>, HistSort<K, V>]): Hist<R, K, V>
  /**
   * Counts only the records that pass a filter, written as the kernel reads
   * it (`comm == "sleep" && prio < 100`; `~` globs on strings, `&` tests bits).
   */
  filter(text: string): Hist<R, K, V>
  /** The table's size: the kernel's `size=` (a power of two from 128 to 131072; default 2048). Records of new keys beyond it are dropped. */
  size(entries: number): Hist<R, K, V>
  /** The entries, sorted, with the totals (`Hits:`, `Entries:`, `Dropped:`). */
  result(): HistResult<HistRowKey<R, K>, HistRowValues<V>>
  /** The entries, sorted. */
  rows(): HistRow<HistRowKey<R, K>, HistRowValues<V>>[]
  /**
   * The histogram as the kernel's `hist` file prints it, header, entries and
   * totals, byte for byte.
   *
   * @example
   * import { EvalRecord, hist } from 'typed-ftrace'
   *
   * declare const records: EvalRecord[]
   * console.log(hist(records).keys('delta.log2').sort('delta').text())
   * // # event histogram
   * // ...
   * // { delta: ~ 2^7  } hitcount:          4
   */
  text(options?: HistTextOptions): string
}

interface HistState {
  readonly records: Iterable<FieldSource>
  readonly keys: readonly HistFieldSpec[]
  readonly values: readonly HistFieldSpec[]
  readonly sort: readonly string[]
  readonly filter: string | undefined
  readonly size: number
}

/**
 * Starts a hist trigger on one event of the registered kernel: keys, values
 * and sort fields are checked against that event's fields at compile time.
 * The definition goes live with `tracefs().create(h)` (read back typed with
 * the handle's `read()`), prints as the trigger libtracefs writes with
 * `histTriggerText(h.definition)`, and counts offline with `h.over(records)`.
 *
 * @example
 * import { hist, histTriggerText } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const sw = hist('sched', 'sched_switch').keys('next_pid', 'prev_state').values('prev_prio').sort('hitcount.descending').size(4096).name('sw')
 * histTriggerText(sw.definition)
 * // hist:keys=next_pid,prev_state:vals=prev_prio:sort=hitcount.descending:size=4096:name=sw
 */
export function hist<
  const S extends keyof RegisteredKernel & string,
  const E extends keyof RegisteredKernel[S] & string,
>(
  system: S,
  event: E,
): EventHist<
  EventAt<RegisteredKernel, S, E, typeof STACKTRACE>,
  EventRecordOf<RegisteredKernel[S][E]>,
  RegisteredCapabilities
>
/**
 * Starts a histogram over records: any iterable of objects with `fields`
 * (a trace.dat's `records()`, `evaluateAll(...)`'s synthetic records, your
 * own). Key and value names are checked against the records' field types.
 *
 * @example
 * import { TIMESTAMP_USECS, TraceFile, evaluateAll, hist, synth } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const wakeupLat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta(TIMESTAMP_USECS)
 * declare const trace: TraceFile
 * const lat = evaluateAll(wakeupLat, trace.records())
 * const h = hist(lat).keys('delta.log2').sort('delta')
 * h.rows()   // [{ key: { delta: 7 }, hitcount: 4, values: {} }, ...]
 * h.text()   // the kernel's hist file text
 */
export function hist<R extends FieldSource>(records: Iterable<R>): Hist<R>
/** Both forms: a system name starts a hist trigger on that event, records start an offline histogram. */
export function hist(source: Iterable<FieldSource> | string, event?: string): unknown {
  if (typeof source === 'string') return eventHist(offlineHist, requireRegisteredSchema(), source, event as string)
  return offlineHist(source)
}

/**
 * `hist(system, event)` checked against an explicit schema at run time only
 * (JavaScript callers and JSON specs; the typed entry point is {@link hist}
 * with a registered kernel).
 */
export function histOf(schema: Schema, system: string, event: string): unknown {
  return eventHist(offlineHist, schema, system, event)
}

function offlineHist(records: Iterable<FieldSource>): HistImpl {
  return new HistImpl({ records, keys: [], values: [], sort: [], filter: undefined, size: 2048 })
}

class HistImpl {
  readonly #state: HistState
  constructor(state: HistState) {
    this.#state = state
  }

  keys(...keys: string[]): HistImpl {
    if (keys.length === 0 || keys.length > 3)
      throw new TypedFtraceError('EINVAL', `a histogram takes one to three keys (got ${keys.length})`)
    return new HistImpl({ ...this.#state, keys: keys.map((k) => parseHistField(k, 'key')) })
  }

  values(...values: string[]): HistImpl {
    const fields = values.filter((v) => v !== 'hitcount').map((v) => parseHistField(v, 'value'))
    return new HistImpl({ ...this.#state, values: [...this.#state.values, ...fields] })
  }

  sort(...fields: string[]): HistImpl {
    return new HistImpl({ ...this.#state, sort: fields })
  }

  filter(text: string): HistImpl {
    filterTokens(text)
    return new HistImpl({ ...this.#state, filter: text })
  }

  size(entries: number): HistImpl {
    if (!Number.isSafeInteger(entries) || entries < 1)
      throw new TypedFtraceError('EINVAL', `size=${entries}: a whole number of entries`)
    const rounded = 2 ** Math.ceil(Math.log2(entries))
    if (rounded < 128 || rounded > 131072)
      throw new TypedFtraceError('EINVAL', `size=${entries}: the kernel takes 128 to 131072 entries`)
    return new HistImpl({ ...this.#state, size: rounded })
  }

  result(): HistResult {
    const { table, sorted, layout } = this.#compute()
    return {
      rows: sorted.map((e) => toRow(e, layout)),
      hits: table.hits,
      entries: sorted.length,
      dropped: table.dropped,
    }
  }

  rows(): HistRow[] {
    return [...this.result().rows]
  }

  text(options: HistTextOptions = {}): string {
    const { table, sorted, layout } = this.#compute()
    return kernelText(table, sorted, layout, options)
  }

  #compute(): { table: Table; sorted: Entry[]; layout: HistLayout } {
    const s = this.#state
    if (s.keys.length === 0) throw new TypedFtraceError('EINVAL', 'a histogram needs keys: call keys(...) first')
    const sort = sortKeys(s.sort, s.keys, s.values)
    const filter = compileFilter(s.filter === undefined ? [] : filterTokens(s.filter))
    const table = collect(s.records, s.keys, s.values, filter, s.size)
    const layout: HistLayout = { keys: s.keys, values: s.values, sort, size: s.size, filter: s.filter }
    return { table, sorted: sortEntries(table.entries, sort), layout }
  }
}

function toRow(entry: Entry, layout: HistLayout): HistRow {
  const key: Record<string, unknown> = {}
  layout.keys.forEach((k, i) => (key[k.name] = entry.key[i]!.value))
  const values: Record<string, bigint> = {}
  layout.values.forEach((v, i) => (values[v.name] = entry.sums[i]!))
  return { key, hitcount: entry.hitcount, values }
}
