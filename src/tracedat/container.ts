import type { ByteSource } from './byte-source.js'
import { memorySource } from './byte-source.js'
import { decompressBlock } from './compression.js'
import type { Compression, ZstdDecoder } from './compression.js'
import { Cursor } from './cursor.js'
import { DecodeBudget } from './decode-budget.js'
import { TraceDatError } from './errors.js'
import { bracketedClock, readEventFormats, readFtraceFormats, readHeaderTexts } from './metadata.js'
import type { FormatList } from './metadata.js'
import { decodeOption, emptyOptions } from './option-decode.js'
import { OptionId } from './option-id.js'
import type { CpuDataInfo, TraceOptions } from './options.js'

const MAGIC = [0x17, 0x08, 0x44, 0x74, 0x72, 0x61, 0x63, 0x69, 0x6e, 0x67] // \x17\x08D + "tracing"

/** A v7 section as read: where it is and what it holds. */
export interface SectionInfo {
  readonly id: number
  /** File offset of its 16-byte header. */
  readonly offset: number
  /** Payload bytes on disk. */
  readonly size: number
  readonly compressed: boolean
  /** Its description from the STRINGS sections (`headers`, `buffer flyrecord `). */
  readonly description?: string | undefined
}

/** One buffer's per-CPU data, as the reader uses it. */
export interface BufferData {
  /** `''` for the top instance. */
  readonly name: string
  readonly clock: string | undefined
  /** Its page size (the file's when the option gives none). */
  readonly pageSize: number
  /** CPU data is a chunked stream of compressed pages. */
  readonly compressed: boolean
  /** The CPUs with data, by CPU number. */
  readonly cpus: readonly CpuDataInfo[]
}

/** Everything the container holds besides the records. */
export interface ContainerParts {
  readonly version: 6 | 7
  readonly littleEndian: boolean
  readonly headerLongSize: number
  readonly pageSize: number
  readonly compression: Compression
  readonly compressionVersion: string
  readonly headerPage: string | undefined
  readonly headerEvent: string | undefined
  readonly formats: FormatList
  readonly kallsyms: string
  readonly printk: string
  readonly cmdlines: string
  readonly options: TraceOptions
  readonly buffers: BufferData[]
  /** v6: the CPU count in the file; v7: the CPUCOUNT option. */
  readonly fileCpuCount: number
  readonly sections: SectionInfo[]
  /** A latency (text) trace: where its text is. */
  readonly latency: { readonly offset: number; readonly size: number; readonly compressed: boolean } | undefined
}

/**
 * Reads the header, metadata and options of a trace.dat file (not its records).
 * `rawTimestamps`: the time conversion options will not be applied (a damaged
 * one is then left out rather than failing the file, as trace-cmd skips them).
 */
export function readContainer(
  source: ByteSource,
  zstd: ZstdDecoder | undefined,
  rawTimestamps = false,
  budget: DecodeBudget = new DecodeBudget(source.size),
): ContainerParts {
  const c = new Cursor(source, true, 'header')
  for (const b of MAGIC) if (c.u8() !== b) c.fail('not a trace.dat file (bad magic)', 0)
  const versionText = c.cstr('version')
  if (versionText !== '6' && versionText !== '7')
    c.fail(`unsupported file version '${versionText}' (6 and 7 are read)`, 10)
  const endian = c.u8()
  if (endian > 1) c.fail(`endianness byte ${endian}`, c.pos - 1)
  const le = endian === 0
  const cur = new Cursor(source, le, 'header', c.pos)
  const headerLongSize = cur.u8()
  if (headerLongSize !== 4 && headerLongSize !== 8) cur.fail(`long size ${headerLongSize}`, cur.pos - 1)
  const pageSize = cur.u32()
  if (pageSize < 64 || pageSize > 1 << 26 || (pageSize & (pageSize - 1)) !== 0)
    cur.fail(`page size ${pageSize}`, cur.pos - 4)
  const head = { littleEndian: le, headerLongSize, pageSize }
  return versionText === '7'
    ? readV7(source, cur, head, zstd, rawTimestamps, budget)
    : readV6(source, cur, head, rawTimestamps)
}

interface Head {
  readonly littleEndian: boolean
  readonly headerLongSize: number
  readonly pageSize: number
}

function readV6(source: ByteSource, c: Cursor, head: Head, rawTimestamps: boolean): ContainerParts {
  const le = head.littleEndian
  c.section = 'headers'
  const { headerPage, headerEvent } = readHeaderTexts(c)
  const formats: FormatList = []
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
  const fileCpuCount = c.u32()
  if (fileCpuCount > 1 << 16) c.fail(`${fileCpuCount} CPUs`, c.pos - 4)
  const options = emptyOptions()
  const instanceCpus = new Map<number, number>()
  c.section = 'options'
  let tag = c.text(10, 'section tag')
  if (tag === 'options  \0') {
    let previous = -1
    for (;;) {
      const id = c.u16()
      if (id === OptionId.DONE) break
      const size = c.u32()
      c.need(size, `option ${id}`)
      decodeOption(id, c, size, 6, options, rawTimestamps)
      // A CPUCOUNT right after a BUFFER gives that instance's CPU count.
      if (id === OptionId.CPUCOUNT && previous === OptionId.BUFFER)
        instanceCpus.set(options.buffers.length - 1, options.cpuCount!)
      previous = id
    }
    tag = c.text(10, 'section tag')
  }
  const base = {
    version: 6 as const,
    ...head,
    compression: 'none' as const,
    compressionVersion: '',
    headerPage,
    headerEvent,
    formats,
    kallsyms,
    printk,
    cmdlines,
    options,
    fileCpuCount,
    sections: [],
  }
  if (tag === 'latency  \0')
    return { ...base, buffers: [], latency: { offset: c.pos, size: source.size - c.pos, compressed: false } }
  if (tag !== 'flyrecord\0')
    c.fail(`expected 'flyrecord' or 'latency', found '${tag.replace(/\0/g, '\\0')}'`, c.pos - 10)
  const hasClock = options.traceClock !== undefined
  const top = readFlyrecordTable(c, fileCpuCount, hasClock)
  const buffers: BufferData[] = [
    {
      name: '',
      clock: top.clock ?? bracketedClock(options.traceClock),
      pageSize: head.pageSize,
      compressed: false,
      cpus: top.cpus,
    },
  ]
  options.buffers.forEach((b, i) => {
    const bc = new Cursor(source, le, `buffer '${b.name}'`, b.offset)
    if (bc.text(10, 'flyrecord tag') !== 'flyrecord\0') bc.fail("expected 'flyrecord'", b.offset)
    const t = readFlyrecordTable(bc, instanceCpus.get(i) ?? fileCpuCount, hasClock)
    buffers.push({ name: b.name, clock: t.clock, pageSize: head.pageSize, compressed: false, cpus: t.cpus })
  })
  return { ...base, buffers, latency: undefined }
}

function readFlyrecordTable(
  c: Cursor,
  cpuCount: number,
  hasClock: boolean,
): { cpus: CpuDataInfo[]; clock: string | undefined } {
  c.section = 'flyrecord'
  const cpus: CpuDataInfo[] = []
  for (let cpu = 0; cpu < cpuCount; cpu++) {
    const at = c.pos
    const offset = c.size64('cpu data offset')
    const size = c.size64('cpu data size')
    if (size > 0 && offset + size > c.source.size)
      c.fail(`cpu ${cpu} data (${size} bytes at ${offset}) runs past the end of the file: possibly truncated`, at)
    if (size > 0) cpus.push({ cpu, offset, size })
  }
  let clock: string | undefined
  if (hasClock && c.remaining >= 8) {
    const size = c.size64('clock size')
    clock = bracketedClock(c.text(size, 'clock'))
  }
  return { cpus, clock }
}

interface ReadSection {
  readonly id: number
  readonly compressed: boolean
  readonly info: SectionInfo
  /** The payload (decompressed), for metadata sections. */
  readonly payload: Cursor
}

function readV7(
  source: ByteSource,
  c: Cursor,
  head: Head,
  zstd: ZstdDecoder | undefined,
  rawTimestamps: boolean,
  budget: DecodeBudget,
): ContainerParts {
  const le = head.littleEndian
  c.section = 'compression header'
  const name = c.cstr('compression name')
  if (name !== 'none' && name !== 'zlib' && name !== 'zstd') c.fail(`unknown compression '${name}'`)
  const compression: Compression = name
  const compressionVersion = c.cstr('compression version')
  const optionsOffset = c.size64('options offset')
  const sections: SectionInfo[] = []
  const firstSection = c.pos

  const sectionHeader = (offset: number, expectId: number, what: string) => {
    const s = new Cursor(source, le, what, offset)
    const id = s.u16()
    const flags = s.u16()
    s.u32() // description: an offset into the STRINGS sections (cosmetic)
    const size = s.size64('section size')
    if (id !== expectId) s.fail(`expected section ${expectId}, found ${id}`, offset)
    if (size > source.size - s.pos)
      s.fail(`a section of ${size} bytes runs past the end of the file: possibly truncated`, offset + 8)
    const info: SectionInfo = { id, offset, size, compressed: (flags & 1) !== 0 }
    sections.push(info)
    return { s, info }
  }
  const readSection = (offset: number, expectId: number, what: string): ReadSection => {
    const { s, info } = sectionHeader(offset, expectId, what)
    const payloadOffset = s.pos
    if (!info.compressed)
      return {
        id: info.id,
        compressed: false,
        info,
        payload: new Cursor(source, le, what, payloadOffset, 0, payloadOffset + info.size),
      }
    if (compression === 'none') s.fail('a compressed section in a file without compression', offset)
    const cs = s.u32()
    const us = s.u32()
    if (cs + 8 > info.size) s.fail(`a compressed block of ${cs} bytes in a section of ${info.size}`, payloadOffset)
    const block = s.bytes(cs, 'compressed block')
    const data = decompressBlock(compression, block, us, what, payloadOffset, budget, zstd)
    return { id: info.id, compressed: true, info, payload: new Cursor(memorySource(data), le, what, 0, payloadOffset) }
  }

  // The option chain: OPTIONS sections linked by the offset in their DONE option.
  const options = emptyOptions()
  const seen = new Set<number>()
  let next = optionsOffset
  while (next !== 0) {
    if (seen.has(next)) throw new TraceDatError('options', next, 'the option chain loops')
    seen.add(next)
    const section = readSection(next, OptionId.DONE, 'options')
    const oc = section.payload
    const end = oc.pos + (section.compressed ? oc.remaining : section.info.size)
    next = 0
    while (oc.pos < end) {
      const id = oc.u16()
      const size = oc.u32()
      if (size > end - oc.pos) oc.fail(`option ${id} of ${size} bytes runs past its section`, oc.pos - 4)
      if (id === OptionId.DONE) {
        next = size >= 8 ? oc.size64('next options offset') : 0
        break
      }
      decodeOption(id, oc, size, 7, options, rawTimestamps)
    }
  }

  const sectionPayload = (id: number, what: string): Cursor | undefined => {
    const offset = options.sections.get(id)
    return offset === undefined ? undefined : readSection(offset, id, what).payload
  }
  const headers = sectionPayload(OptionId.HEADER_INFO, 'section 16 (headers)')
  if (!headers) throw new TraceDatError('options', optionsOffset, 'no HEADER_INFO section')
  const { headerPage, headerEvent } = readHeaderTexts(headers)
  const formats: FormatList = []
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

  // Sections tile the file to its end; trace-cmd walks them for the STRINGS sections, which
  // hold the sections' descriptions. A description past those strings means a lost section.
  const walked = new Cursor(source, le, 'sections', firstSection)
  const described: { at: number; id: number }[] = []
  let strings = ''
  while (walked.pos < source.size) {
    const at = walked.pos
    const id = walked.u16()
    const flags = walked.u16()
    const description = walked.u32()
    const size = walked.size64('section size')
    if (size > source.size - walked.pos)
      walked.fail(`a section of ${size} bytes runs past the end of the file: possibly truncated`, at + 8)
    if (description !== 0xffffffff) described.push({ at, id: description })
    if (id === OptionId.STRINGS) {
      let payload = source.read(walked.pos, size, 'strings')
      if ((flags & 1) !== 0 && compression !== 'none') {
        const sc = new Cursor(payload, le, 'strings', 0, walked.pos)
        const cs = sc.u32()
        const us = sc.u32()
        payload = decompressBlock(
          compression,
          sc.bytes(cs, 'compressed block'),
          us,
          'strings',
          walked.pos,
          budget,
          zstd,
        )
      }
      strings += new TextDecoder('latin1').decode(payload)
    }
    walked.pos += size
  }
  for (const d of described)
    if (d.id >= strings.length)
      throw new TraceDatError(
        'sections',
        d.at + 4,
        `description ${d.id} is past the ${strings.length} bytes of strings: the file lost its STRINGS section (truncated?)`,
      )
  const describe = (offset: number): string | undefined => {
    const d = described.find((x) => x.at === offset)
    if (!d) return undefined
    const end = strings.indexOf('\0', d.id)
    return strings.slice(d.id, end < 0 ? undefined : end)
  }
  for (let i = 0; i < sections.length; i++)
    sections[i] = { ...sections[i]!, description: describe(sections[i]!.offset) }

  const buffers: BufferData[] = options.buffers.map((b) => {
    const what = `buffer '${b.name}'`
    const { info } = sectionHeader(b.offset, OptionId.BUFFER, what)
    const bufferPageSize = b.pageSize || head.pageSize
    if (bufferPageSize < 64 || bufferPageSize > 1 << 26)
      throw new TraceDatError(what, b.offset, `page size ${bufferPageSize}`)
    for (const cpu of b.cpus) {
      if (cpu.cpu > 1 << 16) throw new TraceDatError(what, b.offset, `cpu ${cpu.cpu}`)
      // Compressed sizes of trace-cmd 3.0-3.1 are 4 bytes short: the chunk headers are walked instead.
      const size = info.compressed ? Math.min(cpu.size, 4) : cpu.size
      if (cpu.size > 0 && cpu.offset + size > source.size)
        throw new TraceDatError(
          `${what} cpu ${cpu.cpu} data`,
          cpu.offset,
          `data runs past the end of the file (${source.size} bytes): possibly truncated`,
        )
    }
    return {
      name: b.name,
      clock: b.clock,
      pageSize: bufferPageSize,
      compressed: info.compressed,
      cpus: b.cpus.filter((x) => x.size > 0),
    }
  })
  let latency: ContainerParts['latency']
  const text = options.textBuffers[0]
  if (text && buffers.length === 0) {
    const { s, info } = sectionHeader(text.offset, OptionId.BUFFER_TEXT, 'latency text')
    latency = { offset: s.pos, size: info.size, compressed: info.compressed }
  }
  return {
    version: 7,
    ...head,
    compression,
    compressionVersion,
    headerPage,
    headerEvent,
    formats,
    kallsyms,
    printk,
    cmdlines,
    options,
    buffers,
    fileCpuCount: options.cpuCount ?? 0,
    sections,
    latency,
  }
}
