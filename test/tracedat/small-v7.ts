import { deflateSync } from 'node:zlib'
import { compress } from '@bokuweb/zstd-wasm'
import { readTrace } from '../../src/index.js'
import { smallV6 } from './small-v6.js'

/** Where the parts of a built file are (for cutting and mutating at boundaries). */
export interface SmallFile {
  readonly data: Uint8Array
  /** Offsets of every section header, option, chunk header and CPU data start. */
  readonly boundaries: readonly number[]
}

/**
 * A small version-7 file with the content of {@link smallV6} (formats of the
 * recorded events, cmdlines, two pages per CPU), written the way trace-cmd
 * lays v7 out: metadata sections, a first OPTIONS section pointing at them,
 * the BUFFER section with each CPU's pages (chunks of one page when
 * compressed), and a second OPTIONS section with the BUFFER option.
 */
export function smallV7(compression: 'none' | 'zstd' | 'zlib'): SmallFile {
  const v6 = readTrace(smallV6())
  const pageSize = v6.pageSize
  const parts: Uint8Array[] = []
  const boundaries: number[] = []
  let size = 0
  const put = (b: Uint8Array | Buffer) => {
    parts.push(b)
    size += b.length
  }
  const u16 = (v: number) => Buffer.from(new Uint16Array([v]).buffer)
  const u32 = (v: number) => Buffer.from(new Uint32Array([v]).buffer)
  const u64 = (v: number | bigint) => Buffer.from(new BigUint64Array([BigInt(v)]).buffer)
  const text = (s: string) => Buffer.from(s, 'latin1')
  const squeeze = (b: Uint8Array): Uint8Array => (compression === 'zstd' ? compress(b, 3) : deflateSync(b))
  const section = (id: number, payload: Uint8Array, compressed: boolean) => {
    const at = size
    boundaries.push(at, at + 16)
    const body = compressed ? Buffer.concat([u32(0), u32(payload.length), squeeze(payload)]) : Buffer.from(payload)
    if (compressed) body.writeUInt32LE(body.length - 8, 0)
    put(Buffer.concat([u16(id), u16(compressed ? 1 : 0), u32(0xffffffff), u64(body.length)]))
    put(body)
    return at
  }
  const squeezed = compression !== 'none'
  put(
    Buffer.concat([
      Buffer.from([0x17, 0x08, 0x44]),
      text('tracing'),
      text('7\0'),
      Buffer.from([0, 8]),
      u32(pageSize),
      text(`${compression}\0${squeezed ? '1' : ''}\0`),
    ]),
  )
  const optionsAt = size
  put(u64(0)) // first OPTIONS offset, patched below
  const texts = v6.formatTexts
  const hp = texts.headerPage!
  const he = texts.headerEvent!
  const offsets = new Map<number, number>()
  offsets.set(
    16,
    section(
      16,
      Buffer.concat([
        text('header_page\0'),
        u64(hp.length),
        text(hp),
        text('header_event\0'),
        u64(he.length),
        text(he),
      ]),
      squeezed,
    ),
  )
  const ftrace = texts.formats.filter(([s]) => s === 'ftrace')
  offsets.set(
    17,
    section(
      17,
      Buffer.concat([u32(ftrace.length), ...ftrace.flatMap(([, , t]) => [u64(t.length), text(t)])]),
      squeezed,
    ),
  )
  const systems = [...new Set(texts.formats.map(([s]) => s).filter((s) => s !== 'ftrace'))]
  offsets.set(
    18,
    section(
      18,
      Buffer.concat([
        u32(systems.length),
        ...systems.flatMap((s) => {
          const f = texts.formats.filter(([x]) => x === s)
          return [text(`${s}\0`), u32(f.length), ...f.flatMap(([, , t]) => [u64(t.length), text(t)])]
        }),
      ]),
      squeezed,
    ),
  )
  const kallsyms = 'ffffffff81000000 T _stext\nffffffff81234560 T tracing_mark_write\n'
  offsets.set(19, section(19, Buffer.concat([u32(kallsyms.length), text(kallsyms)]), squeezed))
  offsets.set(20, section(20, u32(0), squeezed))
  const cmdlines = [...v6.cmdlines].map(([pid, comm]) => `${pid} ${comm}\n`).join('')
  offsets.set(21, section(21, Buffer.concat([u64(cmdlines.length), text(cmdlines)]), squeezed))
  const option = (id: number, payload: Uint8Array) => {
    boundaries.push(size + optionBytes.reduce((a, b) => a + b.length, 0) + 16)
    optionBytes.push(Buffer.concat([u16(id), u32(payload.length), payload]))
  }
  // The first OPTIONS section: where the metadata is, and the machine.
  let optionBytes: Uint8Array[] = []
  const first = size
  for (const [id, at] of offsets) option(id, u64(at))
  option(4, text('[local] global counter\0'))
  option(5, text('Linux small 6.18.0 x86_64\0'))
  option(9, text('3.1.6 test\0'))
  option(11, u64(0x1234567890abcdefn))
  option(8, u32(v6.cpuCount))
  const nextAt = () => first + 16 + optionBytes.reduce((a, b) => a + b.length, 0) + 6
  const bufferSectionAt = nextAt()
  option(0, u64(0)) // DONE, patched: the next OPTIONS section
  section(0, Buffer.concat(optionBytes), false)
  // The BUFFER section: each CPU's data page aligned.
  const cpuData: { cpu: number; offset: number; size: number }[] = []
  const headerAt = size
  boundaries.push(headerAt)
  put(Buffer.concat([u16(3), u16(squeezed ? 1 : 0), u32(0xffffffff), u64(0)]))
  const src = readTrace(smallV6())
  for (const cpu of src.buffers[0]!.cpus) {
    put(new Uint8Array((pageSize - (size % pageSize)) % pageSize))
    const offset = size
    boundaries.push(offset)
    const pages = smallV6().subarray(cpu.offset, cpu.offset + cpu.size)
    if (!squeezed) put(pages)
    else {
      const count = pages.length / pageSize
      put(u32(count))
      for (let i = 0; i < count; i++) {
        boundaries.push(size)
        const chunk = squeeze(pages.subarray(i * pageSize, (i + 1) * pageSize))
        put(Buffer.concat([u32(chunk.length), u32(pageSize), chunk]))
      }
    }
    cpuData.push({ cpu: cpu.cpu, offset, size: size - offset })
  }
  const bufferEnd = size
  // The second OPTIONS section: the BUFFER option.
  optionBytes = []
  const second = size
  option(
    3,
    Buffer.concat([
      u64(headerAt),
      text('\0local\0'),
      u32(pageSize),
      u32(cpuData.length),
      ...cpuData.flatMap((c) => [u32(c.cpu), u64(c.offset), u64(c.size)]),
    ]),
  )
  option(0, u64(0))
  section(0, Buffer.concat(optionBytes), false)
  const data = Buffer.concat(parts)
  data.writeBigUInt64LE(BigInt(first), optionsAt)
  data.writeBigUInt64LE(BigInt(bufferEnd - headerAt - 16), headerAt + 8)
  data.writeBigUInt64LE(BigInt(second), bufferSectionAt)
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    boundaries: [...new Set(boundaries)].sort((a, b) => a - b),
  }
}
