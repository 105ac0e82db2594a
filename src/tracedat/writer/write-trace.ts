import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs'
import { compressUsingDict, createCCtx } from '@bokuweb/zstd-wasm'
import '../compression.js' // initialises the zstd module
import { parseHeaderPage } from '../../schema/parse-headers.js'
import { TypedFtraceError } from '../../errors.js'
import { OptionId } from '../option-id.js'
import { ByteBuilder } from './byte-builder.js'

/** Text as a string (written as UTF-8) or as the bytes read from a file. */
export type TextInput = string | Uint8Array

/** One CPU's ring-buffer pages: whole pages, as `per_cpu/cpuN/trace_pipe_raw` gives them. */
export interface CpuPagesInput {
  readonly cpu: number
  /** The pages in memory, or a file holding them (read in chunks, never whole). */
  readonly data: Uint8Array | { readonly file: string }
}

/** A ring buffer of the file: the top one (`name: ''`) or an instance's (`trace-cmd record -B`). */
export interface BufferInput {
  readonly name: string
  /** Trace clock of this buffer (default: the file's clock). */
  readonly clock?: string
  /** Sub-buffer size (default: the file's page size). */
  readonly pageSize?: number
  readonly cpus: readonly CpuPagesInput[]
}

/** A CPU's statistics (`per_cpu/cpuN/stats` text) for a CPUSTAT option. */
export interface CpuStatInput {
  /** `''` for the top buffer. */
  readonly instance: string
  readonly cpu: number
  readonly text: TextInput
}

/** Everything a trace.dat file holds; see {@link writeTrace}. */
export interface TraceInput {
  /** File version (default 7). */
  readonly version?: 6 | 7
  /** Compression of a version 7 file (default `'zstd'`, as trace-cmd 3.x writes; version 6 is never compressed). */
  readonly compression?: 'zstd' | 'none'
  /**
   * zstd level (default 1: about 16 times smaller on sched events, a few percent larger than
   * level 3 at half its cost; negative levels are faster still).
   */
  readonly compressionLevel?: number
  /** `events/header_page` text: gives the kernel's long size and the page size. */
  readonly headerPage: TextInput
  /** `events/header_event` text. */
  readonly headerEvent: TextInput
  /** Page (sub-buffer) size (default: from `headerPage`). */
  readonly pageSize?: number
  /** Format files of the `ftrace` system's events. */
  readonly ftraceFormats?: readonly TextInput[]
  /** Format files of the other events, per system. */
  readonly eventFormats?: readonly { readonly system: string; readonly formats: readonly TextInput[] }[]
  /** `/proc/kallsyms` text (empty when not given). */
  readonly kallsyms?: TextInput
  /** `printk_formats` text. */
  readonly printk?: TextInput
  /** `saved_cmdlines` text: `pid comm` lines. */
  readonly cmdlines?: TextInput
  /** Number of CPUs of the machine. */
  readonly cpuCount: number
  /** The trace clock in use (default `local`). */
  readonly clock?: string
  /** The `trace_clock` file's text for the TRACECLOCK option (default `[<clock>]`). */
  readonly traceClockText?: string
  /** `<sysname> <nodename> <release> <machine>` for the UNAME option. */
  readonly uname?: string
  /** The VERSION option's text (the writing program's version). */
  readonly writer?: string
  /** The TRACEID option. */
  readonly traceId?: bigint
  readonly cpuStats?: readonly CpuStatInput[]
  /** The ring buffers, top one first by convention. */
  readonly buffers: readonly BufferInput[]
  /** Further options written as given, in the first option list (tests write edge cases with them). */
  readonly options?: readonly { readonly id: number; readonly data: Uint8Array }[]
}

/** Where one CPU's data went. */
export interface WrittenCpu {
  readonly cpu: number
  /** File offset of the CPU's data (page aligned). */
  readonly offset: number
  /** Bytes on disk (a chunk stream when compressed). */
  readonly size: number
  /** Pages written. */
  readonly pages: number
}

/** What {@link writeTrace} wrote. */
export interface WriteTraceResult {
  readonly path: string
  readonly bytes: number
  readonly version: 6 | 7
  readonly compression: 'zstd' | 'none'
  readonly buffers: readonly { readonly name: string; readonly cpus: readonly WrittenCpu[] }[]
}

const MAGIC = [0x17, 0x08, 0x44]
/** Pages per compressed chunk, as trace-cmd writes them. */
const PAGES_IN_CHUNK = 10
const ZSTD_LEVEL = 1
/** The zstd library version written in the header (the one built into `@bokuweb/zstd-wasm`). */
const ZSTD_VERSION = '1.5.5'

const SectionId = {
  options: 0,
  buffer: 3,
  strings: 15,
  headerInfo: 16,
  ftraceEvents: 17,
  eventFormats: 18,
  kallsyms: 19,
  printk: 20,
  cmdlines: 21,
} as const

/** An output file written at known positions. */
class Output {
  readonly fd: number
  pos = 0

  constructor(path: string) {
    this.fd = openSync(path, 'w')
  }

  write(data: Uint8Array): void {
    let done = 0
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, this.pos + done)
    this.pos += data.length
  }

  /** Overwrites bytes written earlier. */
  patch(at: number, data: Uint8Array): void {
    let done = 0
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, at + done)
  }

  patchU64(at: number, value: number | bigint): void {
    this.patch(at, new ByteBuilder().u64(value).view().slice())
  }

  align(pageSize: number): void {
    const pad = (pageSize - (this.pos % pageSize)) % pageSize
    if (pad > 0) this.write(new Uint8Array(pad))
  }
}

/** Reads a CPU's pages in pieces of `size` bytes (the last one shorter). */
function* pieces(data: CpuPagesInput['data'], size: number): Generator<Uint8Array> {
  if (data instanceof Uint8Array) {
    for (let at = 0; at < data.length; at += size) yield data.subarray(at, Math.min(data.length, at + size))
    return
  }
  const fd = openSync(data.file, 'r')
  try {
    const buffer = new Uint8Array(size)
    for (;;) {
      let n = 0
      while (n < size) {
        const got = readSync(fd, buffer, n, size - n, null)
        if (got === 0) break
        n += got
      }
      if (n === 0) return
      yield buffer.subarray(0, n)
      if (n < size) return
    }
  } finally {
    closeSync(fd)
  }
}

function byteLength(data: CpuPagesInput['data']): number {
  if (data instanceof Uint8Array) return data.length
  const fd = openSync(data.file, 'r')
  try {
    return fstatSync(fd).size
  } finally {
    closeSync(fd)
  }
}

let level = ZSTD_LEVEL
/** One compression context for every block: half again as fast as a new one per 40 KB chunk. */
let context: number | undefined
const NO_DICTIONARY = new Uint8Array(0)

function compressBlock(data: Uint8Array): Uint8Array {
  context ??= createCCtx()
  return compressUsingDict(context, data, NO_DICTIONARY, level)
}

/** The header-info payload: header_page and header_event with their sizes. */
function headerInfo(input: TraceInput): Uint8Array {
  const b = new ByteBuilder()
  const page = textBytes(input.headerPage)
  const event = textBytes(input.headerEvent)
  b.cstr('header_page').u64(page.length).bytes(page)
  b.cstr('header_event').u64(event.length).bytes(event)
  return b.view().slice()
}

function textBytes(text: TextInput | undefined): Uint8Array {
  if (text === undefined) return new Uint8Array(0)
  return typeof text === 'string' ? Buffer.from(text, 'utf8') : text
}

function formatList(formats: readonly TextInput[]): ByteBuilder {
  const b = new ByteBuilder().u32(formats.length)
  for (const f of formats) {
    const bytes = textBytes(f)
    b.u64(bytes.length).bytes(bytes)
  }
  return b
}

function eventFormats(input: TraceInput): Uint8Array {
  const systems = input.eventFormats ?? []
  const b = new ByteBuilder().u32(systems.length)
  for (const s of systems) b.cstr(s.system).bytes(formatList(s.formats).view())
  return b.view().slice()
}

/** The first option batch both versions share: clock, uname, version, trace id, CPU stats, extras. */
function commonOptions(input: TraceInput, clock: string): { id: number; data: Uint8Array }[] {
  const opts: { id: number; data: Uint8Array }[] = []
  const cstr = (text: TextInput) => new ByteBuilder().cstr(text).view().slice()
  opts.push({ id: OptionId.TRACECLOCK, data: cstr(input.traceClockText ?? `[${clock}]\n`) })
  if (input.uname !== undefined) opts.push({ id: OptionId.UNAME, data: cstr(input.uname) })
  if (input.writer !== undefined) opts.push({ id: OptionId.VERSION, data: cstr(input.writer) })
  if (input.traceId !== undefined)
    opts.push({ id: OptionId.TRACEID, data: new ByteBuilder().u64(input.traceId).view().slice() })
  const stats = input.cpuStats ?? []
  for (const instance of [...new Set(stats.map((s) => s.instance))]) {
    if (instance !== '') opts.push({ id: OptionId.CPUSTAT, data: cstr(`\nBuffer: ${instance}\n\n`) })
    for (const s of stats.filter((x) => x.instance === instance))
      opts.push({ id: OptionId.CPUSTAT, data: cstr(s.text) })
  }
  for (const o of input.options ?? []) opts.push(o)
  return opts
}

function check(input: TraceInput, pageSize: number): void {
  const fail = (why: string) => {
    throw new TypedFtraceError('EINVAL', `writeTrace: ${why}`)
  }
  if (!Number.isInteger(input.cpuCount) || input.cpuCount < 1) fail(`cpuCount must be a positive integer`)
  if (!Number.isInteger(pageSize) || pageSize < 64) fail(`page size ${pageSize} is not usable`)
  const names = new Set<string>()
  for (const b of input.buffers) {
    if (names.has(b.name)) fail(`buffer '${b.name}' appears twice`)
    names.add(b.name)
    const size = b.pageSize ?? pageSize
    for (const c of b.cpus) {
      if (!Number.isInteger(c.cpu) || c.cpu < 0 || c.cpu >= input.cpuCount)
        fail(`buffer '${b.name}': CPU ${c.cpu} is outside 0..${input.cpuCount - 1}`)
      const n = byteLength(c.data)
      if (n % size !== 0)
        fail(`buffer '${b.name}' CPU ${c.cpu}: ${n} bytes is not a whole number of ${size}-byte pages`)
    }
  }
}

/**
 * Writes a trace.dat file, version 7 (zstd-compressed or not, as trace-cmd
 * 3.x writes by default) or version 6, from the parts a recording gathers:
 * header page and header event, event formats, kallsyms, printk formats, saved
 * cmdlines, options (trace clock, uname, trace id, CPU stats) and the raw
 * ring-buffer pages of each buffer and CPU, copied as they are (a compressed
 * file holds them in chunks of ten pages, each one zstd frame).
 *
 * `trace-cmd report`, libtracecmd and {@link openTrace} read the result. Tests
 * use it to write edge-case files instead of editing bytes.
 *
 * @example
 * import { readFileSync } from 'node:fs'
 * import { writeTrace } from 'typed-ftrace'
 *
 * // CPU 0's raw pages (saved from per_cpu/cpu0/trace_pipe_raw) with the formats that decode them.
 * const text = (path: string) => readFileSync(`/sys/kernel/tracing/${path}`, 'latin1')
 * await writeTrace('trace.dat', {
 *   headerPage: text('events/header_page'),
 *   headerEvent: text('events/header_event'),
 *   cpuCount: 1,
 *   eventFormats: [{ system: 'sched', formats: [text('events/sched/sched_switch/format')] }],
 *   buffers: [{ name: '', cpus: [{ cpu: 0, data: { file: 'cpu0.raw' } }] }],
 * })
 */
export async function writeTrace(path: string, input: TraceInput): Promise<WriteTraceResult> {
  return writeTraceSync(path, input)
}

/** {@link writeTrace} without the promise (used where an exit handler cannot wait). */
export function writeTraceSync(path: string, input: TraceInput): WriteTraceResult {
  const header = parseHeaderPage(Buffer.from(textBytes(input.headerPage)).toString('latin1'), 'header_page')
  const pageSize = input.pageSize ?? header.dataOffset + header.dataSize
  const longSize = header.commitSize === 4 ? 4 : 8
  const version = input.version ?? 7
  const compression = version === 6 ? 'none' : (input.compression ?? 'zstd')
  if (version === 6 && input.compression === 'zstd')
    throw new TypedFtraceError('EINVAL', 'writeTrace: version 6 files are not compressed; use version 7 for zstd')
  check(input, pageSize)
  level = input.compressionLevel ?? ZSTD_LEVEL
  const clock = input.clock ?? 'local'
  const out = new Output(path)
  try {
    const start = new ByteBuilder().bytes(new Uint8Array(MAGIC)).text('tracing').cstr(String(version))
    start.u8(0).u8(longSize).u32(pageSize)
    const buffers =
      version === 7
        ? writeV7(out, input, start, compression, pageSize, clock)
        : writeV6(out, input, start, pageSize, clock)
    return { path, bytes: out.pos, version, compression, buffers }
  } finally {
    closeSync(out.fd)
  }
}

/** Writes one CPU's pages at a page-aligned offset: as they are, or as a chunk stream. */
function writeCpu(out: Output, cpu: CpuPagesInput, pageSize: number, compressed: boolean): WrittenCpu {
  const size = byteLength(cpu.data)
  if (size === 0) return { cpu: cpu.cpu, offset: 0, size: 0, pages: 0 }
  out.align(pageSize)
  const offset = out.pos
  if (!compressed) {
    for (const piece of pieces(cpu.data, pageSize * 64)) out.write(piece)
  } else {
    const chunkBytes = pageSize * PAGES_IN_CHUNK
    out.write(
      new ByteBuilder()
        .u32(Math.ceil(size / chunkBytes))
        .view()
        .slice(),
    )
    for (const piece of pieces(cpu.data, chunkBytes)) {
      const frame = compressBlock(piece)
      out.write(new ByteBuilder().u32(frame.length).u32(piece.length).bytes(frame).view())
    }
  }
  return { cpu: cpu.cpu, offset, size: out.pos - offset, pages: size / pageSize }
}

function writeV7(
  out: Output,
  input: TraceInput,
  start: ByteBuilder,
  compression: 'zstd' | 'none',
  pageSize: number,
  clock: string,
): WriteTraceResult['buffers'] {
  const compressed = compression === 'zstd'
  start.cstr(compression).cstr(compressed ? ZSTD_VERSION : '')
  const optionsAt = start.length
  start.u64(0)
  out.write(start.view())

  // Section descriptions live in a STRINGS section at the end; ids are offsets into it.
  const strings: string[] = []
  let stringsLength = 0
  const describe = (text: string): number => {
    const at = stringsLength
    strings.push(text)
    stringsLength += Buffer.byteLength(text) + 1
    return at
  }
  const sectionHeader = (id: number, flags: number, desc: number, size: number) =>
    new ByteBuilder().u16(id).u16(flags).u32(desc).u64(size).view().slice()
  const section = (id: number, desc: string, payload: Uint8Array, compress = compressed): number => {
    const at = out.pos
    const body = compress
      ? new ByteBuilder().u32(0).u32(payload.length).bytes(compressBlock(payload)).view().slice()
      : payload
    if (compress) new DataView(body.buffer, body.byteOffset).setUint32(0, body.length - 8, true)
    out.write(sectionHeader(id, compress ? 1 : 0, describe(desc), body.length))
    out.write(body)
    return at
  }
  const lenText = (bits: 32 | 64, text: TextInput | undefined) => {
    const bytes = textBytes(text)
    const b = new ByteBuilder()
    if (bits === 32) b.u32(bytes.length)
    else b.u64(bytes.length)
    return b.bytes(bytes).view().slice()
  }

  const located: [number, number][] = [
    [SectionId.headerInfo, section(SectionId.headerInfo, 'headers', headerInfo(input))],
    [
      SectionId.ftraceEvents,
      section(
        SectionId.ftraceEvents,
        'ftrace events',
        formatList(input.ftraceFormats ?? [])
          .view()
          .slice(),
      ),
    ],
    [SectionId.eventFormats, section(SectionId.eventFormats, 'events format', eventFormats(input))],
    [SectionId.kallsyms, section(SectionId.kallsyms, 'kallsyms', lenText(32, input.kallsyms))],
    [SectionId.printk, section(SectionId.printk, 'printk', lenText(32, input.printk))],
    [SectionId.cmdlines, section(SectionId.cmdlines, 'command lines', lenText(64, input.cmdlines))],
  ]

  /** Writes an OPTIONS section; returns where its DONE's next-offset sits. */
  const optionsSection = (options: readonly { id: number; data: Uint8Array }[]): number => {
    const b = new ByteBuilder()
    for (const o of options) b.u16(o.id).u32(o.data.length).bytes(o.data)
    b.u16(OptionId.DONE).u32(8)
    const doneAt = b.length
    b.u64(0)
    const at = out.pos
    out.write(sectionHeader(SectionId.options, 0, describe('options'), b.length))
    out.write(b.view())
    return at + 16 + doneAt
  }
  const first = out.pos
  out.patchU64(optionsAt, first)
  let nextAt = optionsSection([
    ...located.map(([id, offset]) => ({ id, data: new ByteBuilder().u64(offset).view().slice() })),
    ...commonOptions(input, clock),
    { id: OptionId.CPUCOUNT, data: new ByteBuilder().u32(input.cpuCount).view().slice() },
  ])

  const written: { name: string; cpus: WrittenCpu[] }[] = []
  for (const buffer of input.buffers) {
    const size = buffer.pageSize ?? pageSize
    const sectionAt = out.pos
    const desc = describe(`buffer flyrecord ${buffer.name}`)
    // Written with a placeholder size, rewritten once the data's size is known.
    out.write(sectionHeader(SectionId.buffer, compressed ? 1 : 0, desc, 0))
    const cpus = [...buffer.cpus].sort((a, b) => a.cpu - b.cpu).map((c) => writeCpu(out, c, size, compressed))
    out.patch(sectionAt, sectionHeader(SectionId.buffer, compressed ? 1 : 0, desc, out.pos - sectionAt - 16))
    const withData = cpus.filter((c) => c.size > 0)
    const option = new ByteBuilder()
      .u64(sectionAt)
      .cstr(buffer.name)
      .cstr(buffer.clock ?? clock)
      .u32(size)
      .u32(withData.length)
    for (const c of withData) option.u32(c.cpu).u64(c.offset).u64(c.size)
    const optionsStart = out.pos
    out.patchU64(nextAt, optionsStart)
    nextAt = optionsSection([{ id: OptionId.BUFFER, data: option.view().slice() }])
    written.push({ name: buffer.name, cpus })
  }

  const stringsDesc = describe('strings')
  const table = new ByteBuilder()
  for (const s of strings) table.cstr(s)
  const payload = table.view().slice()
  const body = compressed
    ? new ByteBuilder().u32(0).u32(payload.length).bytes(compressBlock(payload)).view().slice()
    : payload
  if (compressed) new DataView(body.buffer, body.byteOffset).setUint32(0, body.length - 8, true)
  out.write(sectionHeader(SectionId.strings, compressed ? 1 : 0, stringsDesc, body.length))
  out.write(body)
  return written
}

function writeV6(
  out: Output,
  input: TraceInput,
  start: ByteBuilder,
  pageSize: number,
  clock: string,
): WriteTraceResult['buffers'] {
  for (const b of input.buffers) {
    if ((b.pageSize ?? pageSize) !== pageSize)
      throw new TypedFtraceError('EINVAL', `writeTrace: version 6 files have one page size; buffer '${b.name}' differs`)
  }
  const b = start
  b.bytes(headerInfo(input))
  b.bytes(formatList(input.ftraceFormats ?? []).view())
  b.bytes(eventFormats(input))
  const kallsyms = textBytes(input.kallsyms)
  const printk = textBytes(input.printk)
  const cmdlines = textBytes(input.cmdlines)
  b.u32(kallsyms.length).bytes(kallsyms)
  b.u32(printk.length).bytes(printk)
  b.u64(cmdlines.length).bytes(cmdlines)
  b.u32(input.cpuCount)
  b.text('options  ').u8(0)
  for (const o of commonOptions(input, clock)) b.u16(o.id).u32(o.data.length).bytes(o.data)
  // Each instance: a BUFFER option with the offset of its own flyrecord table (patched below).
  const instanceAt = new Map<string, number>()
  for (const buffer of input.buffers.filter((x) => x.name !== '')) {
    const name = new ByteBuilder().cstr(buffer.name).view()
    b.u16(OptionId.BUFFER).u32(8 + name.length)
    instanceAt.set(buffer.name, b.length)
    b.u64(0).bytes(name)
  }
  b.u16(OptionId.DONE)
  out.write(b.view())

  const clockTrailer = new ByteBuilder()
    .u64(clock.length + 2)
    .text(`[${clock}]`)
    .view()
    .slice()
  const flyrecord = (buffer: BufferInput | undefined): WrittenCpu[] => {
    const tag = new ByteBuilder().text('flyrecord').u8(0).view().slice()
    out.write(tag)
    const tableAt = out.pos
    out.write(new Uint8Array(16 * input.cpuCount))
    out.write(clockTrailer)
    const cpus = [...(buffer?.cpus ?? [])].sort((x, y) => x.cpu - y.cpu).map((c) => writeCpu(out, c, pageSize, false))
    const table = new ByteBuilder()
    for (let cpu = 0; cpu < input.cpuCount; cpu++) {
      const c = cpus.find((x) => x.cpu === cpu)
      table.u64(c?.offset ?? 0).u64(c?.size ?? 0)
    }
    out.patch(tableAt, table.view())
    return cpus
  }
  const written: { name: string; cpus: WrittenCpu[] }[] = []
  const top = input.buffers.find((x) => x.name === '')
  const topCpus = flyrecord(top)
  if (top) written.push({ name: '', cpus: topCpus })
  for (const buffer of input.buffers.filter((x) => x.name !== '')) {
    out.patchU64(instanceAt.get(buffer.name)!, out.pos)
    written.push({ name: buffer.name, cpus: flyrecord(buffer) })
  }
  return written
}
