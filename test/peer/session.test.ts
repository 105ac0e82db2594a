import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openTrace, pair, pairedHost, PeerError, session, unpair } from '../../src/index.js'
import type { TraceRecord } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'
import { fieldProblems, head, readTruth } from '../tracedat/ground-truth.js'

// Two real host/guest sessions recorded with trace-cmd 3.1.6 over its network agent
// (test/fixtures/peer/README.md), with trace-cmd's merged report as ground truth.
const PEER = join(ROOT, 'test/fixtures/peer')
const open = (name: string, raw = false) =>
  openTrace<unknown>(join(PEER, name), raw ? { timestamps: { raw: true } } : {})

describe.each(['net', 'net7'])('%s: a host and its network guest', (prefix) => {
  it('merged records equal trace-cmd report -i host -i guest: order, peer, time, fields', async () => {
    const host = await open(`${prefix}-host.dat`)
    const guest = await open(`${prefix}-guest.dat`)
    const s = session(host).guest(guest, { check: 'guest-list' })
    expect(s.peers.map((p) => [p.name, p.role])).toEqual([
      ['host', 'host'],
      ['127.0.0.1', 'guest'],
    ])
    const truth = readTruth(join(PEER, `${prefix}-merged.records.jsonl`)) as (ReturnType<typeof readTruth>[number] & {
      file: string
    })[]
    const records: TraceRecord<unknown>[] = [...s.records()]
    expect(records.length).toBe(truth.length)
    const problems: string[] = []
    records.forEach((r, i) => {
      const t = truth[i]!
      const file = r.peer?.role === 'host' ? `${prefix}-host.dat` : `${prefix}-guest.dat`
      if (head(r) !== head(t) || file !== t.file)
        problems.push(`#${i}: ${file} ${head(r)} / trace-cmd: ${t.file} ${head(t)}`)
      else
        for (const p of fieldProblems(r.peer!.role === 'host' ? host : guest, r, t))
          problems.push(`#${i} ${r.name}: ${p}`)
    })
    expect(problems.slice(0, 10)).toEqual([])
    // The markers written alternately on host and guest come out in the order they were written.
    const markers = records.filter((r) => r.name === 'print').map((r) => String(r.field('buf')).trim())
    expect(markers).toEqual([
      'host marker 1',
      'guest marker 1',
      'host marker 2',
      'guest marker 2',
      'host marker 3',
      'guest marker 3',
    ])
  })

  it('the vCPU map: a network guest maps no vCPU to a host thread', async () => {
    const host = await open(`${prefix}-host.dat`)
    const guest = await open(`${prefix}-guest.dat`)
    expect(host.guests()).toEqual([{ name: '127.0.0.1', traceId: guest.traceId, vcpuCount: 2, cpuPid: [-1, -1] }])
    expect(host.guestCpuMap(guest.traceId)).toEqual(host.guests()[0])
    expect(host.guestCpuMap(guest)).toEqual(host.guests()[0])
    expect(host.guestCpuMap(guest.traceId + 1n)).toBeUndefined()
    const s = session(host).guest(guest, { check: 'guest-list' })
    expect(s.cpuMap(guest)?.cpuPid).toEqual([-1, -1])
    for (const r of s.records()) expect(r.hostThread).toBeUndefined()
  })

  it('the host recorded only an instance, so it has no trace id: strict pairing refuses and says why', async () => {
    const host = await open(`${prefix}-host.dat`)
    const guest = await open(`${prefix}-guest.dat`)
    const error = (() => {
      try {
        session(host).guest(guest)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(PeerError)
    expect(error).toMatchObject({ code: 'EPEER', problem: 'host-without-trace-id' })
    expect((error as Error).message).toMatch(/has no trace id \(TRACEID option\).*-B/)
    expect(() => pair(guest, host)).toThrow(/has no trace id/)
    expect(pairedHost(guest)).toBeUndefined()
  })

  it('pair / unpair: host time when paired, the raw guest clock after unpairing, as trace-cmd --raw-ts', async () => {
    const host = await open(`${prefix}-host.dat`)
    const guest = await open(`${prefix}-guest.dat`)
    const corrected = readTruth(join(PEER, `${prefix}-guest.records.jsonl`)).map((t) => t.ts)
    const raw = readTruth(join(PEER, `${prefix}-guest.raw-ts.records.jsonl`)).map((t) => t.ts)
    expect(corrected).not.toEqual(raw)
    const times = () => [...guest.records('*')].map((r) => String(r.ts))
    expect(pair(guest, host, { check: 'guest-list' })).toBe('paired')
    expect(pair(guest, host, { check: 'guest-list' })).toBe('already paired')
    expect(pairedHost(guest)).toBe(host)
    expect(times()).toEqual(corrected)
    expect(unpair(guest)).toBe(true)
    expect(guest.timeShift).toBe(false)
    expect(times()).toEqual(raw)
    expect(unpair(guest)).toBe(false)
    expect(pair(guest, host, { check: 'guest-list' })).toBe('paired')
    expect(times()).toEqual(corrected)
    // A session reads its guests in host time whatever their pairing state.
    unpair(guest)
    const merged = [...session(host).guest(guest, { check: 'guest-list' }).records()]
      .filter((r) => r.peer?.role === 'guest')
      .map((r) => String(r.ts))
    expect(merged).toEqual(corrected)
  })

  it('rawTimestamps(): every peer as recorded, like trace-cmd report --raw-ts', async () => {
    const host = await open(`${prefix}-host.dat`)
    const guest = await open(`${prefix}-guest.dat`)
    const s = session(host).guest(guest, { check: 'guest-list' }).rawTimestamps()
    expect(s.raw).toBe(true)
    const guestTimes = [...s.records()].filter((r) => r.peer?.role === 'guest').map((r) => String(r.ts))
    expect(guestTimes).toEqual(readTruth(join(PEER, `${prefix}-guest.raw-ts.records.jsonl`)).map((t) => t.ts))
    expect(s.rawTimestamps(false).raw).toBe(false)
  })
})

describe('files that do not belong together', () => {
  it('a guest of another session, a host as guest, the same guest twice, a guest paired elsewhere', async () => {
    const host6 = await open('net-host.dat')
    const guest6 = await open('net-guest.dat')
    const guest7 = await open('net7-guest.dat')
    const host7 = await open('net7-host.dat')
    expect(() => session(host6).guest(guest7, { check: 'guest-list' })).toThrow(
      /names no guest with trace id 0x[0-9A-F]{16} .*its guests are 127\.0\.0\.1 \(0x[0-9A-F]{16}\); the files come from different sessions/,
    )
    expect(() => session(host6).guest(host7, { check: 'guest-list' })).toThrow(/no TIME_SHIFT option/)
    expect(() => session(host6).guest(host6)).toThrow(/cannot be its own guest|in this session already/)
    const s = session(host6).guest(guest6, { check: 'guest-list' })
    expect(() => s.guest(guest6, { check: 'guest-list' })).toThrow(/in this session already/)
    // 'none' merges anything, as trace-cmd report does, and keeps what it found.
    const loose = session(host6).guest(guest7, { check: 'none' })
    expect(loose.guests[0]!.problems.map((p) => p.problem)).toEqual(['not-a-guest-of-host', 'host-without-trace-id'])
    expect(loose.guests[0]!.name).toBe(guest7.name)
    // Turning the time correction on in a file that has no samples names the file and the option.
    expect(() => host6.setTimeShift(true)).toThrow(
      expect.objectContaining({
        name: 'TraceDatError',
        message: expect.stringMatching(/net-host\.dat has no TIME_SHIFT option: it was not recorded as a guest/),
      }),
    )
    expect(host6.timeShift).toBe(false)
    // The joined schema holds each file's events (the guest's sched_waking, the host's sched_wakeup), parsed once.
    expect(s.schema.find('sched', 'sched_waking')).toBeDefined()
    expect(s.schema.find('sched', 'sched_wakeup')).toBeDefined()
    expect(host6.schema.find('sched', 'sched_waking')).toBeUndefined()
    expect(s.schema).toBe(s.schema)
    pair(guest6, host6, { check: 'guest-list' })
    expect(() => pair(guest6, host7, { check: 'none' })).toThrow(
      /is paired with .*net-host\.dat already; unpair it first/,
    )
    unpair(guest6)
  })
})

describe('qemu: a real guest kernel under QEMU (its own clock, ~1534 s behind the host)', () => {
  it('pairs strictly (the host has the trace id the guest was synchronised against); merged records equal trace-cmd report -i host -i guest', async () => {
    const host = await open('qemu-host.dat')
    const guest = await open('qemu-guest.dat')
    expect(host.traceId).not.toBe(0n)
    expect(guest.options.timeShift!.peerTraceId).toBe(host.traceId)
    expect(pair(guest, host)).toBe('paired')
    const s = session(host).guest(guest)
    expect(s.guests[0]!.problems).toEqual([])
    const truth = readTruth(join(PEER, 'qemu-merged.records.jsonl')) as (ReturnType<typeof readTruth>[number] & {
      file: string
    })[]
    const records = [...s.records()]
    expect(records.length).toBe(truth.length)
    const problems: string[] = []
    records.forEach((r, i) => {
      const t = truth[i]!
      const file = r.peer.role === 'host' ? 'qemu-host.dat' : 'qemu-guest.dat'
      if (head(r) !== head(t) || file !== t.file)
        problems.push(`#${i}: ${file} ${head(r)} / trace-cmd: ${t.file} ${head(t)}`)
      else
        for (const p of fieldProblems(r.peer.role === 'host' ? host : guest, r, t))
          problems.push(`#${i} ${r.name}: ${p}`)
    })
    expect(problems.slice(0, 10)).toEqual([])
    const markers = records.filter((r) => r.name === 'print').map((r) => String(r.field('buf')).trim())
    expect(markers).toEqual([
      'host marker 1',
      'guest marker 1',
      'host marker 2',
      'guest marker 2',
      'host marker 3',
      'guest marker 3',
    ])
    // Unpaired, the guest's records carry its own clock: about 1534 s earlier.
    unpair(guest)
    const rawGuest = [...guest.records('*')].map((r) => String(r.ts))
    expect(rawGuest).toEqual(readTruth(join(PEER, 'qemu-guest.raw-ts.records.jsonl')).map((t) => t.ts))
    const shift = records.find((r) => r.peer.role === 'guest')!.ts - BigInt(rawGuest[0]!)
    expect(shift / 1_000_000_000n).toBe(1533n)
  })
})
