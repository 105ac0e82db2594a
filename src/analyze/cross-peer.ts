import { TypedFtraceError } from '../errors.js'
import type { Peer, PeerRecord, PeerSession } from '../peer/session.js'
import { SynthMachine } from './evaluate.js'
import type { EvaluateOptions, HasDefinition, SynthRecord } from './evaluate.js'
import type { EvalRecord } from './records.js'

/** A peer of a session: `'host'`, `'guest'` (any guest), `'any'` (every peer), or a guest's name. */
export type PeerSelector = 'host' | 'guest' | 'any' | (string & {})

/** Options of {@link evaluatePeers}. */
export interface PeerEvaluateOptions extends EvaluateOptions {
  /** The peer the start events come from. */
  readonly start: PeerSelector
  /** The peer the end events come from. */
  readonly end: PeerSelector
  /**
   * Fields of a guest's start (or end) event that hold a vCPU number, read
   * instead as the host thread running that vCPU (the host file's vCPU map),
   * so they can match a host event's `common_pid`: e.g. a guest
   * `sched_waking`'s `target_cpu` against the host's `kvm_entry`. A vCPU the
   * map does not know reads as -1 (it matches no host thread).
   */
  readonly hostThreadOf?: { readonly start?: readonly string[]; readonly end?: readonly string[] } | undefined
}

/** A synthetic record of a cross-peer evaluation: its end event's peer is known. */
export type PeerSynthRecord<S = unknown> = SynthRecord<S> & { readonly end: PeerRecord }

/**
 * Evaluates a synthetic event across the peers of a session: the start
 * events come from one peer and the end events from another (or the same),
 * matched in host time, with the kernel's semantics as in `evaluate` — what
 * no kernel can do, since each runs its hist triggers on its own events.
 *
 * @example
 * import { evaluatePeers, openTrace, session, TIMESTAMP, withSchema } from 'typed-ftrace'
 *
 * const host = await openTrace('host.dat')
 * const guest = await openTrace('guest.dat')
 * // guest wakes a task -> the host enters the vCPU that runs it (kvm's events, from the host file)
 * const entry = withSchema(host.schema).synth('vcpu_entry_lat').start('sched', 'sched_waking').end('kvm', 'kvm_entry')
 *   .match('target_cpu', 'common_pid').delta(TIMESTAMP)
 * const out = evaluatePeers(entry, session(host).guest(guest), {
 *   start: 'guest', end: 'host', hostThreadOf: { start: ['target_cpu'] },
 * })
 */
export function evaluatePeers<S extends HasDefinition>(
  synth: S,
  session: PeerSession<unknown>,
  options: PeerEvaluateOptions,
): PeerSynthRecord<S>[] {
  const startPeers = select(session, options.start)
  const endPeers = select(session, options.end)
  const { start, end, name } = synth.definition
  if (start?.synth || end?.synth)
    throw new TypedFtraceError(
      'EINVAL',
      `'${name}' starts or ends on another synth ('${(start?.synth ?? end!.synth)!.name}'): chains are evaluated within one trace (evaluate), not across peers`,
    )
  const machine = new SynthMachine(synth.definition, options.initialTracked)
  const mapStart = options.hostThreadOf?.start ?? []
  const mapEnd = options.hostThreadOf?.end ?? []
  const out: PeerSynthRecord<S>[] = []
  const emit = (made: readonly SynthRecord[], end: PeerRecord) => {
    for (const r of made) out.push({ ...r, end } as PeerSynthRecord<S>)
  }
  for (const record of session.records()) {
    const asStart = startPeers.has(record.peer)
    const asEnd = endPeers.has(record.peer)
    if (!asStart && !asEnd) continue
    if (mapStart.length === 0 && mapEnd.length === 0) emit(machine.push(record, asStart, asEnd), record)
    else {
      // Each side sees the record through its own vCPU map (end first, as the kernel runs the newer trigger first).
      if (asEnd) emit(machine.push(mapEnd.length > 0 ? throughCpuMap(record, mapEnd) : record, false, true), record)
      if (asStart)
        emit(machine.push(mapStart.length > 0 ? throughCpuMap(record, mapStart) : record, true, false), record)
    }
  }
  return out
}

function select(session: PeerSession<unknown>, selector: PeerSelector): Set<Peer> {
  const peers =
    selector === 'any'
      ? session.peers
      : selector === 'host'
        ? [session.host]
        : selector === 'guest'
          ? session.guests
          : session.guests.filter((g) => g.name === selector)
  if (peers.length === 0) {
    const names = session.peers.map((p) => `'${p.role === 'host' ? 'host' : p.name}'`).join(', ')
    throw new TypedFtraceError(
      'ENODEV',
      `no peer '${selector}' in the session (its peers: ${names}; 'guest' selects every guest, 'any' every peer)`,
    )
  }
  return new Set(peers)
}

/** The record with its vCPU fields read as host threads (only for a guest's records). */
function throughCpuMap(record: PeerRecord, fields: readonly string[]): EvalRecord {
  if (record.peer.role !== 'guest') return record
  const cpuPid = record.peer.cpuPid
  const own = record.fields
  const mapped: Record<string, unknown> = {}
  for (const f of fields) {
    const vcpu = own[f]
    if (typeof vcpu === 'number') mapped[f] = cpuPid?.[vcpu] ?? -1
  }
  const fieldsView = new Proxy(own, {
    get: (target, name) => (typeof name === 'string' && name in mapped ? mapped[name] : target[name as string]),
    has: (target, name) => name in target,
  })
  return {
    ts: record.ts,
    cpu: record.cpu,
    pid: record.pid,
    system: record.system,
    name: record.name,
    comm: record.comm,
    fields: fieldsView,
  }
}
