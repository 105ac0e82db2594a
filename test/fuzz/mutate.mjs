// Structure-aware mutations of trace.dat files: each case parses a committed fixture, changes its
// structures (formats, options, sections, chunks, pages, counts, links) and writes it back.
import { readFileSync } from 'node:fs'
import { inflateSync } from 'node:zlib'
import { decompress as zstdDecompress } from '@bokuweb/zstd-wasm'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bufferCpus, compressBlock, formatSlots, ints, parseContainer, writeContainer } from './container.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')

/** The fixtures the cases start from, with how often each is picked. */
export const FIXTURES = [
  ['test/fixtures/peer/qemu-host.dat', 4],
  ['test/fixtures/peer/qemu-guest.dat', 4],
  ['test/fixtures/tracedat/v7-zstd.dat', 3],
  ['test/fixtures/tracedat/v7-zlib.dat', 3],
  ['test/fixtures/tracedat/v7.dat', 2],
  ['test/fixtures/tracedat/v6.dat', 2],
  ['test/fixtures/tracedat/v7-instance.dat', 1],
  ['test/fixtures/peer/net7-host.dat', 1],
]

/** Pages of CPU data kept per CPU (compressed: one chunk of ten), so that a case reads a few hundred records. */
const KEEP_PAGES = 4

/** The fixture with less CPU data: the same structures, fewer records to read in each case. */
function shrink(m) {
  if (m.version === 6) {
    m.cpus = m.cpus.map((d) => d.subarray(0, KEEP_PAGES * m.pageSize))
    return m
  }
  const { u32 } = ints(m.le)
  const rd = (b, at) => (m.le ? b.readUInt32LE(at) : b.readUInt32BE(at))
  for (const { section, rel } of bufferCpus(m)) {
    if ((section.flags & 1) === 0 || section.raw.length < rel + 12) continue
    // One chunk of its first pages, written over the first chunk (the CPU's bytes keep their place).
    const cs = rd(section.raw, rel + 4)
    const pages = decompressAny(m.compression, section.raw.subarray(rel + 12, rel + 12 + cs), rd(section.raw, rel + 8))
    const kept = pages.subarray(0, KEEP_PAGES * m.pageSize)
    const block = compressBlock(m.compression, kept)
    if (block.length > cs) continue
    const raw = Buffer.from(section.raw)
    Buffer.concat([u32(1), u32(block.length), u32(kept.length), block]).copy(raw, rel)
    section.raw = raw
  }
  for (const o of m.sections.filter((x) => x.id === 0).flatMap((x) => x.options)) {
    if (o.id !== 3) continue
    const d = Buffer.from(o.data)
    const nameEnd = d.indexOf(0, 8)
    const clockEnd = d.indexOf(0, nameEnd + 1)
    let p = clockEnd + 1 + 4
    const n = m.le ? d.readUInt32LE(p) : d.readUInt32BE(p)
    p += 4
    for (let i = 0; i < n; i++, p += 20) {
      const size = Number(m.le ? d.readBigUInt64LE(p + 12) : d.readBigUInt64BE(p + 12))
      const keep = BigInt(Math.min(size, KEEP_PAGES * m.pageSize))
      m.le ? d.writeBigUInt64LE(keep, p + 12) : d.writeBigUInt64BE(keep, p + 12)
    }
    o.data = d
  }
  return m
}

const cache = new Map()
/** A fresh copy of a fixture's parsed container (parsed once per process; buffers are shared, never written). */
function fixture(path) {
  let m = cache.get(path)
  if (!m) cache.set(path, (m = shrink(parseContainer(readFileSync(join(ROOT, path))))))
  if (m.version === 6)
    return {
      ...m,
      ftrace: [...m.ftrace],
      systems: m.systems.map((s) => ({ ...s, formats: [...s.formats] })),
      options: m.options?.map((o) => ({ ...o })),
      cpus: [...m.cpus],
    }
  const sections = m.sections.map((s) => ({ ...s, options: s.options?.map((o) => ({ ...o })) }))
  return { ...m, sections, firstOptions: sections[m.sections.indexOf(m.firstOptions)] }
}

/** A small seeded generator (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n) => Math.floor(next() * n)
  const pick = (xs) => xs[int(xs.length)]
  return { next, int, pick, chance: (p) => next() < p }
}

/** Values that break sizes and counts. */
const HUGE = [0, 1, 3, 7, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 4096, 65535 * 16]
const HOSTILE_NAMES = [
  'toJSON',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'valueOf',
  'a\u001b[31mred',
  'x\u0007y',
  'pid:onmax($x).snapshot()',
  'pid if 1',
  "q'uote",
  'é',
]

function latin(s) {
  return Buffer.from(s, 'latin1')
}

/** Format-text mutations: the parser's and the decoder's inputs. */
const formatMutations = {
  zeroSizeArray(text, r) {
    return text.replace(/\tfield:([^;]*);\toffset:(\d+);\tsize:\d+;/, (_m, _d, off) => {
      const n = r.pick([0, 1, 3, 6])
      return `\tfield:unsigned int args[6];\toffset:${off};\tsize:${n};`
    })
  },
  oddArray(text, r) {
    return text.replace(/\tfield:([^;]*);\toffset:(\d+);\tsize:(\d+);/, (_m, _d, off) => {
      const t = r.pick([
        'unsigned long args[6]',
        'u16 v[0]',
        'int a[3]',
        '__data_loc u32[] d',
        '__rel_loc int[] r',
        'u8 b[5]',
      ])
      return `\tfield:${t};\toffset:${off};\tsize:${r.pick(HUGE)};`
    })
  },
  fieldSize(text, r) {
    const lines = text.split('\n')
    const idx = lines.map((l, i) => (l.includes('field:') ? i : -1)).filter((i) => i >= 0)
    if (idx.length === 0) return text
    const i = r.pick(idx)
    lines[i] = lines[i]
      .replace(/size:\d+/, `size:${r.pick(HUGE)}`)
      .replace(/offset:\d+/, (o) => (r.chance(0.5) ? `offset:${r.pick(HUGE)}` : o))
    return lines.join('\n')
  },
  hostileName(text, r) {
    const name = r.pick(HOSTILE_NAMES)
    if (/[^\w]/.test(name) && r.chance(0.5)) return text.replace(/^name: .*$/m, `name: ${name}`)
    return text.replace(
      /(\tfield:[^;]*?)(\w+)(\[\d*\])?;(\toffset:\d+;\tsize:\d+;\tsigned:\d;\n)(?![\s\S]*common_)/,
      `$1${name}$3;$4`,
    )
  },
  manyFields(text, r) {
    const n = r.pick([100, 2000, 20000])
    const extra = Array.from(
      { length: n },
      (_, i) => `\tfield:int f${i};\toffset:${8 + (i % 64) * 4};\tsize:4;\tsigned:1;\n`,
    ).join('')
    return text.replace(/\nprint fmt:/, `${extra}\nprint fmt:`)
  },
  longPrintFmt(text, r) {
    const n = r.pick([1000, 100000])
    return text.replace(
      /print fmt: .*/,
      `print fmt: "${'%d '.repeat(n)}", ${Array.from({ length: Math.min(n, 3000) }, () => 'REC->x').join(', ')}`,
    )
  },
  newlineName(text) {
    return text.replace(/^name: (.*)$/m, 'name: a\nb\u001b[2J')
  },
  dropPrintFmt(text) {
    return text.replace(/print fmt:[\s\S]*$/, '')
  },
  idChange(text, r) {
    return text.replace(/^ID: \d+$/m, `ID: ${r.pick([0, 1, 65535, 65536, 4294967295, 99999999999])}`)
  },
}

/** Page-data mutations on an uncompressed page run (a Buffer of whole pages). */
function mutatePages(data, pageSize, longSize, le, r) {
  if (data.length < 16) return
  const page = r.int(Math.max(1, Math.floor(data.length / pageSize))) * pageSize
  const w32 = (at, v) => {
    if (at + 4 <= data.length) le ? data.writeUInt32LE(v >>> 0, at) : data.writeUInt32BE(v >>> 0, at)
  }
  const hdr = 8 + longSize
  const kind = r.int(7)
  if (kind === 0) w32(page + 8, r.pick(HUGE))
  else if (kind === 1) {
    // an event header: type_len and time delta
    const at = page + hdr + 4 * r.int(64)
    w32(at, (r.int(32) & 0x1f) | (r.int(1 << 27) << 5))
  } else if (kind === 2) {
    // a time extend with a huge delta
    const at = page + hdr + 4 * r.int(64)
    w32(at, 30 | (0x7ffffff << 5))
    w32(at + 4, r.pick([0xffffffff, 0x7fffffff, 1]))
  } else if (kind === 3) {
    // an absolute time stamp
    const at = page + hdr + 4 * r.int(64)
    w32(at, 31 | (r.int(1 << 27) << 5))
    w32(at + 4, r.pick(HUGE))
  } else if (kind === 4) {
    // type_len 0: a length word
    const at = page + hdr + 4 * r.int(64)
    w32(at, 0)
    w32(at + 4, r.pick(HUGE))
  } else if (kind === 5) {
    // the page's time stamp
    w32(page, r.pick(HUGE))
    w32(page + 4, r.pick(HUGE))
  } else {
    // missed-events bits in the commit word
    w32(page + 8, 0xc0000000 | r.int(4096))
  }
}

/** Mutations of a v6 container model. */
const v6Mutations = {
  optionSize(m, r) {
    if (!m.options?.length) return
    r.pick(m.options).sizeOverride = r.pick(HUGE)
  },
  optionId(m, r) {
    if (!m.options?.length) return
    r.pick(m.options).id = r.pick([1, 2, 3, 4, 5, 8, 11, 12, 13, 14, 22, 23, 24, 25, 26, 0xffff])
  },
  addOption(m, r) {
    m.options ??= []
    const { u32, u64 } = ints(m.le)
    const id = r.pick([3, 8, 11, 12, 13, 14, 23, 24, 25, 26])
    const data = r.pick([
      Buffer.alloc(0),
      Buffer.alloc(3),
      u64(r.pick(HUGE)),
      Buffer.concat([u64(1), u32(0xffffffff), u32(0xffffffff)]),
      Buffer.concat([latin('guest\0'), u64(1), u32(r.pick(HUGE))]),
      latin('inst:some text\0'),
    ])
    m.options.push({ id, data })
  },
  cpuCount(m, r) {
    m.cpuCount = r.pick([0, 1, 2, 65536, 0xffffffff, m.cpuCount + 1])
  },
  pages(m, r) {
    const cpu = m.cpus.findIndex((d) => d.length > 0)
    if (cpu < 0) return
    m.cpus[cpu] = Buffer.from(m.cpus[cpu])
    for (let i = 1 + r.int(3); i > 0; i--) mutatePages(m.cpus[cpu], m.pageSize, m.longSize, m.le, r)
  },
  headerPage(m, r) {
    m.headerPage = latin(m.headerPage.toString('latin1').replace(/size:8/, `size:${r.pick([0, 1, 2, 4, 16])}`))
  },
  kallsyms(m, r) {
    m.kallsyms = latin(r.pick(['ffffffff a\n', 'zz\nq q q\n\u001b[0m\n', 'x'.repeat(100000)]))
  },
}

/** Compressed runs of zeros, made once per process. */
const bombs = new Map()

/** Mutations of a v7 container model. */
const v7Mutations = {
  optionSize(m, r) {
    const opts = m.sections.filter((s) => s.id === 0).flatMap((s) => s.options.filter((o) => o.id !== 0))
    if (opts.length) r.pick(opts).sizeOverride = r.pick(HUGE)
  },
  optionId(m, r) {
    const opts = m.sections.filter((s) => s.id === 0).flatMap((s) => s.options.filter((o) => o.id !== 0))
    if (opts.length) r.pick(opts).id = r.pick([1, 3, 8, 11, 12, 13, 14, 16, 18, 22, 23, 24, 25, 26, 0xffff])
  },
  addOption(m, r) {
    const opts = m.sections.find((s) => s.id === 0)
    if (!opts) return
    const { u32, u64 } = ints(m.le)
    const id = r.pick([3, 8, 11, 12, 13, 14, 16, 18, 22, 23, 24, 25, 26])
    const data = r.pick([
      Buffer.alloc(0),
      Buffer.alloc(3),
      u64(r.pick(HUGE)),
      u64(r.pick(m.sections).at),
      Buffer.concat([u64(1), u32(0xffffffff), u32(0xffffffff)]),
      Buffer.concat([latin('guest\0'), u64(1), u32(r.pick(HUGE))]),
      latin('inst:last boot text\0'),
    ])
    const o = { id, data }
    if (data.length === 8 && r.chance(0.5)) o.keepOffsets = true
    opts.options.splice(Math.max(0, opts.options.length - 1), 0, o)
  },
  sectionId(m, r) {
    r.pick(m.sections).idOverride = r.pick([0, 3, 15, 16, 17, 18, 21, 23, 25, 99, 0xffff])
  },
  sectionSize(m, r) {
    const s = r.pick(m.sections)
    s.sizeOverride = r.pick([0, 1, 8, s.raw.length - 1, s.raw.length + 1, 0xffffffff, 2 ** 53])
  },
  compressionFlag(m, r) {
    const s = r.pick(m.sections)
    s.flags ^= 1
    if (r.chance(0.5)) s.keepRaw = true
  },
  optionCycle(m, r) {
    const opts = m.sections.filter((s) => s.id === 0)
    const last = opts.at(-1)?.options.at(-1)
    if (!last || last.id !== 0) return
    const { u64 } = ints(m.le)
    last.data = u64(r.pick(opts).at)
  },
  bufferCpus(m, r) {
    const opts = m.sections.filter((s) => s.id === 0).flatMap((s) => s.options.filter((o) => o.id === 3))
    if (!opts.length) return
    const o = r.pick(opts)
    const d = Buffer.from(o.data)
    const nameEnd = d.indexOf(0, 8)
    const clockEnd = d.indexOf(0, nameEnd + 1)
    const at = clockEnd + 1 + 4
    if (at + 4 <= d.length)
      (m.le ? d.writeUInt32LE.bind(d) : d.writeUInt32BE.bind(d))(r.pick(HUGE) >>> 0, r.chance(0.5) ? at : at - 4)
    o.data = d
  },
  chunks(m, r) {
    const cpus = bufferCpus(m).filter((c) => (c.section.flags & 1) !== 0 && c.section.raw.length >= c.rel + 12)
    if (!cpus.length) return
    const { section: s, rel } = r.pick(cpus)
    const raw = Buffer.from(s.raw)
    const w32 = (at, v) => (m.le ? raw.writeUInt32LE(v >>> 0, rel + at) : raw.writeUInt32BE(v >>> 0, rel + at))
    const kind = r.int(3)
    if (kind === 0) w32(0, r.pick(HUGE))
    else if (kind === 1) w32(4, r.pick(HUGE))
    else w32(8, r.pick(HUGE))
    s.raw = raw
  },
  bomb(m, r) {
    const cpus = bufferCpus(m).filter((c) => (c.section.flags & 1) !== 0)
    if (!cpus.length) return
    const { section: s, rel } = r.pick(cpus)
    const { u32 } = ints(m.le)
    const size = r.pick([1 << 20, 16 << 20, 200 << 20])
    const key = `${m.compression} ${size}`
    let block = bombs.get(key)
    if (!block) bombs.set(key, (block = compressBlock(m.compression, Buffer.alloc(size))))
    const count = r.pick([1, 4, 64, 512])
    const padding =
      m.compression === 'zstd' && r.chance(0.5) ? Buffer.alloc(r.pick([1 << 12, 1 << 16])) : Buffer.alloc(0)
    const chunk = Buffer.concat([u32(block.length + padding.length), u32(size), block, padding])
    s.raw = Buffer.concat([
      s.raw.subarray(0, rel),
      u32(count),
      ...Array.from({ length: count }, () => chunk),
      s.raw.subarray(rel + 4),
    ])
  },
  pages(m, r) {
    const cpus = bufferCpus(m).filter((c) => c.size > 64)
    if (!cpus.length) return
    const { section: s, rel, size } = r.pick(cpus)
    if ((s.flags & 1) === 0) {
      const raw = Buffer.from(s.raw)
      const data = raw.subarray(rel, Math.min(raw.length, rel + size))
      for (let i = 1 + r.int(3); i > 0; i--) mutatePages(data, m.pageSize, m.longSize, m.le, r)
      s.raw = raw
      return
    }
    // A compressed chunk: inflate the first, change its pages, compress it again.
    const { u32 } = ints(m.le)
    const rd = (at) => (m.le ? s.raw.readUInt32LE(rel + at) : s.raw.readUInt32BE(rel + at))
    const count = rd(0)
    if (count === 0) return
    const cs = rd(4)
    const block = s.raw.subarray(rel + 12, rel + 12 + cs)
    let pages
    try {
      pages = Buffer.from(decompressAny(m.compression, block, rd(8)))
    } catch {
      return
    }
    for (let i = 1 + r.int(3); i > 0; i--) mutatePages(pages, m.pageSize, m.longSize, m.le, r)
    const again = compressBlock(m.compression, pages)
    s.raw = Buffer.concat([
      s.raw.subarray(0, rel),
      u32(count),
      u32(again.length),
      u32(pages.length),
      again,
      s.raw.subarray(rel + 12 + cs),
    ])
  },
  eventsCount(m, r) {
    const s = m.sections.find((x) => x.id === 18 || x.id === 17)
    if (!s) return
    const p = Buffer.from(s.payload)
    ;(m.le ? p.writeUInt32LE.bind(p) : p.writeUInt32BE.bind(p))(r.pick(HUGE) >>> 0, 0)
    s.payload = p
  },
  bigFormats(m, r) {
    const s = m.sections.find((x) => x.id === 18)
    if (!s) return
    const { u32, u64 } = ints(m.le)
    const n = r.pick([2000, 20000])
    const text = latin(
      `name: big\nID: 4000\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n${'\tfield:int x;\toffset:8;\tsize:4;\tsigned:1;\n'.repeat(1)}${Array.from({ length: n }, (_, i) => `\tfield:int y${i};\toffset:8;\tsize:4;\tsigned:1;\n`).join('')}\nprint fmt: "x"\n`,
    )
    const copies = r.pick([1, 10, 50])
    const extra = Buffer.concat([
      latin('bigsys\0'),
      u32(copies),
      ...Array.from({ length: copies }, () => [u64(text.length), text]).flat(),
    ])
    const systems = m.le ? s.payload.readUInt32LE(0) : s.payload.readUInt32BE(0)
    s.payload = Buffer.concat([u32(systems + 1), s.payload.subarray(4), extra])
  },
}

function decompressAny(algorithm, block, size) {
  return algorithm === 'zlib' ? inflateSync(block) : Buffer.from(zstdDecompress(block, { defaultHeapSize: size }))
}

/** Byte-level damage after writing: truncation and flips. */
function damageBytes(bytes, r) {
  const kind = r.int(3)
  if (kind === 0) return bytes.subarray(0, r.int(bytes.length))
  const out = Buffer.from(bytes)
  for (let i = 1 + r.int(8); i > 0; i--) out[r.int(out.length)] = r.int(256)
  return out
}

/** One structural mutation, recorded in `done`. */
function step(m, r, done) {
  if (process.env.FUZZ_TRACE) console.error('step', done)
  const family = r.int(10)
  if (family < 4) {
    const slots = formatSlots(m)
    if (!slots.length) return
    const name = r.pick(Object.keys(formatMutations))
    const slot = r.pick(slots)
    slot.set(latin(formatMutations[name](slot.get().toString('latin1'), r)))
    done.push(`format.${name}`)
  } else if (family < 9) {
    const table = m.version === 6 ? v6Mutations : v7Mutations
    const name = r.pick(Object.keys(table))
    table[name](m, r)
    done.push(`v${m.version}.${name}`)
  }
}

/**
 * The file of case `index` under `seed`, and what was done to it (the case is
 * the same on every run with the same seed).
 */
export function makeCase(seed, index) {
  const r = rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0)
  const total = FIXTURES.reduce((s, [, w]) => s + w, 0)
  let roll = r.int(total)
  let path = FIXTURES[0][0]
  for (const [p, w] of FIXTURES) {
    if (roll < w) {
      path = p
      break
    }
    roll -= w
  }
  const m = fixture(path)
  const done = []
  const steps = 1 + r.int(3)
  for (let k = 0; k < steps; k++) {
    try {
      step(m, r, done)
    } catch {
      // A mutation that does not apply to what earlier ones left is skipped.
    }
  }
  let bytes = writeContainer(m)
  if (r.chance(0.15)) {
    bytes = damageBytes(bytes, r)
    done.push('bytes')
  }
  return { fixture: path, mutations: done, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
}
