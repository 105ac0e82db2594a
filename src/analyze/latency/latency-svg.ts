import type { LatencyHistogram } from './latency-histogram.js'

/** Options of {@link latencySvg}. */
export interface SvgOptions {
  /** The chart's title; default `<field> (<unit>)`. */
  readonly title?: string
  readonly width?: number
  readonly height?: number
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Round figures for the count axis: 1, 2, 5 times a power of ten, about five of them. */
function ticks(max: number): number[] {
  const raw = Math.max(1, max) / 5
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!
  const out: number[] = []
  for (let t = 0; t <= max; t += step) out.push(t)
  if (out.at(-1)! < max) out.push(out.at(-1)! + step)
  return out
}

/**
 * A latency histogram as a standalone SVG document: one bar per bucket
 * (a tooltip gives its range and count), the ranges under the bars, a count
 * axis with round ticks, and the title.
 *
 * @example
 * import { EvalRecord, latencyHistogram, latencySvg } from 'typed-ftrace'
 *
 * declare const records: EvalRecord[]
 * console.log(latencySvg(latencyHistogram(records, 'delta'), { title: 'wakeup latency' }))
 */
export function latencySvg(h: LatencyHistogram, options: SvgOptions = {}): string {
  const width = options.width ?? 720
  const height = options.height ?? 360
  const margin = { top: 36, right: 16, bottom: 84, left: 56 }
  const plotW = width - margin.left - margin.right
  const plotH = height - margin.top - margin.bottom
  const axis = ticks(Math.max(0, ...h.buckets.map((b) => b.count)))
  const top = axis.at(-1)! || 1
  const slot = plotW / Math.max(1, h.buckets.length)
  const y = (count: number) => margin.top + plotH - (count / top) * plotH
  const title = options.title ?? `${h.field} (${h.unit})`
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${escape(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escape(title)}</text>`,
  ]
  for (const t of axis) {
    const ty = y(t).toFixed(1)
    parts.push(`<line x1="${margin.left}" y1="${ty}" x2="${width - margin.right}" y2="${ty}" stroke="#ddd"/>`)
    parts.push(`<text x="${margin.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${t}</text>`)
  }
  h.buckets.forEach((b, i) => {
    const x = margin.left + i * slot
    const label = `${b.low}-${b.high}`
    parts.push(
      `<rect class="bar" x="${(x + slot * 0.1).toFixed(1)}" y="${y(b.count).toFixed(1)}" width="${(slot * 0.8).toFixed(1)}" height="${(margin.top + plotH - y(b.count)).toFixed(1)}" fill="#4a7ab5"><title>${escape(`${label} ${h.unit}: ${b.count}`)}</title></rect>`,
    )
    const lx = (x + slot / 2).toFixed(1)
    const ly = margin.top + plotH + 10
    parts.push(
      `<text x="${lx}" y="${ly}" text-anchor="end" transform="rotate(-45 ${lx} ${ly})">${escape(label)}</text>`,
    )
  })
  parts.push(
    `<line x1="${margin.left}" y1="${margin.top + plotH}" x2="${width - margin.right}" y2="${margin.top + plotH}" stroke="black"/>`,
  )
  parts.push(
    `<text x="14" y="${margin.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${margin.top + plotH / 2})">count</text>`,
  )
  parts.push(
    `<text x="${margin.left + plotW / 2}" y="${height - 8}" text-anchor="middle">${escape(`${h.unit}${h.scale === 'log2' ? ' (powers of two)' : ''}, ${h.total} records`)}</text>`,
  )
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}
