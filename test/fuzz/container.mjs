// A trace.dat container as editable structures: parsed from a file, changed, written back.
// Version 6 files are kept as their sequential parts; version 7 files as their sections, with
// metadata payloads decompressed and every offset an option holds remapped on writing.
import { deflateSync, inflateSync } from 'node:zlib'
import { compress as zstdCompress, decompress as zstdDecompress, init as zstdInit } from '@bokuweb/zstd-wasm'

await zstdInit()

const MAGIC = Buffer.from([0x17, 0x08, 0x44, 0x74, 0x72, 0x61, 0x63, 0x69, 0x6e, 0x67])
const SECTION_OPTIONS = new Set([16, 17, 18, 19, 20, 21, 23, 25])

/** Reads a file's parts in order; every read is bounds-checked (the fixtures are well formed). */
class Reader {
  /** @param {Buffer} buf @param {boolean} le @param {number} pos */
  constructor(buf, le, pos = 0) {
    this.buf = buf
    this.le = le
    this.pos = pos
  }
  u8() {
    return this.buf[this.pos++]
  }
  u16() {
    const v = this.le ? this.buf.readUInt16LE(this.pos) : this.buf.readUInt16BE(this.pos)
    this.pos += 2
    return v
  }
  u32() {
    const v = this.le ? this.buf.readUInt32LE(this.pos) : this.buf.readUInt32BE(this.pos)
    this.pos += 4
    return v
  }
  u64() {
    const v = this.le ? this.buf.readBigUInt64LE(this.pos) : this.buf.readBigUInt64BE(this.pos)
    this.pos += 8
    return Number(v)
  }
  bytes(n) {
    const b = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return Buffer.from(b)
  }
  cstr() {
    const end = this.buf.indexOf(0, this.pos)
    const s = this.buf.toString('latin1', this.pos, end)
    this.pos = end + 1
    return s
  }
}

/** Little writer of integers in the file's byte order. */
export function ints(le) {
  return {
    u16: (v) => {
      const b = Buffer.alloc(2)
      le ? b.writeUInt16LE(v & 0xffff) : b.writeUInt16BE(v & 0xffff)
      return b
    },
    u32: (v) => {
      const b = Buffer.alloc(4)
      le ? b.writeUInt32LE(v >>> 0) : b.writeUInt32BE(v >>> 0)
      return b
    },
    u64: (v) => {
      const b = Buffer.alloc(8)
      const x = BigInt.asUintN(64, BigInt(v))
      le ? b.writeBigUInt64LE(x) : b.writeBigUInt64BE(x)
      return b
    },
  }
}

/** Compresses one block as the file's algorithm does. */
export function compressBlock(algorithm, data) {
  return algorithm === 'zlib' ? deflateSync(data) : Buffer.from(zstdCompress(data, 3))
}

function decompress(algorithm, data, size) {
  return algorithm === 'zlib' ? inflateSync(data) : Buffer.from(zstdDecompress(data, { defaultHeapSize: size }))
}

/** Parses a v6 or v7 file. */
export function parseContainer(bytes) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (!buf.subarray(0, 10).equals(MAGIC)) throw new Error('not a trace.dat')
  const r = new Reader(buf, true, 10)
  const version = r.cstr()
  const le = r.u8() === 0
  r.le = le
  const longSize = r.u8()
  const pageSize = r.u32()
  return version === '6' ? parseV6(buf, r, { le, longSize, pageSize }) : parseV7(buf, r, { le, longSize, pageSize })
}

function parseV6(buf, r, head) {
  const m = { version: 6, ...head }
  r.bytes(12)
  m.headerPage = r.bytes(r.u64())
  r.bytes(13)
  m.headerEvent = r.bytes(r.u64())
  m.ftrace = Array.from({ length: r.u32() }, () => r.bytes(r.u64()))
  m.systems = Array.from({ length: r.u32() }, () => {
    const name = r.cstr()
    return { name, formats: Array.from({ length: r.u32() }, () => r.bytes(r.u64())) }
  })
  m.kallsyms = r.bytes(r.u32())
  m.printk = r.bytes(r.u32())
  m.cmdlines = r.bytes(r.u64())
  m.cpuCount = r.u32()
  let tag = r.bytes(10).toString('latin1')
  m.options = undefined
  if (tag === 'options  \0') {
    m.options = []
    for (;;) {
      const id = r.u16()
      if (id === 0) break
      m.options.push({ id, data: r.bytes(r.u32()) })
    }
    tag = r.bytes(10).toString('latin1')
  }
  m.tag = tag
  m.cpus = []
  m.clock = undefined
  if (tag === 'flyrecord\0') {
    const table = Array.from({ length: m.cpuCount }, () => ({ offset: r.u64(), size: r.u64() }))
    if (m.options?.some((o) => o.id === 4) && r.pos + 8 <= buf.length) m.clock = r.bytes(r.u64())
    m.cpus = table.map((t) => Buffer.from(buf.subarray(t.offset, t.offset + t.size)))
  } else m.latency = Buffer.from(buf.subarray(r.pos))
  return m
}

function parseV7(buf, r, head) {
  const m = { version: 7, ...head }
  m.compression = r.cstr()
  m.compressionVersion = r.cstr()
  const optionsOffset = r.u64()
  m.sections = []
  const byOffset = new Map()
  while (r.pos + 16 <= buf.length) {
    const at = r.pos
    const id = r.u16()
    const flags = r.u16()
    const description = r.u32()
    const size = r.u64()
    const raw = r.bytes(size)
    const s = { id, flags, description, at, raw, payload: undefined, options: undefined, original: undefined }
    const compressedMeta = (flags & 1) !== 0 && id !== 3
    if (compressedMeta) {
      const cr = new Reader(raw, head.le)
      const cs = cr.u32()
      const us = cr.u32()
      s.payload = decompress(m.compression, cr.bytes(cs), us)
    } else s.payload = raw
    s.original = { payload: s.payload, flags }
    if (id === 0) {
      const or = new Reader(s.payload, head.le)
      s.options = []
      while (or.pos + 6 <= s.payload.length) {
        const oid = or.u16()
        const data = or.bytes(or.u32())
        s.options.push({ id: oid, data })
        if (oid === 0) break
      }
    }
    m.sections.push(s)
    byOffset.set(at, s)
  }
  m.firstOptions = byOffset.get(optionsOffset)
  return m
}

/** Writes a parsed (and possibly changed) container back to bytes. */
export function writeContainer(m) {
  return m.version === 6 ? writeV6(m) : writeV7(m)
}

function headBytes(m, version) {
  const { u32 } = ints(m.le)
  return [MAGIC, Buffer.from(`${version}\0`), Buffer.from([m.le ? 0 : 1, m.longSize]), u32(m.pageSize)]
}

function writeV6(m) {
  const { u16, u32, u64 } = ints(m.le)
  const parts = headBytes(m, 6)
  parts.push(Buffer.from('header_page\0'), u64(m.headerPage.length), m.headerPage)
  parts.push(Buffer.from('header_event\0'), u64(m.headerEvent.length), m.headerEvent)
  parts.push(u32(m.ftrace.length), ...m.ftrace.flatMap((t) => [u64(t.length), t]))
  parts.push(u32(m.systems.length))
  for (const s of m.systems)
    parts.push(
      Buffer.from(`${s.name}\0`, 'latin1'),
      u32(s.formats.length),
      ...s.formats.flatMap((t) => [u64(t.length), t]),
    )
  parts.push(u32(m.kallsyms.length), m.kallsyms, u32(m.printk.length), m.printk, u64(m.cmdlines.length), m.cmdlines)
  parts.push(u32(m.cpuCount))
  if (m.options) {
    parts.push(Buffer.from('options  \0'))
    for (const o of m.options) parts.push(u16(o.id), u32(o.sizeOverride ?? o.data.length), o.data)
    parts.push(u16(0))
  }
  parts.push(Buffer.from(m.tag, 'latin1'))
  if (m.tag !== 'flyrecord\0') return Buffer.concat([...parts, m.latency ?? Buffer.alloc(0)])
  const head = Buffer.concat(parts)
  const clock = m.clock ? Buffer.concat([u64(m.clock.length), m.clock]) : Buffer.alloc(0)
  // A damaged count is written as it is, the table only as long as the data there is (and a little).
  const entries = Math.min(m.cpuCount, m.cpus.length + 4)
  const tableSize = entries * 16
  let offset = Math.ceil((head.length + tableSize + clock.length) / m.pageSize) * m.pageSize
  const pad = Buffer.alloc(offset - head.length - tableSize - clock.length)
  const table = []
  for (let i = 0; i < entries; i++) {
    const data = m.cpus[i] ?? Buffer.alloc(0)
    table.push(u64(data.length ? offset : 0), u64(data.length))
    offset += data.length
  }
  return Buffer.concat([head, ...table, clock, pad, ...m.cpus.slice(0, entries)])
}

function sectionPayload(m, s) {
  if (s.id === 0) {
    const { u16, u32 } = ints(m.le)
    return Buffer.concat(s.options.flatMap((o) => [u16(o.id), u32(o.sizeOverride ?? o.data.length), o.data]))
  }
  return s.payload
}

function writeV7(m) {
  const { u16, u32, u64 } = ints(m.le)
  const prefix = Buffer.concat([
    ...headBytes(m, 7),
    Buffer.from(`${m.compression}\0${m.compressionVersion}\0`, 'latin1'),
  ])
  // Each section's bytes, with options left for a second pass once every offset is known.
  const bodies = m.sections.map((s) => {
    if (s.id === 3 || s.keepRaw) return s.raw
    const payload = sectionPayload(m, s)
    // Options sections are written uncompressed: their offsets change after the layout.
    if (s.id === 0) return payload
    if (s.payload === s.original?.payload && s.flags === s.original.flags) return s.raw
    if ((s.flags & 1) === 0) return payload
    const block = compressBlock(m.compression, payload)
    return Buffer.concat([u32(block.length), u32(payload.length), block])
  })
  const start = new Map()
  let at = prefix.length + 8
  m.sections.forEach((s, i) => {
    start.set(s, at)
    at += 16 + bodies[i].length
  })
  const oldToNew = new Map(m.sections.map((s) => [s.at, start.get(s)]))
  const remap = (old) => oldToNew.get(old) ?? old
  // Buffer sections: a CPU's data offset moves with its section.
  const moveCpu = (old) => {
    for (const s of m.sections)
      if (s.id === 3 && old >= s.at + 16 && old <= s.at + 16 + s.raw.length) return start.get(s) + (old - s.at)
    return old
  }
  for (const s of m.sections) {
    if (s.id !== 0) continue
    for (const o of s.options) {
      if (o.keepOffsets) continue
      const d = Buffer.from(o.data)
      const r = new Reader(d, m.le)
      const put = (pos, value) =>
        m.le ? d.writeBigUInt64LE(BigInt(value), pos) : d.writeBigUInt64BE(BigInt(value), pos)
      if ((SECTION_OPTIONS.has(o.id) || o.id === 22) && d.length >= 8) put(0, remap(r.u64()))
      else if (o.id === 0 && d.length >= 8) put(0, remap(r.u64()))
      else if (o.id === 3 && d.length >= 8) {
        try {
          put(0, remap(r.u64()))
          r.cstr()
          r.cstr()
          r.u32()
          const n = r.u32()
          for (let i = 0; i < n && r.pos + 20 <= d.length; i++) {
            r.u32()
            const p = r.pos
            put(p, moveCpu(r.u64()))
            r.u64()
          }
        } catch {
          // a damaged BUFFER option is written as it is
        }
      }
      o.written = d
    }
  }
  const out = [prefix, u64(m.firstOptions ? (start.get(m.firstOptions) ?? 0) : 0)]
  m.sections.forEach((s, i) => {
    let body = bodies[i]
    if (s.id === 0 && !s.keepRaw) {
      body = Buffer.concat(
        s.options.flatMap((o) => [u16(o.id), u32(o.sizeOverride ?? o.data.length), o.written ?? o.data]),
      )
    }
    const flags = s.id === 0 && !s.keepRaw ? s.flags & ~1 : s.flags
    out.push(u16(s.idOverride ?? s.id), u16(flags), u32(s.description), u64(s.sizeOverride ?? body.length), body)
  })
  return Buffer.concat(out)
}

/** Every event format text of a container, as `{ get, set }` handles. */
export function formatSlots(m) {
  const slots = []
  if (m.version === 6) {
    m.ftrace.forEach((_, i) => slots.push({ get: () => m.ftrace[i], set: (t) => (m.ftrace[i] = t) }))
    for (const s of m.systems)
      s.formats.forEach((_, i) => slots.push({ get: () => s.formats[i], set: (t) => (s.formats[i] = t) }))
    return slots
  }
  for (const s of m.sections) {
    if (s.id !== 17 && s.id !== 18) continue
    const r = new Reader(s.payload, m.le)
    const spans = []
    if (s.id === 17) {
      const n = r.u32()
      for (let i = 0; i < n; i++) {
        const size = r.u64()
        spans.push({ at: r.pos, size })
        r.pos += size
      }
    } else {
      const systems = r.u32()
      for (let k = 0; k < systems; k++) {
        r.cstr()
        const n = r.u32()
        for (let i = 0; i < n; i++) {
          const size = r.u64()
          spans.push({ at: r.pos, size })
          r.pos += size
        }
      }
    }
    for (const span of spans) {
      slots.push({
        get: () => s.payload.subarray(span.at, span.at + span.size),
        set: (t) => {
          // Re-serialise the section with this text replaced (sizes before it change).
          const { u64 } = ints(m.le)
          const before = s.payload.subarray(0, span.at - 8)
          const after = s.payload.subarray(span.at + span.size)
          const delta = t.length - span.size
          s.payload = Buffer.concat([before, u64(t.length), t, after])
          for (const other of spans) if (other.at > span.at) other.at += delta
          span.size = t.length
        },
      })
    }
  }
  return slots
}

/** Where each CPU's data is inside the v7 buffer sections: `{ section, rel, size }` (rel: offset in `section.raw`). */
export function bufferCpus(m) {
  const out = []
  if (m.version !== 7) return out
  for (const o of m.sections.filter((s) => s.id === 0).flatMap((s) => s.options)) {
    if (o.id !== 3 || o.data.length < 8) continue
    try {
      const r = new Reader(o.data, m.le)
      const at = r.u64()
      const section = m.sections.find((s) => s.at === at)
      r.cstr()
      r.cstr()
      r.u32()
      const n = r.u32()
      for (let i = 0; i < n && r.pos + 20 <= o.data.length; i++) {
        r.u32()
        const offset = r.u64()
        const size = r.u64()
        const rel = section ? offset - section.at - 16 : -1
        if (section && rel >= 0 && rel < section.raw.length) out.push({ section, rel, size })
      }
    } catch {
      // a damaged BUFFER option names no data
    }
  }
  return out
}
