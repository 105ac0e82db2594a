import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pair, readTrace, session, unpair } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'
import { head, readTruth } from '../tracedat/ground-truth.js'
import {
  baseFiles,
  guest,
  makeVariant,
  OPTION,
  v6Options,
  withOptions,
} from '../../scripts/fixtures/make-peer-edge-cases.mjs'

// The real v6 host/guest pair with options rewritten in place (scripts/fixtures/make-peer-edge-cases.mjs,
// test/fixtures/peer/README.md): a host that has the trace id its guest was synchronised
// against pairs strictly; other edits make the cases the real files cannot show.
const PEER = join(ROOT, 'test/fixtures/peer')
const files = baseFiles() as Record<'net-host' | 'net-guest', Uint8Array>
const hostWithId = () => readTrace<unknown>(makeVariant('host-id', files) as Uint8Array, 'net-host.dat')
const guestTrace = () => readTrace<unknown>(files['net-guest'], 'net-guest.dat')

describe('a host with its trace id (host-id variant)', () => {
  it('pairs strictly, and the merged records equal trace-cmd report -i host -i guest', () => {
    const host = hostWithId()
    const g = guestTrace()
    expect(host.traceId).toBe(g.options.timeShift!.peerTraceId)
    expect(pair(g, host)).toBe('paired')
    const s = session(host).guest(g)
    expect(s.guests[0]!.problems).toEqual([])
    // trace-cmd's merged report of this pair is byte for byte that of the real files (edge/manifest.json).
    const truth = readTruth(join(PEER, 'net-merged.records.jsonl'))
    const ours = [...s.records()]
    expect(ours.map((r) => head(r))).toEqual(truth.map((t) => head(t)))
    unpair(g)
  })

  it('a guest whose time shift names another host id is refused, naming both ids', () => {
    const host = hostWithId()
    const other = readTrace<unknown>(withGuestShiftPeer(files['net-guest'], 0x0102030405060708n), 'other-guest.dat')
    expect(() => session(host).guest(other)).toThrow(
      /measured against host 0x0102030405060708, but net-host\.dat has trace id 0x[0-9A-F]{16}: the files come from different sessions/,
    )
    expect(() => pair(other, host)).toThrow(expect.objectContaining({ problem: 'trace-id-mismatch', code: 'EPEER' }))
  })
})

describe('the vCPU map', () => {
  it('a guest record carries the host thread that runs its vCPU; an unmapped vCPU (-1 or beyond the map) has none', () => {
    const g = guestTrace()
    const host = readTrace<unknown>(
      withHostGuestMap(makeVariant('host-id', files) as Uint8Array, g.traceId, [[0, 4711]]),
      'net-host.dat',
    )
    expect(host.guestCpuMap(g)).toEqual({ name: 'vm1', traceId: g.traceId, vcpuCount: 1, cpuPid: [4711] })
    const s = session(host).guest(g)
    expect(s.guests[0]!.name).toBe('vm1')
    const seen = new Map<number, Set<number | undefined>>()
    for (const r of s.records()) {
      if (r.peer.role === 'host') expect(r.hostThread).toBeUndefined()
      else {
        expect(r.peer.name).toBe('vm1')
        if (!seen.has(r.cpu)) seen.set(r.cpu, new Set())
        seen.get(r.cpu)!.add(r.hostThread)
      }
    }
    expect(seen.get(0)).toEqual(new Set([4711]))
    expect(seen.get(1)).toEqual(new Set([undefined]))
  })
})

/** The guest file with its TIME_SHIFT's peer trace id replaced. */
function withGuestShiftPeer(data: Uint8Array, peer: bigint): Uint8Array {
  const { options } = v6Options(data) as { options: { id: number; payload: Uint8Array }[] }
  return withOptions(
    data,
    options.map((o) => {
      if (o.id !== OPTION.TIME_SHIFT) return o
      const payload = Buffer.from(o.payload)
      payload.writeBigUInt64LE(peer, 0)
      return { id: o.id, payload }
    }),
  ) as Uint8Array
}

/** The host file with a GUEST option naming `traceId` as guest `vm1` with the given vCPU -> host thread entries. */
function withHostGuestMap(data: Uint8Array, traceId: bigint, entries: [number, number][]): Uint8Array {
  const { options } = v6Options(data) as { options: { id: number; payload: Uint8Array }[] }
  return withOptions(
    data,
    options.map((o) => (o.id === OPTION.GUEST ? { id: o.id, payload: guest({ name: 'vm1', traceId, entries }) } : o)),
  ) as Uint8Array
}
