import type { LatencyHistogram } from './latency-histogram.js'

/** Options of {@link latencyBars}. */
export interface BarsOptions {
  /** The longest bar's width in characters; default 40. */
  readonly width?: number
  /** Draw with `*` instead of Unicode blocks (for terminals without them). */
  readonly ascii?: boolean
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉']

/**
 * A latency histogram for the terminal: one line per bucket with its range,
 * its count and a bar scaled to the largest count (eighths of a cell in
 * Unicode; `*` in ASCII), as bcc's and bpftrace's latency tools print them.
 *
 * @example
 * import { EvalRecord, latencyBars, latencyHistogram } from 'typed-ftrace'
 *
 * declare const records: EvalRecord[]
 * console.log(latencyBars(latencyHistogram(records, 'delta')))
 * //      delta (usecs)  : count  distribution
 * //       65 -> 128     : 4      |████▏                                   |
 */
export function latencyBars(h: LatencyHistogram, options: BarsOptions = {}): string {
  const width = options.width ?? 40
  const max = Math.max(1, ...h.buckets.map((b) => b.count))
  const ranges = h.buckets.map((b) => `${b.low} -> ${b.high}`)
  const rangeWidth = Math.max(`${h.field} (${h.unit})`.length, ...ranges.map((r) => r.length))
  const countWidth = Math.max(5, ...h.buckets.map((b) => String(b.count).length))
  const bar = (count: number) => {
    const eighths = Math.round((count / max) * width * 8)
    const text = options.ascii
      ? '*'.repeat(Math.round(eighths / 8))
      : '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!
    return text + ' '.repeat(width - [...text].length)
  }
  const head = `${`${h.field} (${h.unit})`.padStart(rangeWidth)} : ${'count'.padEnd(countWidth)}  distribution`
  const lines = h.buckets.map(
    (b, i) => `${ranges[i]!.padStart(rangeWidth)} : ${String(b.count).padEnd(countWidth)}  |${bar(b.count)}|`,
  )
  return `${[head, ...lines].join('\n')}\n${h.total} records${h.scale === 'log2' ? ', buckets in powers of two' : ''}\n`
}
