import type { RegisteredKernel } from '../schema/field-types.js'
import type { EventFormat } from '../schema/format-types.js'
import type { FormatTexts } from '../schema/load.js'
import type { Schema } from '../schema/schema.js'
import { FieldReader } from '../ring-buffer/field-decoder.js'
import type { EventDecoder } from '../ring-buffer/field-decoder.js'
import { TraceRecord } from '../ring-buffer/record.js'
import type { ByteSource } from './byte-source.js'
import type { Compression, ZstdDecoder } from './compression.js'
import type { DecodeLimits } from './decode-budget.js'
import type { BufferData, ContainerParts, SectionInfo } from './container.js'
import { advanceStream, mergeStreams } from './cpu-merge.js'
import type { Merge, StreamInfo } from './cpu-merge.js'
import { TraceDatError } from './errors.js'
import type { FileData } from './file-data.js'
import { bracketedClock } from './metadata.js'
import { OptionId } from './option-id.js'
import type { GuestInfo, TraceOptions } from './options.js'
import { readProgress } from './read-progress.js'
import type { Progress } from './read-progress.js'
import { RecordIterator } from './record-iterator.js'
import { latencyText, wholeSection } from './sections.js'
import { selectionOf } from './selection.js'
import type { RecordSelection } from './selection.js'
import { Symbols } from './symbols.js'
import type { TimestampOptions } from './timestamps.js'
import { unknownEvent } from './unknown-event.js'

/** One buffer (instance) of a file: `''` is the top one. */
export interface TraceBuffer {
  readonly name: string
  /** Its trace clock. */
  readonly clock: string | undefined
  readonly pageSize: number
  /** Whether its CPU data is compressed. */
  readonly compressed: boolean
  /** The CPUs with data and where it is. */
  readonly cpus: readonly { readonly cpu: number; readonly offset: number; readonly size: number }[]
}

/** A guest as a host file maps it (see {@link TraceFile.guestCpuMap}). */
export interface GuestCpuMap {
  readonly name: string
  /** The guest file's trace id. */
  readonly traceId: bigint
  readonly vcpuCount: number
  /** `cpuPid[vcpu]`: the host thread running that vCPU, `-1` when unknown. */
  readonly cpuPid: readonly number[]
}

function cpuMapOf(g: GuestInfo): GuestCpuMap {
  return { name: g.name, traceId: g.traceId, vcpuCount: g.cpuPid.length, cpuPid: g.cpuPid }
}

const EMPTY = new Uint8Array(0)
const EMPTY_VIEW = new DataView(EMPTY.buffer)

/** What an opened file is made of (see `openTrace`). */
export interface TraceFileProps {
  /** The path it was opened from, or `<buffer>`. */
  readonly name: string
  readonly source: ByteSource
  readonly parts: ContainerParts
  readonly schema: Schema
  readonly formatTexts: FormatTexts
  readonly cmdlines: Map<number, string>
  readonly timestamps: TimestampOptions
  readonly zstd: ZstdDecoder | undefined
  /** Bounds on decompression (the defaults when undefined). */
  readonly limits?: DecodeLimits | undefined
}

/**
 * An opened trace.dat file (versions 6 and 7; uncompressed, zlib or zstd):
 * its header, every option, the event formats as a {@link Schema}, task
 * names, kernel symbols, and its records, decoded as they are read.
 *
 * Type parameter `K`: the kernel schema records are typed against (the
 * registered one by default), see {@link TraceRecord.is}.
 */
export class TraceFile<K = RegisteredKernel> {
  /** The path it was opened from, or `<buffer>`. */
  readonly name: string
  readonly version: 6 | 7
  readonly littleEndian: boolean
  /** Long size of the recording user space, from the file header. */
  readonly headerLongSize: number
  /** The kernel's long size (header_page's `commit` field). */
  readonly longSize: 4 | 8
  readonly pageSize: number
  readonly compression: Compression
  /** The compression library's version string (`1.5.4`), `''` without compression. */
  readonly compressionVersion: string
  /** Every option, decoded. */
  readonly options: TraceOptions
  /** The event formats embedded in the file (the same class `schemaFromDir` gives). */
  readonly schema: Schema
  /** The format texts as stored (for `typegen`). */
  readonly formatTexts: FormatTexts
  /** pid -> comm, from the saved cmdlines. */
  readonly cmdlines: ReadonlyMap<number, string>
  /** `/proc/kallsyms` as saved (may be empty). */
  readonly kallsyms: string
  /** `printk_formats` as saved. */
  readonly printk: string
  readonly buffers: readonly TraceBuffer[]
  /** v7 sections read while opening (offset, size, compression). */
  readonly sections: readonly SectionInfo[]
  /** CPUs of the top buffer as trace-cmd counts them (v6: the file's count; v7: highest CPU with data + 1, else CPUCOUNT). */
  readonly cpuCount: number
  readonly #source: ByteSource
  readonly #parts: ContainerParts
  readonly #reader: FieldReader
  readonly #events: (EventFormat | undefined)[] = []
  readonly #decoders: (EventDecoder | undefined)[] = []
  readonly #timestamps: TimestampOptions
  /** Set by {@link setTimeShift}: overrides whether a guest's TIME_SHIFT applies. */
  #timeShift: boolean | undefined
  readonly #zstd: ZstdDecoder | undefined
  readonly #limits: DecodeLimits | undefined
  #symbols: Symbols | undefined

  /** @internal Made by `openTrace`. */
  constructor(props: TraceFileProps) {
    const { name, source, parts, schema, formatTexts, cmdlines, timestamps, zstd, limits } = props
    this.name = name
    this.#source = source
    this.#parts = parts
    this.version = parts.version
    this.littleEndian = parts.littleEndian
    this.headerLongSize = parts.headerLongSize
    this.longSize = schema.headerPage ? (schema.longSize === 4 ? 4 : 8) : parts.headerLongSize === 4 ? 4 : 8
    this.pageSize = parts.pageSize
    this.compression = parts.compression
    this.compressionVersion = parts.compressionVersion
    this.options = parts.options
    this.schema = schema
    this.formatTexts = formatTexts
    this.cmdlines = cmdlines
    this.kallsyms = parts.kallsyms
    this.printk = parts.printk
    this.sections = parts.sections
    this.buffers = parts.buffers.map((b) => ({
      name: b.name,
      clock: b.clock,
      pageSize: b.pageSize,
      compressed: b.compressed,
      cpus: b.cpus,
    }))
    const top = parts.buffers.find((b) => b.name === '')
    this.cpuCount =
      parts.version === 6
        ? parts.fileCpuCount
        : top && top.cpus.length > 0
          ? Math.max(...top.cpus.map((c) => c.cpu)) + 1
          : parts.fileCpuCount
    this.#reader = new FieldReader(parts.littleEndian, this.longSize)
    for (const e of schema.events)
      if (e.id >= 0 && e.id < 65536 && this.#events[e.id] === undefined) this.#events[e.id] = e
    this.#timestamps = timestamps
    this.#zstd = zstd
    this.#limits = limits
  }

  /** `'little'` or `'big'`. */
  get endianness(): 'little' | 'big' {
    return this.littleEndian ? 'little' : 'big'
  }

  /** The trace clock of the top buffer (`local`, `global`, `x86-tsc`, ...). */
  get clock(): string {
    return bracketedClock(this.options.traceClock) ?? this.buffers.find((b) => b.name === '')?.clock ?? 'local'
  }

  /** This peer's trace id in its session (TRACEID option), 0n when absent. */
  get traceId(): bigint {
    return this.options.traceId ?? 0n
  }

  /**
   * Every guest this (host) file names in its GUEST options, in trace-cmd's
   * order (the last option first).
   */
  guests(): GuestCpuMap[] {
    return this.options.guests.map(cpuMapOf)
  }

  /**
   * The vCPU map of one guest of this host file, found by the guest's trace
   * id (or its opened file), as `tracecmd_get_guest_cpumap` finds it:
   * `cpuPid[vcpu]` is the host thread running that vCPU, `-1` when trace-cmd
   * could not map it (network agents). `undefined` when this file names no
   * such guest.
   *
   * @example
   * import { TraceFile } from 'typed-ftrace'
   *
   * declare const host: TraceFile
   * declare const guest: TraceFile
   * const map = host.guestCpuMap(guest.traceId)
   * if (map) console.log(map.name, map.vcpuCount, map.cpuPid)
   */
  guestCpuMap(guest: bigint | { readonly traceId: bigint }): GuestCpuMap | undefined {
    const id = typeof guest === 'bigint' ? guest : guest.traceId
    const found = this.options.guests.find((g) => g.traceId === id)
    return found === undefined ? undefined : cpuMapOf(found)
  }

  /**
   * Whether a guest file's TIME_SHIFT samples move its time stamps into the
   * host's time (on by default when the file has them, as in trace-cmd).
   */
  get timeShift(): boolean {
    return this.options.timeShift !== undefined && (this.#timeShift ?? this.#timestamps.timeShift !== false)
  }

  /**
   * Turns the guest time correction on or off for later reads, like
   * `tracecmd_enable_tsync` (peer pairing uses it). Turning it on in a file
   * without TIME_SHIFT samples is an error.
   */
  setTimeShift(enabled: boolean): void {
    if (enabled && this.options.timeShift === undefined)
      throw new TraceDatError(
        'options',
        0,
        `${this.name} has no TIME_SHIFT option: it was not recorded as a guest of a host session`,
      )
    this.#timeShift = enabled
  }

  #timestampsFor(selection: RecordSelection): TimestampOptions {
    const own = this.#timeShift === undefined ? this.#timestamps : { ...this.#timestamps, timeShift: this.#timeShift }
    return selection.timestamps === undefined ? own : { ...own, ...selection.timestamps }
  }

  /** `uname` of the recording machine (UNAME option). */
  get uname(): string | undefined {
    return this.options.uname
  }

  /** The trace-cmd version that wrote the file (VERSION option). */
  get traceCmdVersion(): string | undefined {
    return this.options.version
  }

  /** The buffer instance names (`''` is the top one). */
  get instances(): string[] {
    return this.buffers.map((b) => b.name)
  }

  /** Whether this is a latency trace (text, no records): see {@link latencyText}. */
  get latency(): boolean {
    return this.#parts.latency !== undefined
  }

  /** Kernel symbols from the saved kallsyms (address -> function). */
  get symbols(): Symbols {
    return (this.#symbols ??= new Symbols(this.kallsyms))
  }

  /** The text of a latency trace. */
  latencyText(): string | undefined {
    return latencyText(this.#data, this.#parts.latency)
  }

  /** The BTF of the recording kernel (BTF_FILE section), when the file has one. */
  btf(): Uint8Array | undefined {
    return wholeSection(this.#data, OptionId.BTF_FILE, 'section 23 (btf)')
  }

  /** `/proc/modules` of the recording machine (MODULES_FILE section), when the file has it. */
  modules(): string | undefined {
    const data = wholeSection(this.#data, OptionId.MODULES_FILE, 'section 25 (modules)')
    return data && new TextDecoder('latin1').decode(data).replace(/\0+$/, '')
  }

  /** What the section readers and the merge read. */
  get #data(): FileData {
    return {
      source: this.#source,
      littleEndian: this.littleEndian,
      longSize: this.longSize,
      pageSize: this.pageSize,
      compression: this.compression,
      zstd: this.#zstd,
      options: this.options,
      reader: this.#reader,
      cmdlines: this.cmdlines,
      limits: this.#limits,
    }
  }

  #event(id: number): EventFormat {
    let e = this.#events[id]
    if (e === undefined) {
      e = unknownEvent(id)
      if (id >= 0 && id < 65536) this.#events[id] = e
    }
    return e
  }

  /** The decoder of event `id` (-1: a payload too short to name its event). */
  #decoder(id: number): EventDecoder {
    const index = id + 1
    return (this.#decoders[index] ??= this.#reader.decoder(this.#event(id)))
  }

  #buffersOf(instance: string): BufferData[] {
    if (instance === '*') return this.#parts.buffers
    const buffer = this.#parts.buffers.find((b) => b.name === instance)
    if (!buffer) {
      if (instance === '') return []
      throw new TraceDatError(
        'buffers',
        0,
        `no buffer instance '${instance}' (the file has ${this.instances.map((n) => `'${n}'`).join(', ') || 'none'})`,
      )
    }
    return [buffer]
  }

  #merge(selection: RecordSelection, progress: Progress): Merge {
    return mergeStreams({
      file: this.#data,
      buffers: this.#buffersOf(selection.instance ?? ''),
      selection,
      timestamps: this.#timestampsFor(selection),
      progress,
    })
  }

  /**
   * Records merged across CPUs in time order (ties: the top buffer first,
   * then the lower CPU, as trace-cmd orders them), each a new object that can
   * be kept. Pass an instance name, `'*'` for every buffer, or a
   * {@link RecordSelection}.
   *
   * @example
   * import { TraceFile } from 'typed-ftrace'
   *
   * declare const trace: TraceFile
   * for (const r of trace.records()) {
   *   if (r.is('sched', 'sched_switch')) console.log(r.ts, r.fields.prev_comm, '->', r.fields.next_comm)
   * }
   */
  records(selection: string | RecordSelection = {}): IterableIterator<TraceRecord<K>> {
    const sel = selectionOf(selection)
    this.#source.acquire()
    try {
      const progress = this.#progress(sel)
      const { heap } = this.#merge(sel, progress)
      return new RecordIterator<K>({
        heap,
        decoder: (id) => this.#decoder(id),
        advance: (s) => advanceStream(s, heap.big),
        progress: sel.onProgress !== undefined ? progress : undefined,
        source: this.#source,
      })
    } catch (error) {
      this.#source.release()
      throw error
    }
  }

  /** Records of one CPU of a buffer, in the order they were written. */
  cpuRecords(cpu: number, instance = ''): IterableIterator<TraceRecord<K>> {
    return this.records({ instance, cpus: [cpu] })
  }

  /**
   * The fastest way through a file: calls `visit` for every record in time
   * order (merged like {@link records}) with one reused record object per
   * CPU, as libtracecmd's `tracecmd_iterate_events` does. The record is valid
   * during the call only (copy what you keep, or use {@link records}). Return
   * `false` to stop.
   *
   * @example
   * import { TraceFile } from 'typed-ftrace'
   *
   * declare const trace: TraceFile
   * let switches = 0
   * trace.iterate((r) => { if (r.is('sched', 'sched_switch')) switches++ })
   */
  iterate(visit: (record: TraceRecord<K>) => void | boolean, selection: string | RecordSelection = {}): void {
    const sel = selectionOf(selection)
    this.#source.acquire()
    try {
      const progress = this.#progress(sel)
      const ticks = sel.onProgress !== undefined
      const { heap, streams } = this.#merge(sel, progress)
      const big = heap.big
      const decoder = this.#decoder(-1)
      for (const s of streams)
        (s as { record?: TraceRecord<K> }).record = new TraceRecord<K>(
          s.context,
          decoder,
          EMPTY_VIEW,
          EMPTY,
          0,
          0,
          0,
          0,
          undefined,
        )
      for (let top = heap.top(); top !== undefined; top = heap.top()) {
        const info = top.slot as StreamInfo & { record: TraceRecord<K> }
        const record = info.record
        record.bind(
          this.#decoder(top.eventId),
          top.view,
          top.data,
          top.offset,
          top.size,
          top.key,
          top.missed,
          big ? top.bigKey : undefined,
        )
        if (visit(record) === false) return
        if (advanceStream(info, big)) heap.topChanged()
        else heap.pop()
        if (ticks) progress.tick()
      }
      progress.finish()
    } finally {
      this.#source.release()
    }
  }

  #progress(sel: RecordSelection): Progress {
    return readProgress(sel, this.#buffersOf(sel.instance ?? ''))
  }
}
