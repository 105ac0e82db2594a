import { endianness } from 'node:os'
import type { EventFormat } from '../schema/format-types.js'
import type { RegisteredKernel } from '../schema/field-types.js'
import { EventDecoder } from './field-decoder.js'
import { FieldReader } from './field-decoder.js'
import type { FieldsObject } from './field-decoder.js'

/**
 * Turns a decoder's relative time stamp into the record's time (the
 * container's conversions: clock base, TSC to ns, guest time shift, offsets).
 */
export interface RecordClock {
  /** The time stamp of a record `rel` after the stream's base on `cpu`, in the file's (or the host's) time. */
  ts(rel: number, cpu: number): bigint
}

/**
 * The trace of a peer session a record came from (host or guest); set by
 * sessions that merge several traces, absent on a plain trace's records.
 */
export interface RecordPeer {
  /** `'host'`, or the guest's name as the host file gives it. */
  readonly name: string
  readonly role: 'host' | 'guest'
  /** The peer's trace id (TRACEID option; 0n when absent). */
  readonly traceId: bigint
  /** For a guest: `cpuPid[vcpu]` is the host thread running that vCPU (-1 when unknown). */
  readonly cpuPid: readonly number[] | undefined
}

/** What the records of one CPU stream share. */
export interface RecordContext {
  readonly cpu: number
  /** The buffer instance (`''`: the top one). */
  readonly instance: string
  readonly reader: FieldReader
  /** pid -> comm. */
  readonly comms: ReadonlyMap<number, string> | undefined
  /** Makes time stamps of relative ones (records made with a time stamp need none). */
  readonly clock: RecordClock | undefined
  /** The session peer these records belong to, if any. */
  readonly peer?: RecordPeer | undefined
  /** A reused record's fields objects, one per event. */
  cache: Map<EventDecoder, FieldsObject> | undefined
}

/** The decoded value types of an event's fields, from a kernel schema's `Field<..., Value>` types. */
export type RecordFieldValues<Fields> = {
  readonly [N in keyof Fields]: Fields[N] extends { readonly value: infer V } ? V : unknown
}

/** A {@link TraceRecord} known to be `system:event`: its `fields` are that event's, typed. */
export interface EventRecord<K, S extends keyof K & string, E extends keyof K[S] & string> extends TraceRecord<K> {
  readonly system: S
  readonly name: E
  readonly fields: RecordFieldValues<K[S][E]>
}

const EMPTY = new Uint8Array(0)
const EMPTY_VIEW = new DataView(EMPTY.buffer)

/** What a {@link TraceRecord} is made of, for records made outside a reader (tests, tools). */
export interface TraceRecordProps {
  /** The time stamp in ns. */
  readonly ts: bigint
  readonly cpu: number
  /** The event's format (or a decoder made for it). */
  readonly event: EventFormat | EventDecoder
  /** The bytes the payload is in (kept, not copied). */
  readonly data: Uint8Array
  /** Where the payload starts in `data` (default 0) and its size (default: the rest of `data`). */
  readonly offset?: number
  readonly size?: number
  /** How fields are read: the byte order and long size of the recording machine (default: this machine's, 8-byte longs). */
  readonly reader?: FieldReader
  /** Events lost just before this one (default 0). */
  readonly missedEvents?: number
  /** pid -> task name, for `comm`. */
  readonly comms?: ReadonlyMap<number, string>
  /** The buffer instance it was read from (default `''`, the top one). */
  readonly instance?: string
}

/**
 * One recorded event: time, CPU, task and event, with fields decoded only
 * when read. With a registered kernel schema, {@link is} narrows `fields` to
 * that event's field types.
 *
 * Records from `records()` keep the page they were decoded from and can be
 * kept; the one record that `iterate()` passes is re-pointed at the next
 * event after the call.
 *
 * @example
 * import { TraceFile } from 'typed-ftrace'
 *
 * declare const trace: TraceFile
 * for (const r of trace.records()) {
 *   if (r.is('sched', 'sched_switch')) console.log(r.ts, r.cpu, r.fields.prev_comm, '->', r.fields.next_comm)
 * }
 */
export class TraceRecord<K = RegisteredKernel> {
  /**
   * Events the kernel lost on this CPU just before this one (the page said
   * so): 0 normally, a count, or -1 when the kernel did not store the count.
   */
  declare missedEvents: number
  // Plain (TypeScript-private) properties, as few as possible: records are made by the
  // million, and V8 makes small objects with ordinary properties fastest.
  declare private _context: RecordContext
  declare private _decoder: EventDecoder
  declare private _view: DataView
  declare private _data: Uint8Array
  declare private _offset: number
  declare private _size: number
  declare private _rel: number
  declare private _ts: bigint | undefined
  declare private _fields: FieldsObject | undefined

  /**
   * A record over the payload at `offset` (`size` bytes) of `data`, which is
   * kept (not copied): it must not be reused for other data while the record is.
   *
   * @example
   * import { TraceRecord } from 'typed-ftrace'
   * import type { EventFormat } from 'typed-ftrace'
   *
   * declare const sched_switch: EventFormat
   * declare const payload: Uint8Array // the event's bytes, common fields first
   * const record = new TraceRecord({ ts: 1_000n, cpu: 0, event: sched_switch, data: payload })
   * console.log(record.field('next_pid'))
   */
  constructor(props: TraceRecordProps)
  /**
   * @internal A record of a reader's CPU stream (the time stamp, when not given, comes from `rel`
   * through the context's clock). Positional: it runs once per record read, and an object per
   * record costs measurably there.
   */
  constructor(
    context: RecordContext,
    decoder: EventDecoder,
    view: DataView,
    data: Uint8Array,
    offset: number,
    size: number,
    rel: number,
    missedEvents: number,
    ts: bigint | undefined,
  )
  constructor(...args: unknown[]) {
    if (args.length > 1) {
      const [context, decoder, view, data, offset, size, rel, missedEvents, ts] = args as [
        RecordContext,
        EventDecoder,
        DataView,
        Uint8Array,
        number,
        number,
        number,
        number,
        bigint | undefined,
      ]
      this.missedEvents = missedEvents
      this._context = context
      this._decoder = decoder
      this._view = view
      this._data = data
      this._offset = offset
      this._size = size
      this._rel = rel
      this._ts = ts
      this._fields = undefined
      return
    }
    const props = args[0] as unknown as TraceRecordProps
    const { ts, cpu, event, data, missedEvents = 0, comms, instance = '', offset = 0 } = props
    const size = props.size ?? data.byteLength - offset
    const reader = props.reader ?? new FieldReader(endianness() === 'LE', 8)
    this.missedEvents = missedEvents
    this._context = { cpu, instance, reader, comms, clock: undefined, cache: undefined }
    this._decoder = event instanceof EventDecoder ? event : reader.decoder(event)
    this._view = data.byteLength === 0 ? EMPTY_VIEW : new DataView(data.buffer, data.byteOffset, data.byteLength)
    this._data = data
    this._offset = offset
    this._size = size
    this._rel = 0
    this._ts = ts
    this._fields = undefined
  }

  /**
   * Points this record at another event of its stream (readers reuse one
   * record per CPU this way; `view` must view `data`). The time stamp is `ts`
   * when given, else computed from `rel` when read.
   */
  bind(
    decoder: EventDecoder,
    view: DataView,
    data: Uint8Array,
    offset: number,
    size: number,
    rel: number,
    missedEvents: number,
    ts?: bigint,
  ): void {
    if (this._fields !== undefined) {
      // A reused record keeps one fields object per event and re-points it.
      ;(this._context.cache ??= new Map()).set(this._decoder, this._fields)
      this._fields = undefined
    }
    this._decoder = decoder
    this._view = view
    this._data = data
    this._offset = offset
    this._size = size
    this._rel = rel
    this._ts = ts
    this.missedEvents = missedEvents
  }

  /** The CPU whose ring buffer held the event. */
  get cpu(): number {
    return this._context.cpu
  }

  /** The buffer instance the record comes from (`''`: the top one). */
  get instance(): string {
    return this._context.instance
  }

  /** In a peer session's merged records: the host or guest this record came from. */
  get peer(): RecordPeer | undefined {
    return this._context.peer
  }

  /**
   * For a guest's record in a peer session: the host thread (pid) that runs
   * the vCPU this record was written on, when the host file maps it
   * (network guests map none). Join guest events with host `kvm_*` events on it.
   */
  get hostThread(): number | undefined {
    const pid = this._context.peer?.cpuPid?.[this._context.cpu]
    return pid === undefined || pid < 0 ? undefined : pid
  }

  /** The event's format (system, name, id, fields). */
  get event(): EventFormat {
    return this._decoder.event
  }

  /** Nanoseconds (after the file's clock conversion and offsets), or the raw clock's units for counter clocks. */
  get ts(): bigint {
    return (this._ts ??= this._context.clock!.ts(this._rel, this._context.cpu))
  }

  /** The event's system (`sched`). */
  get system(): string {
    return this.event.system
  }

  /** The event's name (`sched_switch`). */
  get name(): string {
    return this.event.name
  }

  /** The event's id (`common_type`). */
  get id(): number {
    return this.event.id
  }

  /** The task that was running (`common_pid`). */
  get pid(): number {
    return this._decoder.pid(this._view, this._data, this._offset, this._size) as number
  }

  /** The task's name from the file's saved cmdlines (`<idle>` for pid 0), or undefined when unknown. */
  get comm(): string | undefined {
    const pid = this.pid
    return pid === 0 ? '<idle>' : this._context.comms?.get(pid)
  }

  /** Whether this is `system:name`; narrows {@link fields} to that event's field types. */
  is<S extends keyof K & string, E extends keyof K[S] & string>(system: S, name: E): this is EventRecord<K, S, E> {
    const event = this._decoder.event
    return event.name === name && event.system === system
  }

  /**
   * The event's fields by name (common fields included), each decoded when
   * read: `r.fields.next_pid`. `JSON.stringify` and `for...in` see them all.
   */
  get fields(): Readonly<Record<string, unknown>> {
    let f = this._fields
    if (f === undefined) {
      const d = this._decoder
      const cached = this._context.cache?.get(d)
      if (cached !== undefined) {
        EventDecoder.rebind(cached, this._view, this._data, this._offset, this._size)
        f = cached
      } else {
        f = d.fields(this._view, this._data, this._offset, this._size)
      }
      this._fields = f
    }
    return f
  }

  /** One field by name, decoded without the others (undefined when the event has no such field). */
  field(name: string): unknown {
    const read = this._decoder.accessors.get(name)
    return read === undefined ? undefined : read(this._view, this._data, this._offset, this._size)
  }

  /** Calls `read` with the payload where it lies (a view, its bytes, offset, size): for printers and decoders, without copying. */
  withPayload<T>(read: (view: DataView, data: Uint8Array, start: number, size: number) => T): T {
    return read(this._view, this._data, this._offset, this._size)
  }

  /** The payload bytes (common fields first), without copying. */
  get payload(): Uint8Array {
    return this._data.subarray(this._offset, this._offset + this._size)
  }

  /**
   * A plain object of the record and all its decoded fields (bigints stay
   * bigints); `fields` has no prototype, so every field name from the file is
   * an ordinary key (`__proto__` and `toJSON` included).
   */
  toObject(): {
    ts: bigint
    cpu: number
    instance: string
    system: string
    event: string
    id: number
    pid: number
    comm: string | undefined
    missedEvents: number
    fields: Record<string, unknown>
  } {
    const fields = this._decoder.plain(this._view, this._data, this._offset, this._size)
    return {
      ts: this.ts,
      cpu: this.cpu,
      instance: this.instance,
      system: this.system,
      event: this.name,
      id: this.id,
      pid: this.pid,
      comm: this.comm,
      missedEvents: this.missedEvents,
      fields,
    }
  }
}
