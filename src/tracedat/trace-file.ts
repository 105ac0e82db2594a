import type { RegisteredKernel } from '../schema/field-types.js'
import type { EventFormat } from '../schema/format-types.js'
import type { FormatTexts } from '../schema/load.js'
import type { Schema } from '../schema/schema.js'
import type { ByteSource } from './byte-source.js'
import { decompressBlock } from './compression.js'
import type { Compression, ZstdDecoder } from './compression.js'
import { DecodeBudget } from './decode-budget.js'
import type { DecodeLimits } from './decode-budget.js'
import type { BufferData, ContainerParts, SectionInfo } from './container.js'
import { cpuPageSource } from './cpu-data.js'
import type { ReadProgress } from './cpu-data.js'
import { Cursor } from './cursor.js'
import { TraceDatError } from './errors.js'
import { bracketedClock } from './metadata.js'
import { OptionId } from './options.js'
import type { GuestInfo, TraceOptions } from './options.js'
import { CpuStream, PageFormatError } from './ring-buffer/cpu-stream.js'
import { FieldReader } from './ring-buffer/field-decoder.js'
import type { EventDecoder } from './ring-buffer/field-decoder.js'
import { MergeHeap } from './ring-buffer/merge-heap.js'
import { pageLayout } from './ring-buffer/page-layout.js'
import { TraceRecord } from './ring-buffer/record.js'
import type { RecordContext, RecordPeer } from './ring-buffer/record.js'
import { Symbols } from './symbols.js'
import { Timeline } from './timestamps.js'
import type { TimestampOptions } from './timestamps.js'

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

/** Which records to read. */
export interface RecordSelection {
  /** A buffer instance by name (`''`, the default: the top one), or `'*'`: every buffer, merged. */
  readonly instance?: string | undefined
  /** Only these CPUs (default all). */
  readonly cpus?: readonly number[] | undefined
  /** Called as the data is read with the fraction done (0..1). */
  readonly onProgress?: ((fraction: number) => void) | undefined
  /** Time stamp conversions for this pass, over the file's own (see {@link TimestampOptions}). */
  readonly timestamps?: TimestampOptions | undefined
  /** Tags every record with the session peer it belongs to (see {@link TraceRecord.peer}). */
  readonly peer?: RecordPeer | undefined
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

function unknownEvent(id: number): EventFormat {
  const field = (name: string, cType: string, offset: number, size: number, signed: boolean) =>
    ({
      name,
      cType,
      declaration: `${cType} ${name}`,
      offset,
      size,
      signed,
      arrayLength: undefined,
      dynamic: undefined,
      common: true,
      flags: signed ? 4 : 0,
      value: 'number',
    }) as const
  return {
    system: 'unknown',
    name: `event_${id}`,
    id,
    printFmt: '',
    fields: [
      field('common_type', 'unsigned short', 0, 2, false),
      field('common_flags', 'unsigned char', 2, 1, false),
      field('common_preempt_count', 'unsigned char', 3, 1, false),
      field('common_pid', 'int', 4, 4, true),
    ],
  }
}

/** The streams of one read, merged. */
interface Merge {
  readonly heap: MergeHeap
  readonly streams: readonly StreamInfo[]
}

interface StreamInfo {
  readonly stream: CpuStream
  readonly timeline: Timeline
  readonly instance: string
  readonly section: string
  /** What its records share. */
  readonly context: RecordContext
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
  constructor(
    name: string,
    source: ByteSource,
    parts: ContainerParts,
    schema: Schema,
    formatTexts: FormatTexts,
    cmdlines: Map<number, string>,
    timestamps: TimestampOptions,
    zstd: ZstdDecoder | undefined,
    limits?: DecodeLimits,
  ) {
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

  /** A fresh decode budget for one pass (see {@link DecodeLimits}). */
  #budget(): DecodeBudget {
    return new DecodeBudget(this.#source.size, this.#limits)
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
    const l = this.#parts.latency
    if (!l) return undefined
    return this.#use(() => {
      if (!l.compressed) return new TextDecoder('latin1').decode(this.#source.read(l.offset, l.size, 'latency text'))
      const source = cpuPageSource(
        this.#source,
        this.littleEndian,
        { name: '', clock: undefined, pageSize: this.pageSize, compressed: true, cpus: [] },
        { cpu: 0, offset: l.offset, size: l.size },
        this.compression,
        this.#zstd,
        'latency text',
        this.#budget(),
      )
      let text = ''
      for (let r = source.nextRun(); r; r = source.nextRun()) text += new TextDecoder('latin1').decode(r.data)
      return text.replace(/\0+$/, '')
    })
  }

  /** The BTF of the recording kernel (BTF_FILE section), when the file has one. */
  btf(): Uint8Array | undefined {
    return this.#wholeSection(OptionId.BTF_FILE, 'section 23 (btf)')
  }

  /** `/proc/modules` of the recording machine (MODULES_FILE section), when the file has it. */
  modules(): string | undefined {
    const data = this.#wholeSection(OptionId.MODULES_FILE, 'section 25 (modules)')
    return data && new TextDecoder('latin1').decode(data).replace(/\0+$/, '')
  }

  #wholeSection(id: number, what: string): Uint8Array | undefined {
    const offset = this.options.sections.get(id)
    if (offset === undefined) return undefined
    return this.#use(() => {
      const c = new Cursor(this.#source, this.littleEndian, what, offset)
      c.u16()
      const flags = c.u16()
      c.u32()
      const size = c.size64('section size')
      if ((flags & 1) === 0) return c.bytes(size, what).slice()
      const at = c.pos
      const cs = c.u32()
      const us = c.u32()
      return decompressBlock(
        this.compression,
        c.bytes(cs, 'compressed block'),
        us,
        what,
        at,
        this.#budget(),
        this.#zstd,
      )
    })
  }

  #use<T>(f: () => T): T {
    this.#source.acquire()
    try {
      return f()
    } finally {
      this.#source.release()
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

  /** Sets up one CPU stream per selected CPU of the selected buffers, each on its first event. */
  #merge(selection: RecordSelection, progress: ReadProgress): Merge {
    const buffers = this.#buffersOf(selection.instance ?? '')
    const wanted = selection.cpus ? new Set(selection.cpus) : undefined
    const infos: { stream: CpuStream; buffer: BufferData; index: number; section: string }[] = []
    const budget = this.#budget()
    const sortedBuffers = [...buffers].sort((a, b) => (a.name === '' ? -1 : b.name === '' ? 1 : 0))
    sortedBuffers.forEach((buffer, index) => {
      const layout = pageLayout(undefined, this.littleEndian, buffer.pageSize, this.longSize)
      for (const cpu of buffer.cpus) {
        if (wanted && !wanted.has(cpu.cpu)) continue
        const section = `${buffer.name ? `buffer '${buffer.name}' ` : ''}cpu ${cpu.cpu} data`
        const source = cpuPageSource(
          this.#source,
          this.littleEndian,
          buffer,
          cpu,
          this.compression,
          this.#zstd,
          section,
          budget,
          progress,
        )
        infos.push({
          stream: new CpuStream(cpu.cpu, layout, source, 0n, index * 65536 + cpu.cpu),
          buffer,
          index,
          section,
        })
      }
    })
    // One time origin per clock: the earliest first page of the buffers on it.
    const origins = new Map<string, bigint>()
    for (const info of infos) {
      const first = this.#guard(info.section, info.stream, () => info.stream.firstPageTimestamp())
      if (first === undefined) continue
      const clock = info.buffer.clock ?? ''
      const known = origins.get(clock)
      if (known === undefined || first < known) origins.set(clock, first)
    }
    const timestamps = this.#timestampsFor(selection)
    const timelines = new Map<BufferData, Timeline>()
    const streams: StreamInfo[] = infos.map((info) => {
      const base = origins.get(info.buffer.clock ?? '') ?? 0n
      let timeline = timelines.get(info.buffer)
      if (!timeline)
        timelines.set(info.buffer, (timeline = new Timeline(base, this.options, timestamps, info.buffer.name === '')))
      info.stream.cursor.setBase(base)
      // Records are given their merge key (see Timeline.key) and turn it into their time stamp.
      const context: RecordContext = {
        cpu: info.stream.cpu,
        instance: info.buffer.name,
        reader: this.#reader,
        comms: this.cmdlines,
        clock: timeline.keyClock,
        cache: undefined,
        peer: selection.peer,
      }
      const s = { stream: info.stream, timeline, instance: info.buffer.name, section: info.section, context }
      info.stream.slot = s
      return s
    })
    const big = origins.size > 1 || streams.some((s) => !s.timeline.plain && !s.timeline.numericKeys)
    const heap = new MergeHeap(big)
    for (const s of streams) if (this.#advance(s, big)) heap.push(s.stream)
    return { heap, streams }
  }

  #guard<T>(section: string, stream: CpuStream, f: () => T): T {
    try {
      return f()
    } catch (error) {
      if (error instanceof PageFormatError)
        throw new TraceDatError(section, stream.runPosition + error.offset, error.message, { cause: error })
      throw error
    }
  }

  #advance(s: StreamInfo, big: boolean): boolean {
    const stream = s.stream
    let more: boolean
    try {
      more = stream.advance()
    } catch (error) {
      if (error instanceof PageFormatError)
        throw new TraceDatError(s.section, stream.runPosition + error.offset, error.message, { cause: error })
      throw error
    }
    if (!more) return false
    if (big) stream.bigKey = s.timeline.ts(stream.rel, stream.cpu)
    else stream.key = s.timeline.numericKeys ? s.timeline.key(stream.rel, stream.cpu) : stream.rel
    return true
  }

  /**
   * Records merged across CPUs in time order (ties: the top buffer first,
   * then the lower CPU, as trace-cmd orders them), each a new object that can
   * be kept. Pass an instance name, `'*'` for every buffer, or a
   * {@link RecordSelection}.
   *
   * @example
   * for (const r of trace.records()) {
   *   if (r.is('sched', 'sched_switch')) console.log(r.ts, r.fields.prev_comm, '->', r.fields.next_comm)
   * }
   */
  records(selection: string | RecordSelection = {}): IterableIterator<TraceRecord<K>> {
    const sel = typeof selection === 'string' ? { instance: selection } : selection
    this.#source.acquire()
    try {
      const progress = this.#progress(sel)
      const { heap } = this.#merge(sel, progress)
      return new RecordIterator<K>(
        heap,
        (id) => this.#decoder(id),
        (s) => this.#advance(s, heap.big),
        this.#reader,
        this.cmdlines,
        sel.onProgress !== undefined ? progress : undefined,
        this.#source,
      )
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
   * let switches = 0
   * trace.iterate((r) => { if (r.is('sched', 'sched_switch')) switches++ })
   */
  iterate(visit: (record: TraceRecord<K>) => void | boolean, selection: string | RecordSelection = {}): void {
    const sel = typeof selection === 'string' ? { instance: selection } : selection
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
        if (this.#advance(info, big)) heap.topChanged()
        else heap.pop()
        if (ticks) progress.tick()
      }
      progress.finish()
    } finally {
      this.#source.release()
    }
  }

  #progress(sel: RecordSelection): ReadProgress & { tick(): void; finish(): void } {
    const report = sel.onProgress
    const buffers = this.#buffersOf(sel.instance ?? '')
    const total =
      buffers.reduce(
        (sum, b) => sum + b.cpus.reduce((s, c) => s + (!sel.cpus || sel.cpus.includes(c.cpu) ? c.size : 0), 0),
        0,
      ) || 1
    let n = 0
    const p = {
      done: 0,
      tick() {
        if (report !== undefined && (++n & 0x3fff) === 0) report(Math.min(1, p.done / total))
      },
      finish() {
        report?.(1)
      },
    }
    return p
  }
}

/**
 * The iterator {@link TraceFile.records} returns: one new record per step,
 * through a reused result object (no generator, no per-step allocation but
 * the record).
 */
class RecordIterator<K> implements IterableIterator<TraceRecord<K>> {
  readonly #heap: MergeHeap
  readonly #decoder: (id: number) => EventDecoder
  readonly #advance: (s: StreamInfo) => boolean
  readonly #reader: FieldReader
  readonly #cmdlines: ReadonlyMap<number, string>
  readonly #progress: { tick(): void; finish(): void } | undefined
  #source: ByteSource | undefined
  readonly #result: IteratorResult<TraceRecord<K>> = { done: false, value: undefined as unknown as TraceRecord<K> }

  constructor(
    heap: MergeHeap,
    decoder: (id: number) => EventDecoder,
    advance: (s: StreamInfo) => boolean,
    reader: FieldReader,
    cmdlines: ReadonlyMap<number, string>,
    progress: { tick(): void; finish(): void } | undefined,
    source: ByteSource,
  ) {
    this.#heap = heap
    this.#decoder = decoder
    this.#advance = advance
    this.#reader = reader
    this.#cmdlines = cmdlines
    this.#progress = progress
    this.#source = source
  }

  [Symbol.iterator](): this {
    return this
  }

  next(): IteratorResult<TraceRecord<K>> {
    const heap = this.#heap
    const top = heap.top()
    if (top === undefined) return this.return()
    const s = top.slot as StreamInfo
    const decoder = this.#decoder(top.eventId)
    const r = new TraceRecord<K>(
      s.context,
      decoder,
      top.view,
      top.data,
      top.offset,
      top.size,
      top.key,
      top.missed,
      heap.big ? top.bigKey : undefined,
    )
    try {
      if (this.#advance(s)) heap.topChanged()
      else heap.pop()
    } catch (error) {
      this.return()
      throw error
    }
    this.#progress?.tick()
    const result = this.#result as IteratorYieldResult<TraceRecord<K>>
    result.value = r
    return result
  }

  /** Ends the walk (a `break` out of `for...of` calls it): the file is closed when no other walk uses it. */
  return(): IteratorResult<TraceRecord<K>> {
    if (this.#source) {
      this.#source.release()
      this.#source = undefined
      this.#progress?.finish()
      while (this.#heap.size > 0) this.#heap.pop()
    }
    return { done: true, value: undefined }
  }
}
