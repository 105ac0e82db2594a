import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readTrace, TraceDatError } from '../../src/index.js'
import type { TraceFile, TraceRecord } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'
import { fieldProblems, head, readTruth } from './ground-truth.js'
import type { TruthRecord } from './ground-truth.js'
import {
  baseFiles,
  makeVariant,
  timeShift,
  v6Options,
  withOptions,
} from '../../scripts/fixtures/make-peer-edge-cases.mjs'

// Host/guest edge cases: the real v6 pair (test/fixtures/peer/net-*.dat) with options rewritten
// in place by scripts/fixtures/make-peer-edge-cases.mjs, which made the variants' ground truth
// with trace-cmd 3.1.6 (test/fixtures/peer/edge/, described in test/fixtures/peer/README.md).
// The variants' bytes are made here again, in memory, by the same script.
const PEER = join(ROOT, 'test/fixtures/peer')
const EDGE = join(PEER, 'edge')

interface Variant {
  name: string
  base: string
  merge?: string
  what: string
  exit: number | string
  opened?: false
  noTruth?: string
  truth?: string
  records?: number
}
const manifest = JSON.parse(readFileSync(join(EDGE, 'manifest.json'), 'utf8')) as {
  traceCmd: string
  variants: Variant[]
}
const variant = (name: string) => manifest.variants.find((v) => v.name === name)!

const files = baseFiles() as Record<'net-host' | 'net-guest', Uint8Array>
const make = (name: string) => makeVariant(name, files) as Uint8Array
const open = (name: string) => readTrace<unknown>(make(name), `${name}.dat`)
const guest = () => readTrace<unknown>(files['net-guest'], 'net-guest.dat')

type Rec = TraceRecord<unknown>

/** Records merged the way `trace-cmd report -i A -i B` prints them: by time, ties to the earlier file. */
function mergeFiles(a: Rec[], b: Rec[]): Rec[] {
  const out: Rec[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.ts <= b[j]!.ts)) out.push(a[i++]!)
    else out.push(b[j++]!)
  }
  return out
}

/** Every record against trace-cmd's: head (instance, CPU, time stamp, task, event) and fields. */
function problems(records: { r: Rec; trace: TraceFile<unknown> }[], truth: TruthRecord[], what: string): string[] {
  const out: string[] = []
  if (records.length !== truth.length) out.push(`${what}: ${records.length} records, trace-cmd ${truth.length}`)
  records.forEach(({ r, trace }, i) => {
    const t = truth[i]
    if (!t) return
    if (head(r) !== head(t)) out.push(`${what} #${i}: ${head(r)} / trace-cmd: ${head(t)}`)
    else for (const p of fieldProblems(trace, r, t)) out.push(`${what} #${i} ${r.name}: ${p}`)
  })
  return out
}

/** The records of a variant (with its merged guest) as trace-cmd's report lists them. */
function ours(v: Variant): { r: Rec; trace: TraceFile<unknown> }[] {
  const trace = open(v.name)
  const own = [...trace.records('*')].map((r) => ({ r, trace }))
  if (!v.merge) return own
  const other = guest()
  const theirs = [...other.records('*')].map((r) => ({ r, trace: other }))
  const byRecord = new Map([...own, ...theirs].map((x) => [x.r, x.trace]))
  return mergeFiles(
    own.map((x) => x.r),
    theirs.map((x) => x.r),
  ).map((r) => ({ r, trace: byRecord.get(r)! }))
}

describe('edge-case variants of the v6 host/guest pair: time stamps as trace-cmd 3.1.6 prints them', () => {
  it("the manifest was made with trace-cmd 3.1.6 and the variants keep the files' length and every record", () => {
    expect(manifest.traceCmd).toMatch(/version 3\.1\.6\b/)
    for (const v of manifest.variants) {
      const data = make(v.name)
      const base = files[v.base.replace(/\.dat$/, '') as 'net-host' | 'net-guest']
      expect(data.length, v.name).toBe(base.length)
      // Only the option block differs.
      const { start, end } = v6Options(base) as { start: number; end: number }
      expect(Buffer.compare(data.subarray(end), base.subarray(end)), v.name).toBe(0)
      expect(Buffer.compare(data.subarray(0, start), base.subarray(0, start)), v.name).toBe(0)
    }
  })

  for (const v of manifest.variants.filter((x) => x.truth !== undefined)) {
    it(`${v.name}: ${v.what}`, () => {
      const truth = readTruth(join(EDGE, v.truth!))
      expect(truth.length).toBe(v.records)
      expect(problems(ours(v), truth, v.name).slice(0, 10)).toEqual([])
    })
  }
})

describe('what the variants hold, as the reader decodes it', () => {
  it('host-id: the host names the guest, the guest names the host', () => {
    const host = open('host-id')
    const g = guest()
    expect(host.traceId).toBe(g.options.timeShift!.peerTraceId)
    expect(host.options.guests.map((x) => x.traceId)).toEqual([g.traceId])
    expect(host.options.traceClock).toBe('[local] global counter uptime perf mono mono_raw boo')
    expect(host.clock).toBe('local')
  })

  it('ts-negative-time: a negative sample time sorts first', () => {
    expect(open('ts-negative-time').options.timeShift!.cpus.map((c) => c.times[0])).toEqual([-1000n, -5n])
  })

  it('samples sorted, repeated times dropped (the first in the file kept), no fraction block: fractions 0', () => {
    const shift = open('ts-unsorted').options.timeShift!
    expect(shift.cpus.map((c) => c.offsets)).toEqual([
      [-1000n, 3000n, -2000n],
      [100000n, 20000n],
    ])
    expect(shift.cpus[0]!.times).toEqual([...shift.cpus[0]!.times].sort((a, b) => (a < b ? -1 : 1)))
    expect(shift.cpus.flatMap((c) => c.fractions).every((f) => f === 0n)).toBe(true)
    expect(open('ts-scaling').options.timeShift!.cpus.map((c) => c.fractions)).toEqual([
      [1n, 0n, 2n],
      [3n, 0n],
    ])
    expect(open('ts-ncpu1').options.timeShift!.cpus).toHaveLength(1)
    expect(open('tsc2nsec').options.tsc2nsec).toEqual({ multiplier: 1398101, shift: 22, offset: 0x1234n })
  })
})

describe('edge cases trace-cmd has no ground truth for', () => {
  const byCpu = (records: Iterable<{ cpu: number; ts: bigint | string }>, cpu: number) =>
    [...records].filter((r) => r.cpu === cpu).map((r) => String(r.ts))

  it.each(['ts-zero', 'ts-zero-step'])(
    "%s: a CPU without samples keeps its time stamps (trace-cmd reads garbage there); the other CPU's are moved",
    (name) => {
      const v = variant(name)
      expect(v.noTruth).toMatch(/garbage/)
      expect(v.truth).toBeUndefined()
      const trace = open(name)
      expect(trace.options.timeShift!.cpus.map((c) => c.times.length)).toEqual([2, 0])
      const records = [...trace.records('*')]
      const raw = readTruth(join(PEER, 'net-guest.raw-ts.records.jsonl'))
      // CPU 0 has the real file's two samples: interpolated, trace-cmd's corrected time stamps of
      // the real file; stepped, the first sample's offset (-591). CPU 1: the raw ones.
      const cpu0 =
        name === 'ts-zero'
          ? byCpu(readTruth(join(PEER, 'net-guest.records.jsonl')), 0)
          : byCpu(raw, 0).map((t) => String(BigInt(t) - 591n))
      expect(byCpu(records, 0)).toEqual(cpu0)
      expect(byCpu(records, 1)).toEqual(byCpu(raw, 1))
    },
  )

  it('bad-ts-truncated: more samples declared than the TIME_SHIFT option holds: a TraceDatError naming the option (trace-cmd does not open the file)', () => {
    expect(variant('bad-ts-truncated').opened).toBe(false)
    let error: unknown
    try {
      open('bad-ts-truncated')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TraceDatError)
    expect((error as TraceDatError).section).toBe('options')
    expect((error as TraceDatError).message).toMatch(/TIME_SHIFT.*CPU 1.*100 samples/)
    // With raw time stamps trace-cmd does not read the option at all, and opens the file.
    const raw = readTrace<unknown>(make('bad-ts-truncated'), { timestamps: { raw: true } })
    expect(byCpu(raw.records('*'), 1)).toEqual(byCpu(readTruth(join(PEER, 'net-guest.raw-ts.records.jsonl')), 1))
  })

  it("bad-ts-fractions: a fraction block too short for the counts (trace-cmd's own writer makes these; trace-cmd does not open them): fractions 0", () => {
    expect(variant('bad-ts-fractions').opened).toBe(false)
    const short = open('bad-ts-fractions')
    expect(short.options.timeShift!.cpus.map((c) => c.fractions)).toEqual([
      [0n, 0n, 0n],
      [0n, 0n],
    ])
    // The same samples with a complete block of zero fractions, made the same way.
    const data = files['net-guest']
    const options = (v6Options(data) as { options: { id: number; payload: Uint8Array }[] }).options
    const full = short.options.timeShift!
    const samples = full.cpus.map((c) => c.times.map((t, i) => [t, c.offsets[i]!, c.scalings[i]!, 0n]))
    const payload = timeShift({ peer: full.peerTraceId, flags: full.flags, cpus: samples }) as Uint8Array
    const complete = readTrace<unknown>(
      withOptions(
        data,
        options.map((o) => (o.id === 12 ? { id: 12, payload } : o)),
      ) as Uint8Array,
    )
    expect(complete.options.timeShift).toEqual(full)
    expect([...short.records('*')].map((r) => `${r.cpu} ${r.ts}`)).toEqual(
      [...complete.records('*')].map((r) => `${r.cpu} ${r.ts}`),
    )
  })
})

describe('damaged options trace-cmd reads past: the reader does the same', () => {
  it('bad-ts-short: a TIME_SHIFT under 16 bytes is ignored', () => {
    expect(open('bad-ts-short').options.timeShift).toBeUndefined()
  })

  it('bad-traceid-short: a TRACEID under 8 bytes is ignored', () => {
    expect(open('bad-traceid-short').traceId).toBe(0n)
  })

  it('bad-tsc2nsec-short: a TSC2NSEC under 16 bytes is ignored', () => {
    expect(open('bad-tsc2nsec-short').options.tsc2nsec).toBeUndefined()
  })

  it.each(['bad-guest-vcpu', 'bad-guest-short'])('%s: a GUEST option that does not decode is dropped', (name) => {
    expect(open(name).options.guests).toEqual([])
  })

  it('bad-guest-id: a guest no file matches is kept as written', () => {
    expect(open('bad-guest-id').options.guests).toEqual([
      { name: '127.0.0.1', traceId: 0x1122334455667788n, cpuPid: [-1, -1] },
    ])
  })
})
