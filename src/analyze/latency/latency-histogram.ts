import { hist } from '../hist/hist.js'
import type { NumericField } from '../hist/types.js'
import type { FieldSource } from '../records.js'

/** One bar: the values from `low` to `high` (both included) and how many records fell there. */
export interface LatencyBucket {
  readonly low: bigint
  readonly high: bigint
  readonly count: number
}

/** A latency distribution, ready to draw. */
export interface LatencyHistogram {
  /** The field counted (`delta`). */
  readonly field: string
  /** Its unit, for labels (`usecs`). */
  readonly unit: string
  /** Powers of two (the kernel's `.log2`) or equal widths (`.buckets=N`). */
  readonly scale: 'log2' | 'linear'
  /** Every bucket from the lowest to the highest that holds a value, empty ones included. */
  readonly buckets: readonly LatencyBucket[]
  /** Records counted. */
  readonly total: number
}

/** Options of {@link latencyHistogram}. */
export interface LatencyOptions {
  /** Equal-width buckets of this width (the kernel's `.buckets=N`); default: powers of two (`.log2`). */
  readonly buckets?: number
  /** The values' unit, for labels; default `usecs`. */
  readonly unit?: string
  /** Counts only the records that pass this filter (the kernel's filter text). */
  readonly filter?: string
}

/**
 * The distribution of a latency field over records, bucketed as the kernel's
 * hist triggers bucket keys: by default in powers of two (a value v counts in
 * the bucket of the power of two it rounds up to: 65..128 is `~ 2^7`), or in
 * equal widths. Draw it with {@link latencyBars} or {@link latencySvg}.
 *
 * @example
 * import { TIMESTAMP_USECS, TraceFile, evaluateAll, latencyBars, latencyHistogram, synth } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const wakeupLat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta(TIMESTAMP_USECS)
 * declare const trace: TraceFile
 * const lat = evaluateAll(wakeupLat, trace.records())
 * console.log(latencyBars(latencyHistogram(lat, 'delta')))
 */
export function latencyHistogram<R extends FieldSource>(
  records: Iterable<R>,
  field: NumericField<R>,
  options: LatencyOptions = {},
): LatencyHistogram {
  const width = options.buckets
  const linear = width !== undefined
  const spec = linear ? `${field}.buckets=${width}` : `${field}.log2`
  let h = hist(records as Iterable<FieldSource>).keys(spec as string)
  if (options.filter !== undefined) h = h.filter(options.filter)
  const result = h.sort(field as string).result()
  const counts = new Map<bigint, number>()
  for (const row of result.rows) counts.set(BigInt(row.key[field as string] as number | bigint), row.hitcount)
  const buckets: LatencyBucket[] = []
  if (result.rows.length > 0) {
    const first = BigInt(result.rows[0]!.key[field as string] as number | bigint)
    const last = BigInt(result.rows.at(-1)!.key[field as string] as number | bigint)
    const step = linear ? BigInt(width) : 1n
    for (let b = first; b <= last; b += step) {
      const [low, high] = linear ? [b, b + step - 1n] : b === 0n ? [0n, 1n] : [(1n << (b - 1n)) + 1n, 1n << b]
      buckets.push({ low, high, count: counts.get(b) ?? 0 })
    }
  }
  return {
    field: field as string,
    unit: options.unit ?? 'usecs',
    scale: linear ? 'linear' : 'log2',
    buckets,
    total: result.hits,
  }
}
