import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  evaluateAll,
  evaluatePeers,
  openTrace,
  schemaFromDir,
  session,
  TIMESTAMP,
  withSchema,
} from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'
import {
  baseFiles,
  guest as guestOption,
  makeVariant,
  OPTION,
  v6Options,
  withOptions,
} from '../../scripts/fixtures/make-peer-edge-cases.mjs'
import { readTrace } from '../../src/index.js'

// The peer fixtures' host and guest trace one kernel (the guest is trace-cmd's agent on the same
// machine), so a task's sched_waking in the guest's file and its sched_wakeup in the host's are
// the same wake-up seen from two peers: a cross-peer synth pairs them in host time.
const PEER = join(ROOT, 'test/fixtures/peer')
// A trace.dat holds only the formats of the events it recorded; the definition is built on the
// formats of the kernel both peers ran (Linux 6.18).
const kernel = await schemaFromDir(join(ROOT, 'test/fixtures/kernels/linux-6.18'))

describe.each(['net', 'net7'])(
  '%s: guest sched_waking -> host sched_wakeup, matched on pid, in host time',
  (prefix) => {
    it('pairs each host wake-up with the latest unconsumed guest waking of its pid, as the kernel semantics say', async () => {
      const host = await openTrace<unknown>(join(PEER, `${prefix}-host.dat`))
      const guest = await openTrace<unknown>(join(PEER, `${prefix}-guest.dat`))
      const s = session(host).guest(guest, { check: 'guest-list' })
      const wake = withSchema(kernel)
        .synth('wake_lat')
        .start('sched', 'sched_waking')
        .end('sched', 'sched_wakeup')
        .match('pid', 'pid')
        .delta(TIMESTAMP)
      const out = evaluatePeers(wake, s, { start: 'guest', end: 'host' })
      // The same join written out by hand over the merged records.
      const pending = new Map<number, bigint>()
      const expected: [number, bigint, bigint][] = []
      for (const r of s.records()) {
        if (r.peer.role === 'host' && r.name === 'sched_wakeup') {
          const pid = r.field('pid') as number
          const start = pending.get(pid)
          if (start !== undefined) {
            expected.push([pid, r.ts - start, r.ts])
            pending.delete(pid)
          }
        }
        if (r.peer.role === 'guest' && r.name === 'sched_waking') pending.set(r.field('pid') as number, r.ts)
      }
      expect(expected.length).toBeGreaterThan(20)
      expect(out.map((r) => [r.fields['pid'], r.fields['delta'], r.ts])).toEqual(expected)
      expect(out.every((r) => r.end.peer.role === 'host')).toBe(true)
      // Waking comes before wakeup in the kernel: in host time, after the guest's time shift, too.
      // (Corrected guest times are off by the ptp error of a few hundred ns.)
      const deltas = out.map((r) => Number(r.fields['delta'] as bigint))
      expect(deltas.filter((d) => d < -1000)).toEqual([])
      // Most pairs are microseconds apart (the odd late one is a task woken again as tracing stopped).
      expect([...deltas].sort((a, b) => a - b)[deltas.length >> 1]).toBeLessThan(100_000)
    })

    it('the same pairing within one peer, or from the wrong side, finds other records; an unknown peer is an error', async () => {
      const host = await openTrace<unknown>(join(PEER, `${prefix}-host.dat`))
      const guest = await openTrace<unknown>(join(PEER, `${prefix}-guest.dat`))
      const s = session(host).guest(guest, { check: 'guest-list' })
      const wake = withSchema(kernel)
        .synth('wake_lat')
        .start('sched', 'sched_waking')
        .end('sched', 'sched_wakeup')
        .match('pid', 'pid')
        .delta(TIMESTAMP)
      // The host file has no sched_waking and the guest no sched_wakeup.
      expect(evaluatePeers(wake, s, { start: 'host', end: 'host' })).toEqual([])
      expect(evaluatePeers(wake, s, { start: 'guest', end: 'guest' })).toEqual([])
      expect(evaluatePeers(wake, s, { start: '127.0.0.1', end: 'host' }).length).toBeGreaterThan(20)
      // A session is a record source: over every peer merged, this pairing is the cross-peer one.
      expect(evaluateAll(wake, s).map((r) => r.ts)).toEqual(
        evaluatePeers(wake, s, { start: 'guest', end: 'host' }).map((r) => r.ts),
      )
      expect(() => evaluatePeers(wake, s, { start: 'vm9', end: 'host' })).toThrow(
        /no peer 'vm9' in the session \(its peers: 'host', '127\.0\.0\.1'/,
      )
    })
  },
)

it('hostThreadOf: a guest vCPU number read as the host thread running it matches host common_pid', () => {
  // The host file's GUEST option rewritten to map vCPU 0 and 1 to two host threads that exist in the host trace.
  const files = baseFiles() as Record<'net-host' | 'net-guest', Uint8Array>
  const guest = readTrace<unknown>(files['net-guest'], 'net-guest.dat')
  const plainHost = readTrace<unknown>(makeVariant('host-id', files) as Uint8Array, 'net-host.dat')
  const switches = [...plainHost.records('*')].filter((r) => r.name === 'sched_switch')
  const threads = [...new Set(switches.map((r) => r.pid).filter((p) => p !== 0))].slice(0, 2)
  expect(threads).toHaveLength(2)
  const { options } = v6Options(makeVariant('host-id', files)) as { options: { id: number; payload: Uint8Array }[] }
  const hostBytes = withOptions(
    makeVariant('host-id', files),
    options.map((o) =>
      o.id === OPTION.GUEST
        ? {
            id: o.id,
            payload: guestOption({
              name: 'vm1',
              traceId: guest.traceId,
              entries: [
                [0, threads[0]],
                [1, threads[1]],
              ],
            }),
          }
        : o,
    ),
  ) as Uint8Array
  const host = readTrace<unknown>(hostBytes, 'net-host.dat')
  const s = session(host).guest(guest)
  // guest waking of a task on vCPU v -> the host thread running v next switches out.
  const entry = withSchema(kernel)
    .synth('vcpu_lat')
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('target_cpu', 'common_pid')
    .delta(TIMESTAMP)
  const out = evaluatePeers(entry, s, { start: 'vm1', end: 'host', hostThreadOf: { start: ['target_cpu'] } })
  expect(out.length).toBeGreaterThan(0)
  const pending = new Map<number, bigint>()
  const expected: [number, bigint][] = []
  for (const r of s.records()) {
    if (r.peer.role === 'host' && r.name === 'sched_switch' && pending.has(r.pid)) {
      expected.push([r.pid, r.ts - pending.get(r.pid)!])
      pending.delete(r.pid)
    }
    if (r.peer.role === 'guest' && r.name === 'sched_waking')
      pending.set(threads[r.field('target_cpu') as number]!, r.ts)
  }
  expect(out.map((r) => [r.end.pid, r.fields['delta']])).toEqual(expected)
  // Without the map the vCPU numbers 0/1 match no host thread.
  expect(evaluatePeers(entry, s, { start: 'vm1', end: 'host' }).filter((r) => r.end.pid > 1)).toEqual([])
})
