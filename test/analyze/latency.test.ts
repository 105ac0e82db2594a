import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { latencyBars, latencyHistogram, latencySvg } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'

const rec = (delta: number) => ({ fields: { delta, comm: 'x' } })

// The synthetic wakeup_hist records recorded in the 6.1 kernel (see hist-kernel.test.ts):
// the kernel's own log2 histogram of them is in synthetic.wakeup_hist.hist.
const revive = (_: string, v: unknown) => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)
const kernelRecords = readFileSync(join(ROOT, 'test/fixtures/kernel-6.1/hist/records.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => JSON.parse(l, revive) as { system: string; fields: { delta: bigint; comm: string } })
  .filter((r) => r.system === 'synthetic')

describe('latency histograms', () => {
  it('buckets as the kernel does, empty buckets between included', () => {
    const h = latencyHistogram(kernelRecords, 'delta', { filter: 'comm == "sleep"' })
    // synthetic.wakeup_hist.hist: 2^7: 4, 2^8: 23, 2^9: 10, 2^10: 2, 2^13: 1
    expect(h.buckets.map((b) => [b.low, b.high, b.count])).toEqual([
      [65n, 128n, 4],
      [129n, 256n, 23],
      [257n, 512n, 10],
      [513n, 1024n, 2],
      [1025n, 2048n, 0],
      [2049n, 4096n, 0],
      [4097n, 8192n, 1],
    ])
    expect(h.total).toBe(40)
    const linear = latencyHistogram([rec(0), rec(25), rec(9)], 'delta', { buckets: 10 })
    expect(linear.buckets.map((b) => [b.low, b.high, b.count])).toEqual([
      [0n, 9n, 2],
      [10n, 19n, 0],
      [20n, 29n, 1],
    ])
    expect(latencyHistogram([rec(0), rec(1), rec(2)], 'delta').buckets[0]).toEqual({ low: 0n, high: 1n, count: 2 })
    expect(latencyHistogram([], 'delta').buckets).toEqual([])
  })

  it('bars for the terminal, scaled to the largest count', () => {
    const text = latencyBars(latencyHistogram(kernelRecords, 'delta', { filter: 'comm == "sleep"' }), { width: 23 })
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toBe('delta (usecs) : count  distribution')
    expect(lines[2]).toBe(`   129 -> 256 : 23     |${'█'.repeat(23)}|`)
    // 4/23 of 23 cells is 4 cells exactly
    expect(lines[1]).toBe(`    65 -> 128 : 4      |${'█'.repeat(4)}${' '.repeat(19)}|`)
    // 10/23 of 23 cells: 10 cells; 1/23: one cell; 0: none
    expect(lines[3]).toBe(`   257 -> 512 : 10     |${'█'.repeat(10)}${' '.repeat(13)}|`)
    expect(lines[5]).toBe(` 1025 -> 2048 : 0      |${' '.repeat(23)}|`)
    for (const line of lines.slice(1, -1)) expect([...line.slice(line.indexOf('|'))].length).toBe(25)
    expect(lines.at(-1)).toBe('40 records, buckets in powers of two')
    expect(latencyBars(latencyHistogram([rec(1), rec(2), rec(2)], 'delta'), { width: 4, ascii: true })).toContain(
      ' : 2      |****|',
    )
  })

  it('an SVG document: well-formed, one bar per bucket with heights in proportion to the counts', () => {
    const h = latencyHistogram(kernelRecords, 'delta', { filter: 'comm == "sleep"' })
    const svg = latencySvg(h, { title: 'wakeup <latency> & more' })
    expect(XMLValidator.validate(svg)).toBe(true)
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg) as {
      svg: { title: string; rect: { class?: string; height: string; title?: string }[] }
    }
    expect(doc.svg.title).toBe('wakeup <latency> & more')
    const bars = doc.svg.rect.filter((r) => r.class === 'bar')
    expect(bars.map((b) => b.title)).toEqual(h.buckets.map((b) => `${b.low}-${b.high} usecs: ${b.count}`))
    const heights = bars.map((b) => Number(b.height))
    const ratio = heights[1]! / 23
    heights.forEach((height, i) => expect(height).toBeCloseTo(h.buckets[i]!.count * ratio, 0))
    expect(XMLValidator.validate(latencySvg(latencyHistogram([], 'delta')))).toBe(true)
  })
})
