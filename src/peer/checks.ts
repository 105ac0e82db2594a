import type { AnyTrace } from './any-trace.js'
import { PeerError } from './errors.js'

/**
 * How strictly a guest must match its host:
 * - `'strict'`: trace-cmd's pairing rules: the guest has TIME_SHIFT samples,
 *   the host's GUEST options name the guest's trace id, and the samples were
 *   measured against the host's own trace id;
 * - `'guest-list'`: the same, but a host file without a trace id is accepted
 *   when its GUEST options name the guest (trace-cmd writes no TRACEID when
 *   the host records only into instances, `-B`);
 * - `'none'`: no check at all, as `trace-cmd report -i HOST -i GUEST` merges
 *   any files (the guest's time shift still applies).
 */
export type PeerCheck = 'strict' | 'guest-list' | 'none'

export const hex = (id: bigint): string => `0x${id.toString(16).toUpperCase().padStart(16, '0')}`

/** Everything that stops `guest` from pairing with `host`, in the order trace-cmd checked it. */
export function pairingProblems(guest: AnyTrace, host: AnyTrace): PeerError[] {
  const problems: PeerError[] = []
  if (guest === host) return [new PeerError('duplicate-peer', `${guest.name} cannot be its own guest`)]
  const shift = guest.options.timeShift
  if (shift === undefined) {
    problems.push(
      new PeerError(
        'no-time-shift',
        `${guest.name} has no TIME_SHIFT option: it was not recorded as a guest of a host session (trace-cmd record -A on the host writes it)`,
      ),
    )
  }
  if (host.guestCpuMap(guest.traceId) === undefined) {
    const named = host.guests().map((g) => `${g.name} (${hex(g.traceId)})`)
    problems.push(
      new PeerError(
        'not-a-guest-of-host',
        `${host.name} names no guest with trace id ${hex(guest.traceId)} (${guest.name}): ${named.length > 0 ? `its guests are ${named.join(', ')}` : 'it has no GUEST option'}; the files come from different sessions`,
      ),
    )
  }
  if (shift !== undefined) {
    if (host.traceId === 0n) {
      problems.push(
        new PeerError(
          'host-without-trace-id',
          `${host.name} has no trace id (TRACEID option), so the time shift of ${guest.name}, measured against host ${hex(shift.peerTraceId)}, cannot be matched to it; trace-cmd writes no TRACEID when the host records only instances (-B). Pass { check: 'guest-list' } to pair on the host's GUEST entry alone`,
        ),
      )
    } else if (shift.peerTraceId !== host.traceId) {
      problems.push(
        new PeerError(
          'trace-id-mismatch',
          `the time shift of ${guest.name} was measured against host ${hex(shift.peerTraceId)}, but ${host.name} has trace id ${hex(host.traceId)}: the files come from different sessions`,
        ),
      )
    }
  }
  return problems
}

/** The first problem the check level does not excuse, or undefined. */
export function blockingProblem(problems: readonly PeerError[], check: PeerCheck): PeerError | undefined {
  if (check === 'none') return undefined
  return problems.find((p) => !(check === 'guest-list' && p.problem === 'host-without-trace-id'))
}
