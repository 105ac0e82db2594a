import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hist, openTrace, TypedFtraceError } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'

interface Lat {
  readonly ts: bigint
  readonly cpu: number
  readonly pid: number
  readonly comm?: string
  readonly fields: { readonly pid: number; readonly delta: bigint; readonly comm: string; readonly addr: bigint }
}
const rec = (pid: number, delta: number, comm = 'sleep', addr = 0xffffffff81000010n): Lat => ({
  ts: 1_000_000n + BigInt(pid),
  cpu: pid % 2,
  pid,
  comm,
  fields: { pid, delta: BigInt(delta), comm, addr },
})

describe('hist(): keys and modifiers', () => {
  it('.log2 counts v in ~ 2^N, the power of two v rounds up to (0 and 1 in 2^0)', () => {
    const values = [0, 1, 2, 3, 4, 5, 8, 9, 128, 129, 256]
    const rows = hist(values.map((v, i) => rec(i, v)))
      .keys('delta.log2')
      .sort('delta')
      .rows()
    expect(rows.map((r) => [r.key.delta, r.hitcount])).toEqual([
      [0, 2],
      [1, 1],
      [2, 2],
      [3, 2],
      [4, 1],
      [7, 1],
      [8, 2],
    ])
  })

  it(".buckets=N rounds down to a multiple of N and prints the bucket's range", () => {
    const h = hist([rec(1, 0), rec(2, 9), rec(3, 10), rec(4, 25)])
      .keys('delta.buckets=10')
      .sort('delta')
    expect(h.rows().map((r) => [r.key.delta, r.hitcount])).toEqual([
      [0n, 2],
      [10n, 1],
      [20n, 1],
    ])
    expect(h.text()).toContain('{ delta: ~ 10-19 } hitcount:          1\n')
  })

  it(".hex keys and values, .sym keys with a symbol look-up, .execname with the task's name", () => {
    const records = [rec(1, 255, 'a', 0xffffffff81000010n), rec(2, 255, 'b', 0xffffffff81000020n)]
    const symbol = (address: bigint) =>
      address >= 0xffffffff81000000n ? { name: 'do_thing', address: 0xffffffff81000000n, size: 0x40n } : undefined
    const text = hist(records).keys('delta.hex').values('delta.hex').text()
    expect(text).toContain('{ delta: ff } hitcount:          2  delta:        1fe\n')
    expect(hist(records).keys('addr.sym').text({ symbol })).toContain(
      `{ addr: [ffffffff81000010] ${'do_thing'.padEnd(45)} }`,
    )
    expect(hist(records).keys('addr.sym-offset').text({ symbol })).toContain(
      `[ffffffff81000020] ${'do_thing+0x20/0x40'.padEnd(55)} }`,
    )
    expect(hist(records).keys('addr.sym').text()).toContain(`[ffffffff81000010] ${'0xffffffff81000010'.padEnd(45)} }`)
    expect(hist(records).keys('common_pid.execname').sort('common_pid').text()).toContain(
      `{ common_pid: ${'a'.padEnd(16)}[         1] }`,
    )
  })

  it("string keys print padded to 50; numbers right-aligned in 10; negative numbers as the kernel's u64", () => {
    const text = hist([{ fields: { comm: 'sh', n: -1 } }])
      .keys('comm', 'n')
      .text()
    expect(text).toContain(`{ comm: ${'sh'.padEnd(50)}, n: 18446744073709551615 } hitcount:          1\n`)
  })

  it('sums values; sorts by up to two fields, .descending; ties keep their first-seen order', () => {
    const records = [rec(3, 1), rec(1, 5), rec(1, 5), rec(2, 7), rec(2, 1), rec(4, 2), rec(4, 2)]
    const h = hist(records).keys('pid').values('delta')
    expect(h.rows().map((r) => [r.key.pid, r.hitcount, r.values.delta])).toEqual([
      [3, 1, 1n],
      [1, 2, 10n],
      [2, 2, 8n],
      [4, 2, 4n],
    ])
    expect(
      h
        .sort('hitcount.descending', 'delta')
        .rows()
        .map((r) => r.key.pid),
    ).toEqual([4, 2, 1, 3])
    expect(
      h
        .sort('delta.descending')
        .rows()
        .map((r) => r.key.pid),
    ).toEqual([1, 2, 4, 3])
    expect(h.sort('pid').text()).toContain(':sort=pid:')
  })

  it("filters with the kernel's filter text", () => {
    const records = [rec(1, 5, 'sleep'), rec(2, 5, 'node'), rec(3, 5, 'sleeper')]
    expect(
      hist(records)
        .keys('pid')
        .filter('comm ~ "sleep*" && pid != 3')
        .rows()
        .map((r) => r.key.pid),
    ).toEqual([1])
  })

  it('a full table drops the records of new keys; the totals say so', () => {
    const records = Array.from({ length: 200 }, (_, i) => rec(i, i))
    const r = hist([...records, rec(0, 0)])
      .keys('pid')
      .size(100)
      .result()
    expect([r.hits, r.entries, r.dropped]).toEqual([129, 128, 72])
    expect(hist(records).keys('pid').size(100).text()).toMatch(
      /:size=128 \[active\]\n[\s\S]*\nTotals:\n    Hits: 128\n    Entries: 128\n    Dropped: 72\n$/,
    )
  })

  it('refuses what the kernel refuses', () => {
    const h = hist([rec(1, 1)])
    const bad = (f: () => unknown) => expect(f).toThrow(TypedFtraceError)
    bad(() => h.keys('delta.log3' as 'delta'))
    bad(() => h.keys('delta.buckets=0'))
    bad(() => h.keys('pid.execname' as 'pid'))
    bad(() => h.keys('pid').values('delta.log2' as 'delta'))
    bad(() =>
      h
        .keys('pid')
        .sort('delta' as 'pid')
        .rows(),
    )
    bad(() =>
      h
        .keys('pid')
        .values('delta')
        .sort(...(['pid', 'delta', 'hitcount'] as unknown as ['pid']))
        .rows(),
    )
    bad(() => h.rows())
    bad(() => h.keys('pid').size(1 << 20))
  })

  it('is immutable: a half-built histogram can be branched', () => {
    const base = hist([rec(1, 1), rec(2, 2)]).keys('pid')
    const a = base.sort('pid.descending')
    expect(base.rows().map((r) => r.key.pid)).toEqual([1, 2])
    expect(a.rows().map((r) => r.key.pid)).toEqual([2, 1])
  })
})

describe('hist() over a trace.dat', () => {
  it(".sym keys name code addresses with the file's kallsyms as trace-cmd does", async () => {
    const trace = await openTrace<unknown>(join(ROOT, 'test/fixtures/tracedat/v7-zstd.dat'))
    const starts = [...trace.records()].filter((r) => r.name === 'hrtimer_start')
    const text = hist(starts)
      .keys('function.sym')
      .sort('hitcount.descending')
      .text({ symbol: (a) => trace.symbols.find(a) })
    const ours = [...text.matchAll(/\{ function: \[[0-9a-f]+\] (\S+)\s+\} hitcount: +(\d+)/g)].map((m) => [
      m[1],
      Number(m[2]),
    ])
    // trace-cmd's pretty report prints the same pointer as function=NAME/0x0
    const counts = new Map<string, number>()
    for (const m of readFileSync(join(ROOT, 'test/fixtures/tracedat/v7-zstd.pretty.txt'), 'utf8').matchAll(
      / hrtimer_start: .* function=(\w+)\//g,
    ))
      counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1)
    expect(ours.length).toBeGreaterThan(1)
    expect(new Map(ours as [string, number][])).toEqual(counts)
    expect(ours.map((o) => o[1])).toEqual([...ours.map((o) => o[1])].sort((a, b) => (b as number) - (a as number)))
  })
})
