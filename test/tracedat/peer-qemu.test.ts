import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openTrace } from '../../src/index.js'
import type { TraceFile, TraceRecord } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'
import { fieldProblems, head, readTruth } from './ground-truth.js'
import type { TruthRecord } from './ground-truth.js'

// A host/guest session where the guest is another kernel (Debian's 6.1 under QEMU, TCG) with its
// own clock, recorded over trace-cmd's network agent by scripts/fixtures/record-peer-qemu.sh
// (test/fixtures/peer/README.md). The guest's time stamps are moved into host time by its
// TIME_SHIFT option: every one must come out as trace-cmd 3.1.6 prints it.
const PEER = join(ROOT, 'test/fixtures/peer')
const dump = (name: string) => readFileSync(join(PEER, `${name}.dump.txt`), 'utf8')

/** The TRACEID option of a dump (`[Option TRACEID, 8 bytes]` then the id in hex). */
function dumpTraceId(text: string): bigint {
  const m = /\[Option TRACEID, 8 bytes\]\n(0x[0-9A-F]+)\n/.exec(text)
  if (!m) throw new Error('no TRACEID in the dump')
  return BigInt(m[1]!)
}

/** The TIME_SHIFT option of a dump: peer id, flags and each CPU's samples, as trace-cmd prints them. */
function dumpTimeShift(text: string) {
  const at = text.indexOf('[Option TimeShift,')
  if (at < 0) throw new Error('no TimeShift in the dump')
  const lines = text.slice(at).split('\n')
  const peerTraceId = BigInt(/^(0x[0-9A-F]+) \[peer's trace id\]$/.exec(lines[1]!)![1]!)
  const flags = Number(/^(0x[0-9A-F]+) \[peer's protocol flags\]$/.exec(lines[2]!)![1]!)
  const ncpu = Number(/^(0x[0-9A-F]+) \[peer's CPU count\]$/.exec(lines[3]!)![1]!)
  const counts = lines.slice(4, 4 + ncpu).map((l) => Number(/^(\d+) \[samples count for CPU \d+\]$/.exec(l)![1]))
  const samples = lines
    .slice(4 + ncpu)
    .map((l) => /^\t(-?\d+) (\d+) (\d+) (\d+)\[offset \* scaling >> fraction @ time\]$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ offset: BigInt(m[1]!), scaling: BigInt(m[2]!), fraction: BigInt(m[3]!), time: BigInt(m[4]!) }))
  let next = 0
  const cpus = counts.map((n) => samples.slice(next, (next += n)))
  return { peerTraceId, flags, cpus }
}

function recordProblems(
  trace: TraceFile<unknown>,
  records: TraceRecord<unknown>[],
  truth: TruthRecord[],
  label: string,
): string[] {
  const problems: string[] = []
  if (records.length !== truth.length) problems.push(`${label}: ${records.length} records, trace-cmd ${truth.length}`)
  records.forEach((r, i) => {
    const t = truth[i]
    if (!t) return
    if (head(r) !== head(t)) problems.push(`${label} #${i}: ${head(r)} / trace-cmd: ${head(t)}`)
    else for (const p of fieldProblems(trace, r, t)) problems.push(`${label} #${i} ${r.name}: ${p}`)
  })
  return problems
}

describe('host/guest session with a QEMU guest (test/fixtures/peer/qemu-*)', () => {
  it('the host file: a top buffer, its TRACEID, and the guest in a GUEST option', async () => {
    const host = await openTrace<unknown>(join(PEER, 'qemu-host.dat'))
    const guest = await openTrace<unknown>(join(PEER, 'qemu-guest.dat'))
    expect(host.version).toBe(7)
    expect(host.compression).toBe('zstd')
    expect(host.instances).toEqual([''])
    // Different kernels: the host's, and Debian's 6.1 in the guest.
    expect(guest.uname).toMatch(/^Linux \(none\) 6\.1\.0-\d+-amd64 x86_64$/)
    expect(host.uname).not.toBe(guest.uname)
    expect(host.traceId).toBe(dumpTraceId(dump('qemu-host')))
    expect(host.traceId).not.toBe(0n)
    expect(host.options.timeShift).toBeUndefined()
    // A network guest: named by its address, no vCPU -> host thread map.
    expect(host.options.guests).toEqual([{ name: '127.0.0.1', traceId: guest.traceId, cpuPid: [-1, -1] }])
  })

  it('the guest file: its TRACEID and a TIME_SHIFT whose peer is the host', async () => {
    const host = await openTrace<unknown>(join(PEER, 'qemu-host.dat'))
    const guest = await openTrace<unknown>(join(PEER, 'qemu-guest.dat'))
    expect(guest.version).toBe(7)
    expect(guest.traceId).toBe(dumpTraceId(dump('qemu-guest')))
    expect(guest.traceId).not.toBe(0n)
    expect(guest.options.guests).toEqual([])
    const want = dumpTimeShift(dump('qemu-guest'))
    const shift = guest.options.timeShift!
    expect(shift.peerTraceId).toBe(host.traceId)
    expect(shift.peerTraceId).toBe(want.peerTraceId)
    expect(shift.flags).toBe(1) // ptp: interpolate
    expect(shift.flags).toBe(want.flags)
    expect(shift.cpus).toHaveLength(2)
    shift.cpus.forEach((cpu, i) => {
      const samples = [...want.cpus[i]!].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
      expect(cpu.times).toEqual(samples.map((s) => s.time))
      expect(cpu.offsets).toEqual(samples.map((s) => s.offset))
      expect(cpu.scalings).toEqual(samples.map((s) => s.scaling))
      expect(cpu.fractions).toEqual(samples.map((s) => s.fraction))
      // The guest booted long after the host: its clock is behind by far more than a second.
      for (const offset of cpu.offsets) expect(offset).toBeGreaterThan(1_000_000_000n)
    })
  })

  it('every record of both files, guest time stamps corrected into host time', async () => {
    const files = {
      host: await openTrace<unknown>(join(PEER, 'qemu-host.dat')),
      guest: await openTrace<unknown>(join(PEER, 'qemu-guest.dat')),
      raw: await openTrace<unknown>(join(PEER, 'qemu-guest.dat'), { timestamps: { raw: true } }),
    }
    const problems: string[] = []
    for (const [key, truthFile] of [
      ['host', 'qemu-host.records.jsonl'],
      ['guest', 'qemu-guest.records.jsonl'],
      ['raw', 'qemu-guest.raw-ts.records.jsonl'],
    ] as const) {
      const truth = readTruth(join(PEER, truthFile))
      expect(truth.length, truthFile).toBeGreaterThan(100)
      problems.push(...recordProblems(files[key], [...files[key].records('*')], truth, truthFile))
    }
    expect(problems.slice(0, 10)).toEqual([])
    // The correction is large: the guest's own clock started when it booted.
    const [corrected, raw] = [[...files.guest.records('*')][0]!, [...files.raw.records('*')][0]!]
    expect(BigInt(corrected.ts) - BigInt(raw.ts)).toBeGreaterThan(1_000_000_000n)
  })

  it('both files merged by corrected time come out in the order of trace-cmd report -i host -i guest', async () => {
    const host = await openTrace<unknown>(join(PEER, 'qemu-host.dat'))
    const guest = await openTrace<unknown>(join(PEER, 'qemu-guest.dat'))
    const truth = readTruth(join(PEER, 'qemu-merged.records.jsonl')) as (TruthRecord & { file: string })[]
    const a = [...host.records('*')].map((r) => ({ file: 'qemu-host.dat', head: head(r), ts: BigInt(r.ts) }))
    const b = [...guest.records('*')].map((r) => ({ file: 'qemu-guest.dat', head: head(r), ts: BigInt(r.ts) }))
    // Smallest time first; on a tie the file given first (the host).
    const merged: typeof a = []
    for (let i = 0, j = 0; i < a.length || j < b.length;)
      merged.push(j >= b.length || (i < a.length && a[i]!.ts <= b[j]!.ts) ? a[i++]! : b[j++]!)
    expect(merged.map((r) => `${r.file} ${r.head}`)).toEqual(truth.map((t) => `${t.file} ${head(t)}`))
    // The markers alternate as they were written: host 1, guest 1, host 2, ...
    const markers = truth.filter((t) => t.event === 'print').map((t) => t.fields.buf)
    expect(markers).toEqual([
      'host marker 1',
      'guest marker 1',
      'host marker 2',
      'guest marker 2',
      'host marker 3',
      'guest marker 3',
    ])
  })
})
