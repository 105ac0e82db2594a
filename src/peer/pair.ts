import type { AnyTrace } from './any-trace.js'
import { blockingProblem, pairingProblems } from './checks.js'
import type { PeerCheck } from './checks.js'
import { PeerError } from './errors.js'

const pairs = new WeakMap<AnyTrace, AnyTrace>()

/** Options of {@link pair}. */
export interface PairOptions {
  /** How strictly the files must match (default `'strict'`, see {@link PeerCheck}). */
  readonly check?: PeerCheck | undefined
}

/**
 * Pairs a guest trace with its host, as libtracecmd's `tracecmd_pair_peer`
 * did: checks that the two files come from one session (see
 * {@link PeerCheck}), then moves the guest's time stamps into the host's time
 * (its TIME_SHIFT samples applied exactly as trace-cmd applies them) for
 * every later read of the guest. Returns `'already paired'` when the guest
 * is paired with this host already; a guest paired with another host, or
 * files that do not belong together, give a {@link PeerError} saying why.
 *
 * A guest file opens with its time shift applied, as current trace-cmd does;
 * pairing makes that explicit and checked, {@link unpair} turns it off.
 *
 * @example
 * import { TraceFile, openTrace, pair, unpair } from 'typed-ftrace'
 *
 * declare const trace: TraceFile
 * const host = await openTrace('trace.dat')
 * const guest = await openTrace('trace-guest.dat')
 * pair(guest, host)          // 'paired'
 * pair(guest, host)          // 'already paired'
 * unpair(guest)              // the guest's own clock again
 */
export function pair(guest: AnyTrace, host: AnyTrace, options: PairOptions = {}): 'paired' | 'already paired' {
  const current = pairs.get(guest)
  if (current === host) return 'already paired'
  if (current !== undefined)
    throw new PeerError('paired-elsewhere', `${guest.name} is paired with ${current.name} already; unpair it first`)
  const problem = blockingProblem(pairingProblems(guest, host), options.check ?? 'strict')
  if (problem) throw problem
  guest.setTimeShift(true)
  pairs.set(guest, host)
  return 'paired'
}

/**
 * Undoes {@link pair} (like `tracecmd_unpair_peer`): the guest's records
 * carry its own raw clock again (no time shift). Returns whether it was
 * paired.
 */
export function unpair(guest: AnyTrace): boolean {
  const was = pairs.delete(guest)
  if (guest.options.timeShift !== undefined) guest.setTimeShift(false)
  return was
}

/** The host a guest is paired with, if any. */
export function pairedHost(guest: AnyTrace): AnyTrace | undefined {
  return pairs.get(guest)
}
