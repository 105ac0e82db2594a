import { TypedFtraceError } from '../errors.js'

/** Why two trace files cannot be paired as host and guest. */
export type PeerProblem =
  /** The guest file has no TIME_SHIFT option: it was not recorded as a guest. */
  | 'no-time-shift'
  /** The host file's GUEST options do not name the guest's trace id. */
  | 'not-a-guest-of-host'
  /** The host file has no TRACEID (trace-cmd writes none when the host records only instances). */
  | 'host-without-trace-id'
  /** The guest's time shift was measured against another host session. */
  | 'trace-id-mismatch'
  /** The guest is paired with another host already. */
  | 'paired-elsewhere'
  /** The same trace twice in one session (or a trace as its own guest). */
  | 'duplicate-peer'

/**
 * A host and guest that do not belong together, or a pairing that cannot be
 * made: `problem` says which rule failed, the message names both files and
 * the trace ids involved.
 */
export class PeerError extends TypedFtraceError {
  readonly problem: PeerProblem

  constructor(problem: PeerProblem, message: string) {
    super('EPEER', message)
    this.problem = problem
  }
}
