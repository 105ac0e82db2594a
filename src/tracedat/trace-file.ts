import { readFile } from 'node:fs/promises'
import { schemaFromTexts } from '../schema/load.js'
import type { Schema } from '../schema/schema.js'
import type { EventFormat } from '../schema/format-types.js'
import { decompressBlock } from './compression.js'
import type { Compression } from './compression.js'
import { Cursor } from './cursor.js'
import { TraceDatError } from './errors.js'
import { decodeOption, emptyOptions, OptionId } from './options.js'
import type { BufferInfo, TraceOptions } from './options.js'
import { FieldReader } from './ring-buffer/field-decoder.js'
import { pageEvents, PageFormatError } from './ring-buffer/page.js'
import type { PageLayout } from './ring-buffer/page.js'
import { TraceRecord } from './ring-buffer/record.js'

const MAGIC = [0x17, 0x08, 0x44, ...Buffer.from('tracing')]

/** Where one CPU's data of one buffer is. */
interface CpuData {
  readonly cpu: number
  readonly offset: number
  readonly size: number
}

/** One buffer of the file (the top one is named `''`). */
export interface TraceBuffer {
  readonly name: string
  readonly clock: string | undefined
  readonly pageSize: number
  readonly compressed: boolean
  readonly cpus: readonly CpuData[]
}

/**
 * A trace.dat file (versions 6 and 7, uncompressed, zlib or zstd), fully
 * checked when opened: its header, options, event formats (as a
 * {@link Schema}), task names, and where each CPU's data is. Records are
 * decoded as they are iterated.
 */
export class TraceFile {
  readonly name: string
  readonly data: Uint8Array
  readonly version: number
  readonly littleEndian: boolean
  /** The recording tool's long size from the header (the kernel's is `schema.longSize`). */
  readonly headerLongSize: number
  readonly pageSize: number
  readonly compression: Compression
  readonly compressionVersion: string
  readonly options: TraceOptions
  readonly schema: Schema
  /** pid -> comm, from the saved cmdlines. */
  readonly cmdlines: ReadonlyMap<number, string>
  readonly kallsyms: string
  readonly printk: string
  readonly buffers: readonly TraceBuffer[]
  readonly cpuCount: number
  #reader: FieldReader

  constructor(init: {
    name: string; data: Uint8Array; version: number; littleEndian: boolean; headerLongSize: number; pageSize: number
    compression: Compression; compressionVersion: string; options: TraceOptions; schema: Schema; cmdlines: Map<number, string>
    kallsyms: string; printk: string; buffers: TraceBuffer[]; cpuCount: number
  }) {
    this.name = init.name
    this.data = init.data
    this.version = init.version
    this.littleEndian = init.littleEndian
    this.headerLongSize = init.headerLongSize
    this.pageSize = init.pageSize
    this.compression = init.compression
    this.compressionVersion = init.compressionVersion
    this.options = init.options
    this.schema = init.schema
    this.cmdlines = init.cmdlines
    this.kallsyms = init.kallsyms
    this.printk = init.printk
    this.buffers = init.buffers
    this.cpuCount = init.cpuCount
    this.#reader = new FieldReader(init.littleEndian, init.schema.longSize)
    this.#plainTs = this.options.tsc2nsec === undefined && this.tsOffset === 0n
  }

  /** No conversion to apply to time stamps (the common case: skip the work). */
  readonly #plainTs: boolean

  /** The trace clock in use (`local`, `global`, `x86-tsc`, ...). */
  get clock(): string {
    const bracketed = /\[([^\]]+)\]/.exec(this.options.traceClock ?? '')
    return bracketed?.[1] ?? this.buffers.find((b) => b.name === '')?.clock ?? 'local'
  }

  /** This peer's trace id in its session (the TRACEID option), 0n when absent. */
  get traceId(): bigint {
    return this.options.traceId ?? 0n
  }

  get uname(): string | undefined {
    return this.options.uname
  }

  /** trace-cmd's version string that wrote the file. */
  get traceCmdVersion(): string | undefined {
    return this.options.version
  }

  /** The buffer instance names (`''` is the top one). */
  get instances(): string[] {
    return this.buffers.map((b) => b.name)
  }

  /** ns added to every time stamp: the OFFSET option and the DATE option (µs), as trace-cmd applies them. */
  get tsOffset(): bigint {
    let offset = 0n
    if (this.options.offset) offset += parseCNumber(this.options.offset)
    if (this.options.date) offset += parseCNumber(this.options.date) * 1000n
    return offset
  }

  /** A raw ring-buffer time stamp in the file's time: TSC2NSEC conversion, then the offsets. */
  convertTs(raw: bigint): bigint {
    let ts = raw
    const tsc = this.options.tsc2nsec
    if (tsc) ts = (ts * BigInt(tsc.multiplier)) >> BigInt(tsc.shift)
    return ts + this.tsOffset
  }

  /** Records of one CPU of a buffer, in file order. */
  *cpuRecords(cpu: number, instance = ''): Generator<TraceRecord> {
    const buffer = this.#buffer(instance)
    const data = buffer.cpus.find((c) => c.cpu === cpu)
    if (!data || data.size === 0) return
    const layout: PageLayout = { pageSize: buffer.pageSize || this.pageSize, longSize: this.schema.longSize === 4 ? 4 : 8, littleEndian: this.littleEndian }
    const section = `${instance ? `buffer '${instance}' ` : ''}cpu ${cpu} data`
    for (const [pages, base] of this.#cpuPages(buffer, data, section)) {
      for (let start = 0; start + layout.pageSize <= pages.byteLength; start += layout.pageSize) {
        try {
          for (const ev of pageEvents(pages, start, layout)) {
            if (ev.size < 2) continue
            const id = this.littleEndian ? pages[ev.offset]! | (pages[ev.offset + 1]! << 8) : (pages[ev.offset]! << 8) | pages[ev.offset + 1]!
            const event = this.schema.byId(id) ?? unknownEvent(id)
            // The file's bytes and each decompressed chunk are never reused: records keep a view.
            yield new TraceRecord(this.#plainTs ? ev.ts : this.convertTs(ev.ts), cpu, event, pages, this.#reader, ev.missed, this.cmdlines, instance, ev.offset, ev.size)
          }
        } catch (error) {
          if (error instanceof PageFormatError) throw new TraceDatError(section, base + start + error.offset - start, error.message)
          throw error
        }
      }
    }
  }

  /**
   * Records merged across CPUs in time order (ties by CPU): of the top buffer,
   * of one instance by name, or of every buffer (`'*'`, as `trace-cmd report` shows them).
   */
  *records(instance = ''): Generator<TraceRecord> {
    const buffers = instance === '*' ? this.buffers : [this.#buffer(instance)]
    const its = buffers.flatMap((b) => b.cpus.map((c) => this.cpuRecords(c.cpu, b.name)))
    const heads = its.map((it) => it.next())
    for (;;) {
      let best = -1
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i]!
        if (h.done) continue
        if (best < 0) best = i
        else {
          const b = (heads[best] as IteratorYieldResult<TraceRecord>).value
          const v = h.value
          if (v.ts < b.ts || (v.ts === b.ts && v.cpu < b.cpu)) best = i
        }
      }
      if (best < 0) return
      yield (heads[best] as IteratorYieldResult<TraceRecord>).value
      heads[best] = its[best]!.next()
    }
  }

  /**
   * The fastest way through a file: calls `visit` for every record in time
   * order (merged across CPUs, like {@link records}) with one reused record
   * per CPU, as libtracecmd's `tracecmd_iterate_events` does. The record is
   * only valid during the call: copy what you keep (or use {@link records}).
   * Return `false` to stop.
   *
   * @example
   * let switches = 0
   * trace.iterate((r) => { if (r.name === 'sched_switch') switches++ })
   */
  iterate(visit: (record: TraceRecord) => void | boolean, instance = ''): void {
    const buffers = instance === '*' ? this.buffers : [this.#buffer(instance)]
    const sources = buffers.flatMap((b) => b.cpus.map((c) => this.#cursor(b, c)))
    const live = sources.filter((s) => s.next())
    while (live.length > 0) {
      let best = 0
      for (let i = 1; i < live.length; i++) {
        const a = live[i]!.record
        const b = live[best]!.record
        if (a.ts < b.ts || (a.ts === b.ts && a.cpu < b.cpu)) best = i
      }
      const source = live[best]!
      if (visit(source.record) === false) return
      if (!source.next()) live.splice(best, 1)
    }
  }

  /** One CPU's records through a single reused record object. */
  #cursor(buffer: TraceBuffer, data: CpuData): { record: TraceRecord; next: () => boolean } {
    const layout: PageLayout = { pageSize: buffer.pageSize || this.pageSize, longSize: this.schema.longSize === 4 ? 4 : 8, littleEndian: this.littleEndian }
    const section = `${buffer.name ? `buffer '${buffer.name}' ` : ''}cpu ${data.cpu} data`
    const record = new TraceRecord(0n, data.cpu, unknownEvent(0), new Uint8Array(0), this.#reader, 0, this.cmdlines, buffer.name)
    const runs = data.size === 0 ? [][Symbol.iterator]() : this.#cpuPages(buffer, data, section)
    let pages: Uint8Array | undefined
    let base = 0
    let start = 0
    let events: Generator<import('./ring-buffer/page.js').PageEvent, void, void> | undefined
    const next = (): boolean => {
      for (;;) {
        if (events) {
          let step
          try {
            step = events.next()
          } catch (error) {
            if (error instanceof PageFormatError) throw new TraceDatError(section, base + error.offset, error.message)
            throw error
          }
          if (!step.done) {
            const ev = step.value
            if (ev.size < 2) continue
            const p = pages!
            const id = this.littleEndian ? p[ev.offset]! | (p[ev.offset + 1]! << 8) : (p[ev.offset]! << 8) | p[ev.offset + 1]!
            record.reset(this.#plainTs ? ev.ts : this.convertTs(ev.ts), this.schema.byId(id) ?? unknownEvent(id), p, ev.offset, ev.size, ev.missed)
            return true
          }
          events = undefined
          start += layout.pageSize
        }
        if (pages && start + layout.pageSize <= pages.byteLength) {
          events = pageEvents(pages, start, layout)
          continue
        }
        const run = runs.next()
        if (run.done) return false
        ;[pages, base] = run.value
        start = 0
      }
    }
    return { record, next }
  }

  #buffer(instance: string): TraceBuffer {
    const buffer = this.buffers.find((b) => b.name === instance)
    if (!buffer) throw new TraceDatError('buffers', 0, `no buffer instance '${instance}' (the file has ${this.buffers.map((b) => `'${b.name}'`).join(', ')})`)
    return buffer
  }

  /** The CPU's data as runs of whole pages, with the file offset of each run. */
  *#cpuPages(buffer: TraceBuffer, cpu: CpuData, section: string): Generator<[Uint8Array, number]> {
    if (cpu.offset + (buffer.compressed ? 4 : cpu.size) > this.data.byteLength) throw new TraceDatError(section, cpu.offset, `data runs past the end of the file (${this.data.byteLength} bytes): possibly truncated`)
    if (!buffer.compressed) {
      yield [this.data.subarray(cpu.offset, Math.min(cpu.offset + cpu.size, this.data.byteLength)), cpu.offset]
      return
    }
    // Walk the chunk headers (trace-cmd 3.0-3.1 store a size 4 bytes short).
    const c = new Cursor(this.data, this.littleEndian, section, cpu.offset)
    const count = c.u32()
    if (count > 1_000_000) c.fail(`${count} compressed chunks`)
    for (let i = 0; i < count; i++) {
      const at = c.pos
      const compressedSize = c.u32()
      const size = c.u32()
      const block = c.bytes(compressedSize, `compressed chunk ${i}`)
      if (size % (buffer.pageSize || this.pageSize) !== 0) c.fail(`chunk ${i} holds ${size} bytes, not whole pages`, at)
      yield [decompressBlock(this.compression, block, size, section, at), at]
    }
  }
}

function unknownEvent(id: number): EventFormat {
  return { system: 'unknown', name: `event_${id}`, id, fields: [], printFmt: '' }
}

function parseCNumber(text: string): bigint {
  const t = text.trim()
  const negative = t.startsWith('-')
  const body = negative ? t.slice(1) : t
  const v = /^0x/i.test(body) ? BigInt(body) : /^0\d+$/.test(body) ? BigInt(`0o${body.slice(1)}`) : BigInt(body || '0')
  return negative ? -v : v
}

/**
 * Opens a trace.dat file (a path, or its bytes) and checks its structure.
 *
 * @example
 * const trace = await openTrace('trace.dat')
 * for (const r of trace.records()) console.log(r.ts, r.cpu, r.name, r.fields)
 */
export async function openTrace(input: string | Uint8Array): Promise<TraceFile> {
  if (typeof input === 'string') {
    const data = await readFile(input).catch((error: NodeJS.ErrnoException) => {
      throw new TraceDatError('file', 0, `cannot read ${input}: ${error.code ?? error.message}`)
    })
    return readTrace(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), input)
  }
  return readTrace(input, '<buffer>')
}

/** {@link openTrace} for bytes already in memory. */
export function readTrace(data: Uint8Array, name = '<buffer>'): TraceFile {
  const c = new Cursor(data, true, 'header')
  for (const b of MAGIC) if (c.u8() !== b) c.fail('not a trace.dat file (bad magic)', 0)
  const versionText = c.cstr('version')
  const version = Number(versionText)
  if (version !== 6 && version !== 7) c.fail(`unsupported file version '${versionText}' (6 and 7 are read)`)
  const endian = c.u8()
  if (endian > 1) c.fail(`endianness byte ${endian}`)
  const le = endian === 0
  const cur = new Cursor(data, le, 'header', c.pos)
  const headerLongSize = cur.u8()
  if (headerLongSize !== 4 && headerLongSize !== 8) cur.fail(`long size ${headerLongSize}`)
  const pageSize = cur.u32()
  if (pageSize < 256 || pageSize > 1 << 24 || (pageSize & (pageSize - 1)) !== 0) cur.fail(`page size ${pageSize}`)
  const parts = version === 7 ? readV7(data, cur, le) : readV6(data, cur, le)
  const headerPage = parts.headerPage
  const schema = schemaFromTexts({ source: name, formats: parts.formats, headerPage, headerEvent: parts.headerEvent })
  if (schema.errors.length > 0) {
    const e = schema.errors[0]!
    throw new TraceDatError('event formats', 0, `${schema.errors.length} event format(s) do not parse; first: ${e.message}`)
  }
  const cmdlines = new Map<number, string>()
  for (const line of parts.cmdlines.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line)
    if (m) cmdlines.set(Number(m[1]), m[2]!)
  }
  const cpuCount = Math.max(parts.options.cpuCount ?? 0, parts.cpuCount, ...parts.buffers.flatMap((b) => b.cpus.map((x) => x.cpu + 1)))
  return new TraceFile({
    name, data, version, littleEndian: le, headerLongSize, pageSize, compression: parts.compression, compressionVersion: parts.compressionVersion,
    options: parts.options, schema, cmdlines, kallsyms: parts.kallsyms, printk: parts.printk, buffers: parts.buffers, cpuCount,
  })
}

interface Parts {
  compression: Compression
  compressionVersion: string
  headerPage: string | undefined
  headerEvent: string | undefined
  formats: (readonly [string, string, string])[]
  kallsyms: string
  printk: string
  cmdlines: string
  options: TraceOptions
  buffers: TraceBuffer[]
  cpuCount: number
}

function eventName(text: string): string {
  return /^name:\s*(\S+)/m.exec(text)?.[1] ?? '?'
}

function readHeaders(c: Cursor): { headerPage: string; headerEvent: string } {
  if (c.text(12, 'header_page tag') !== 'header_page\0') c.fail("expected 'header_page'", c.pos - 12)
  const headerPage = c.text(c.size64('header_page size'), 'header_page text')
  if (c.text(13, 'header_event tag') !== 'header_event\0') c.fail("expected 'header_event'", c.pos - 13)
  const headerEvent = c.text(c.size64('header_event size'), 'header_event text')
  return { headerPage, headerEvent }
}

function readFtraceFormats(c: Cursor, into: (readonly [string, string, string])[]): void {
  const count = c.u32()
  if (count > 100_000) c.fail(`${count} ftrace formats`)
  for (let i = 0; i < count; i++) {
    const text = c.text(c.size64('format size'), 'format text')
    into.push(['ftrace', eventName(text), text])
  }
}

function readEventFormats(c: Cursor, into: (readonly [string, string, string])[]): void {
  const systems = c.u32()
  if (systems > 100_000) c.fail(`${systems} systems`)
  for (let s = 0; s < systems; s++) {
    const system = c.cstr('system name')
    const count = c.u32()
    if (count > 100_000) c.fail(`${count} formats in system '${system}'`)
    for (let i = 0; i < count; i++) {
      const text = c.text(c.size64('format size'), 'format text')
      into.push([system, eventName(text), text])
    }
  }
}

function readV6(data: Uint8Array, c: Cursor, le: boolean): Parts {
  c.section = 'headers'
  const { headerPage, headerEvent } = readHeaders(c)
  const formats: (readonly [string, string, string])[] = []
  c.section = 'ftrace event formats'
  readFtraceFormats(c, formats)
  c.section = 'event formats'
  readEventFormats(c, formats)
  c.section = 'kallsyms'
  const kallsyms = c.text(c.u32(), 'kallsyms')
  c.section = 'printk formats'
  const printk = c.text(c.u32(), 'printk formats')
  c.section = 'cmdlines'
  const cmdlines = c.text(c.size64('cmdlines size'), 'cmdlines')
  c.section = 'cpus'
  const cpuCount = c.u32()
  if (cpuCount > 4096) c.fail(`${cpuCount} CPUs`)
  const options = emptyOptions()
  let tag = c.text(10, 'section tag')
  if (tag === 'options  \0') {
    c.section = 'options'
    for (;;) {
      const id = c.u16()
      if (id === OptionId.DONE) break
      const size = c.u32()
      c.need(size, `option ${id}`)
      decodeOption(id, c, size, 6, options)
    }
    tag = c.text(10, 'section tag')
  }
  if (tag === 'latency  \0') throw new TraceDatError('latency', c.pos, 'latency (text) traces have no records to read')
  if (tag !== 'flyrecord\0') c.fail(`expected 'flyrecord', found '${tag.replace(/\0/g, '\\0')}'`, c.pos - 10)
  const top = readFlyrecordTable(c, cpuCount, options.traceClock !== undefined)
  const buffers: TraceBuffer[] = [{ name: '', clock: top.clock, pageSize: 0, compressed: false, cpus: top.cpus }]
  for (const b of options.buffers) {
    const bc = new Cursor(data, le, `buffer '${b.name}'`, b.offset)
    if (bc.text(10, 'flyrecord tag') !== 'flyrecord\0') bc.fail("expected 'flyrecord'", b.offset)
    const t = readFlyrecordTable(bc, cpuCount, options.traceClock !== undefined)
    buffers.push({ name: b.name, clock: t.clock, pageSize: 0, compressed: false, cpus: t.cpus })
  }
  return { compression: 'none', compressionVersion: '', headerPage, headerEvent, formats, kallsyms, printk, cmdlines, options, buffers, cpuCount }
}

function readFlyrecordTable(c: Cursor, cpuCount: number, hasClock: boolean): { cpus: CpuData[]; clock: string | undefined } {
  c.section = 'flyrecord'
  const cpus: CpuData[] = []
  for (let cpu = 0; cpu < cpuCount; cpu++) cpus.push({ cpu, offset: c.size64('cpu data offset'), size: c.size64('cpu data size') })
  let clock: string | undefined
  if (hasClock && c.remaining >= 8) {
    const text = c.text(c.size64('clock size'), 'clock')
    clock = /\[([^\]]+)\]/.exec(text)?.[1]
  }
  return { cpus, clock }
}

function readV7(data: Uint8Array, c: Cursor, le: boolean): Parts {
  c.section = 'compression header'
  const name = c.cstr('compression name')
  if (name !== 'none' && name !== 'zlib' && name !== 'zstd') c.fail(`unknown compression '${name}'`)
  const compression: Compression = name
  const compressionVersion = c.cstr('compression version')
  const optionsOffset = c.size64('options offset')
  const firstSection = c.pos

  const readSection = (offset: number, expectId: number | undefined, what: string): { id: number; compressed: boolean; payload: Uint8Array; payloadOffset: number } => {
    const s = new Cursor(data, le, what, offset)
    const id = s.u16()
    const flags = s.u16()
    s.u32() // description string id
    const size = s.size64('section size')
    if (expectId !== undefined && id !== expectId) s.fail(`expected section ${expectId}, found ${id}`, offset)
    const payloadOffset = s.pos
    if ((flags & 1) === 0 || id === OptionId.BUFFER) return { id, compressed: (flags & 1) !== 0, payload: s.bytes(Math.min(size, id === OptionId.BUFFER ? 0 : size), 'section payload'), payloadOffset }
    s.need(size, 'compressed section')
    const cs = s.u32()
    const us = s.u32()
    if (cs + 8 > size) s.fail(`compressed block of ${cs} bytes in a section of ${size}`)
    const block = s.bytes(cs, 'compressed block')
    return { id, compressed: true, payload: decompressBlock(compression, block, us, what, payloadOffset), payloadOffset }
  }

  // The option chain: OPTIONS sections linked by their DONE option.
  const options = emptyOptions()
  const seen = new Set<number>()
  let next = optionsOffset
  while (next !== 0) {
    if (seen.has(next)) throw new TraceDatError('options', next, 'the option chain loops')
    seen.add(next)
    const section = readSection(next, OptionId.DONE, 'options')
    const oc = new Cursor(section.payload, le, 'options', 0, section.payloadOffset)
    next = 0
    for (;;) {
      const id = oc.u16()
      const size = oc.u32()
      oc.need(size, `option ${id}`)
      if (id === OptionId.DONE) {
        next = size >= 8 ? oc.size64('next options offset') : 0
        break
      }
      decodeOption(id, oc, size, 7, options)
    }
  }

  const sectionPayload = (id: number, what: string): Cursor | undefined => {
    const offset = options.sections.get(id)
    if (offset === undefined) return undefined
    const s = readSection(offset, id, what)
    return new Cursor(s.payload, le, what, 0, s.payloadOffset)
  }
  const headersCursor = sectionPayload(OptionId.HEADER_INFO, 'section 16 (headers)')
  if (!headersCursor) throw new TraceDatError('options', optionsOffset, 'no HEADER_INFO section')
  const { headerPage, headerEvent } = readHeaders(headersCursor)
  const formats: (readonly [string, string, string])[] = []
  const ftrace = sectionPayload(OptionId.FTRACE_EVENTS, 'section 17 (ftrace events)')
  if (ftrace) readFtraceFormats(ftrace, formats)
  const events = sectionPayload(OptionId.EVENT_FORMATS, 'section 18 (event formats)')
  if (events) readEventFormats(events, formats)
  const ks = sectionPayload(OptionId.KALLSYMS, 'section 19 (kallsyms)')
  const kallsyms = ks ? ks.text(ks.u32(), 'kallsyms') : ''
  const pk = sectionPayload(OptionId.PRINTK, 'section 20 (printk)')
  const printk = pk ? pk.text(pk.u32(), 'printk formats') : ''
  const cl = sectionPayload(OptionId.CMDLINES, 'section 21 (cmdlines)')
  const cmdlines = cl ? cl.text(cl.size64('cmdlines size'), 'cmdlines') : ''
  void firstSection

  const buffers: TraceBuffer[] = options.buffers.map((b: BufferInfo) => {
    const s = readSection(b.offset, OptionId.BUFFER, `buffer '${b.name}'`)
    return { name: b.name, clock: b.clock, pageSize: b.pageSize, compressed: s.compressed, cpus: b.cpus }
  })
  if (!buffers.some((b) => b.name === '')) buffers.unshift({ name: '', clock: undefined, pageSize: 0, compressed: false, cpus: [] })
  return { compression, compressionVersion, headerPage, headerEvent, formats, kallsyms, printk, cmdlines, options, buffers, cpuCount: options.cpuCount ?? 0 }
}
