import { describe, expect, it } from 'vitest'
import { CpuStream } from '../../src/ring-buffer/cpu-stream.js'
import { pageEvents } from '../../src/ring-buffer/page.js'
import { PageCursor } from '../../src/ring-buffer/page-cursor.js'
import type { PageLayout } from '../../src/ring-buffer/page-layout.js'
import { pageRuns } from '../../src/ring-buffer/page-source.js'

type Item =
  | { data: number[]; delta: number } // a data event of these 32-bit words
  | { large: number[]; delta: number } // the same as a type_len 0 event
  | { pad: number; delta: number }
  | { extend: number; delta: number }
  | { absolute: bigint }

/** A ring-buffer page as the kernel writes it. */
function page(layout: PageLayout, ts: bigint, items: Item[], lost?: number | 'unknown'): Uint8Array {
  const buf = new Uint8Array(layout.pageSize)
  const view = new DataView(buf.buffer)
  const le = layout.littleEndian
  view.setBigUint64(0, ts, le)
  const header = 8 + layout.longSize
  let p = header
  const word = (typeLen: number, delta: number) =>
    view.setUint32(p, le ? (delta << 5) | typeLen : ((typeLen << 27) | delta) >>> 0, le)
  for (const item of items) {
    if ('data' in item) {
      word(item.data.length, item.delta)
      item.data.forEach((w, i) => view.setUint32(p + 4 + 4 * i, w, le))
      p += 4 + 4 * item.data.length
    } else if ('large' in item) {
      word(0, item.delta)
      view.setUint32(p + 4, 4 * item.large.length + 4, le)
      item.large.forEach((w, i) => view.setUint32(p + 8 + 4 * i, w, le))
      p += 8 + 4 * item.large.length
    } else if ('pad' in item) {
      word(29, item.delta)
      view.setUint32(p + 4, item.pad, le)
      p += 4 + item.pad
    } else if ('extend' in item) {
      word(30, item.delta)
      view.setUint32(p + 4, item.extend, le)
      p += 8
    } else {
      word(31, Number(item.absolute & 0x7ffffffn))
      view.setUint32(p + 4, Number((item.absolute >> 27n) & 0xffffffffn), le)
      p += 8
    }
  }
  let commit = p - header
  if (lost !== undefined) {
    commit |= 0x80000000
    if (lost !== 'unknown') {
      commit |= 0x40000000
      if (layout.longSize === 8) view.setBigUint64(p, BigInt(lost), le)
      else view.setUint32(p, lost, le)
    }
  }
  if (layout.longSize === 8) view.setBigUint64(8, BigInt(commit >>> 0), le)
  else view.setUint32(8, commit >>> 0, le)
  return buf
}

/** The events of a page, copied (the generator reuses its event object). */
const events = (data: Uint8Array, layout: PageLayout) => {
  const out = []
  for (const e of pageEvents(data, 0, layout)) out.push({ ...e })
  return out
}

describe('ring-buffer pages', () => {
  for (const layout of [
    { pageSize: 4096, longSize: 8, littleEndian: true },
    { pageSize: 4096, longSize: 4, littleEndian: true },
    { pageSize: 4096, longSize: 8, littleEndian: false },
    { pageSize: 8192, longSize: 4, littleEndian: false },
  ] as const) {
    const name = `${layout.littleEndian ? 'little' : 'big'}-endian, ${layout.longSize}-byte long, ${layout.pageSize}-byte pages`
    it(`${name}: deltas, large events, padding, time extends and absolute time stamps`, () => {
      const data = page(layout, 1_000_000n, [
        { data: [0x11], delta: 5 },
        { large: [1, 2, 3, 4, 5, 6, 7, 8], delta: 7 },
        { pad: 12, delta: 3 }, // a discarded event keeps its delta
        { extend: 2, delta: 1 },
        { data: [0x22, 0x33], delta: 0 },
        { absolute: 5_000_000_000n },
        { data: [0x44], delta: 9 },
      ])
      const got = events(data, layout)
      const h = 8 + layout.longSize
      expect(got).toEqual([
        { ts: 1_000_005n, offset: h + 4, size: 4, missed: 0 },
        { ts: 1_000_012n, offset: h + 16, size: 32, missed: 0 },
        { ts: 1_000_015n + 2n * 2n ** 27n + 1n, offset: h + 48 + 16 + 8 + 4, size: 8, missed: 0 },
        { ts: 5_000_000_009n, offset: h + 48 + 16 + 8 + 12 + 8 + 4, size: 4, missed: 0 },
      ])
      const view = new DataView(data.buffer)
      expect(view.getUint32(got[1]!.offset + 28, layout.littleEndian)).toBe(8)
    })

    it(`${name}: lost events are reported on the next data event (a count, or -1 without one)`, () => {
      const counted = page(
        layout,
        10n,
        [
          { data: [1], delta: 1 },
          { data: [2], delta: 1 },
        ],
        42,
      )
      expect(events(counted, layout).map((e) => e.missed)).toEqual([42, 0])
      const unknown = page(
        layout,
        10n,
        [
          { extend: 1, delta: 0 },
          { data: [1], delta: 1 },
        ],
        'unknown',
      )
      expect(events(unknown, layout).map((e) => e.missed)).toEqual([-1])
      // A page with no event of its own passes the loss on to the next page's first event.
      const stream = new CpuStream(
        0,
        layout,
        pageRuns([page(layout, 10n, [], 7), page(layout, 20n, [{ data: [1], delta: 1 }])]),
      )
      expect(stream.advance()).toBe(true)
      expect([stream.rel, stream.missed]).toEqual([21, 7])
      expect(stream.advance()).toBe(false)
    })
  }

  it('a cursor keeps time stamps relative to its base, exactly, for any 64-bit base', () => {
    const layout = { pageSize: 4096, longSize: 8, littleEndian: true } as const
    const base = 0xfffffff000000000n
    const data = page(layout, base + 123n, [
      { data: [1], delta: 2 },
      { extend: 5, delta: 0 },
      { data: [1], delta: 1 },
    ])
    const cursor = new PageCursor(layout, base)
    cursor.load(data, new DataView(data.buffer), 0)
    const ts: bigint[] = []
    while (cursor.next()) ts.push(cursor.base + BigInt(cursor.rel))
    expect(ts).toEqual([base + 125n, base + 126n + 5n * 2n ** 27n])
  })

  it('corrupt pages stop with a PageFormatError naming the offset, never a hang', () => {
    const layout = { pageSize: 4096, longSize: 8, littleEndian: true } as const
    const data = page(layout, 1n, [
      { data: [1], delta: 1 },
      { large: [1, 2], delta: 1 },
    ])
    new DataView(data.buffer).setUint32(16 + 8 + 4, 0xfffffff0, true) // the large event's length
    expect(() => events(data, layout)).toThrow(/does not fit the page/)
    const commit = page(layout, 1n, [])
    new DataView(commit.buffer).setUint32(8, 5000, true)
    expect(() => events(commit, layout)).toThrow(/commit size 5000/)
  })
})
