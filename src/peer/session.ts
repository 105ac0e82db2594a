import { schemaFromTexts } from '../schema/load.js'
import type { Schema } from '../schema/schema.js'
import type { RecordPeer, TraceRecord } from '../ring-buffer/record.js'
import type { TimestampOptions } from '../tracedat/timestamps.js'
import type { GuestCpuMap, TraceFile } from '../tracedat/trace-file.js'
import type { AnyTrace } from './any-trace.js'
import { blockingProblem, pairingProblems } from './checks.js'
import type { PeerCheck } from './checks.js'
import { PeerError } from './errors.js'
import { mergeByTime } from './merge.js'

/** One trace of a session: the host or a guest, with the file it reads from. */
export interface Peer<K = unknown> extends RecordPeer {
  readonly trace: TraceFile<K>
  /** For a guest: its vCPU map in the host file (undefined for the host, or a guest the host does not name). */
  readonly cpuMap: GuestCpuMap | undefined
  /** What the checks found when the guest joined (empty when it matched its host completely). */
  readonly problems: readonly PeerError[]
}

/** A record of a session: its `peer` is always set. */
export type PeerRecord<K = unknown> = TraceRecord<K> & { readonly peer: Peer }

/** Options of {@link PeerSession.guest}. */
export interface GuestOptions {
  /** How strictly the guest must match the host (default `'strict'`, see {@link PeerCheck}). */
  readonly check?: PeerCheck | undefined
  /** The name its records carry (default: the name the host's GUEST option gives it, else the file's). */
  readonly name?: string | undefined
}

/**
 * A host trace and its guests' traces from one trace-cmd session, read in
 * one time space: each guest's time stamps are moved into the host's time
 * with the guest file's TIME_SHIFT samples, exactly as trace-cmd does.
 * Immutable: every call returns a new session.
 */
export interface PeerSession<K = unknown> {
  readonly host: Peer<K>
  readonly guests: readonly Peer[]
  /** The host, then the guests in the order they were added. */
  readonly peers: readonly Peer[]
  /** Whether time stamps are the recorded ones (no time shift, clock conversion or offset). */
  readonly raw: boolean
  /**
   * The event formats of every peer's file in one schema (each file holds
   * only the events it recorded; an event in several files is taken from the
   * host, then the guests in order): build cross-peer definitions on it.
   */
  readonly schema: Schema

  /**
   * Adds a guest's trace. It must belong to the host (see {@link PeerCheck};
   * a {@link PeerError} says why not); its records come out in host time.
   *
   * @example
   * import { TraceFile, session } from 'typed-ftrace'
   *
   * declare const host: TraceFile
   * declare const guest: TraceFile
   * const s = session(host).guest(guest)
   */
  guest(trace: AnyTrace, options?: GuestOptions): PeerSession<K>

  /** Time stamps as recorded, on every peer (like `trace-cmd report --raw-ts`); `false` undoes it. */
  rawTimestamps(enabled?: boolean): PeerSession<K>

  /** A guest's vCPU map in the host file (by its trace, peer entry or trace id). */
  cpuMap(guest: AnyTrace | Peer | bigint): GuestCpuMap | undefined

  /**
   * Every record of every peer (all buffer instances), merged in host time;
   * on equal time stamps the host first, then the guests in order, as
   * `trace-cmd report -i HOST -i GUEST` merges them. Each record's `peer`
   * says where it came from; a guest record's `hostThread` is the host thread
   * running its vCPU when the host file maps it.
   *
   * @example
   * import { TraceFile, session } from 'typed-ftrace'
   *
   * declare const host: TraceFile
   * declare const guest: TraceFile
   * for (const r of session(host).guest(guest).records()) {
   *   console.log(r.peer?.name, r.ts, r.cpu, r.hostThread, r.name)
   * }
   */
  records(): IterableIterator<PeerRecord<K>>

  /** {@link records}, visited by a callback; return `false` to stop. */
  iterate(visit: (record: PeerRecord<K>) => void | boolean): void

  /** A session is a record source itself (e.g. for `evaluateAll(synth, session)`). */
  [Symbol.iterator](): IterableIterator<PeerRecord<K>>
}

/**
 * Starts a peer session on a host's trace; add its guests with `.guest()`.
 *
 * @example
 * import { TraceFile, openTrace, session } from 'typed-ftrace'
 *
 * declare const trace: TraceFile
 * const host = await openTrace('trace.dat')
 * const guest = await openTrace('trace-vm1.dat')
 * host.guestCpuMap(guest.traceId)   // { name: 'vm1', vcpuCount: 2, cpuPid: [4711, 4712], ... }
 * for (const r of session(host).guest(guest).records()) console.log(r.peer?.name, r.ts, r.name)
 */
export function session<K>(host: TraceFile<K>): PeerSession<K> {
  const peer: Peer<K> = {
    name: 'host',
    role: 'host',
    traceId: host.traceId,
    cpuPid: undefined,
    trace: host,
    cpuMap: undefined,
    problems: [],
  }
  return new Session<K>(peer, [], false)
}

class Session<K> implements PeerSession<K> {
  readonly host: Peer<K>
  readonly guests: readonly Peer[]
  readonly raw: boolean

  constructor(host: Peer<K>, guests: readonly Peer[], raw: boolean) {
    this.host = host
    this.guests = guests
    this.raw = raw
  }

  get peers(): readonly Peer[] {
    return [this.host, ...this.guests]
  }

  #schema: Schema | undefined

  get schema(): Schema {
    // Parsed once per session: sessions are immutable.
    return (this.#schema ??= this.#joinFormats())
  }

  #joinFormats(): Schema {
    const seen = new Set<string>()
    const formats: (readonly [string, string, string])[] = []
    for (const peer of this.peers) {
      for (const f of peer.trace.formatTexts.formats) {
        const key = `${f[0]}/${f[1]}`
        if (seen.has(key)) continue
        seen.add(key)
        formats.push(f)
      }
    }
    const own = this.host.trace.formatTexts
    return schemaFromTexts({ ...own, source: this.peers.map((p) => p.trace.name).join(' + '), formats })
  }

  guest(trace: AnyTrace, options: GuestOptions = {}): PeerSession<K> {
    if (this.peers.some((p) => p.trace === trace))
      throw new PeerError('duplicate-peer', `${trace.name} is in this session already`)
    const problems = pairingProblems(trace, this.host.trace)
    const blocking = blockingProblem(problems, options.check ?? 'strict')
    if (blocking) throw blocking
    const cpuMap = this.host.trace.guestCpuMap(trace.traceId)
    const name = options.name ?? cpuMap?.name ?? trace.name
    const peer: Peer = { name, role: 'guest', traceId: trace.traceId, cpuPid: cpuMap?.cpuPid, trace, cpuMap, problems }
    return new Session<K>(this.host, [...this.guests, peer], this.raw)
  }

  rawTimestamps(enabled = true): PeerSession<K> {
    return new Session<K>(this.host, this.guests, enabled)
  }

  cpuMap(guest: AnyTrace | Peer | bigint): GuestCpuMap | undefined {
    return this.host.trace.guestCpuMap(typeof guest === 'bigint' ? guest : guest.traceId)
  }

  #timestamps(peer: Peer): TimestampOptions | undefined {
    if (this.raw) return { raw: true }
    // A guest in a session is always read in host time, however its file was opened or paired.
    return peer.role === 'guest' && peer.trace.options.timeShift !== undefined
      ? { raw: false, timeShift: true }
      : undefined
  }

  records(): IterableIterator<PeerRecord<K>> {
    const streams = this.peers.map((peer) =>
      (peer.trace as TraceFile<K>).records({ instance: '*', peer, timestamps: this.#timestamps(peer) }),
    )
    // Every stream was tagged with its peer above.
    return mergeByTime(streams) as IterableIterator<PeerRecord<K>>
  }

  iterate(visit: (record: PeerRecord<K>) => void | boolean): void {
    for (const r of this.records()) if (visit(r) === false) return
  }

  [Symbol.iterator](): IterableIterator<PeerRecord<K>> {
    return this.records()
  }
}
