import { execSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readTrace, TraceDatError } from '../../src/index.js'
import { ensureApt } from '../helpers/native.js'
import { ROOT } from '../helpers/paths.js'
import { smallV6 } from './small-v6.js'
import { smallV7 } from './small-v7.js'

const DIR = join(ROOT, 'test/fixtures/tracedat')
const noZstd = ensureApt('zstd')

/**
 * Opens, reads every record of every buffer and decodes every field; returns
 * the record count, or the TraceDatError. Any other exception fails the test.
 */
function readAll(data: Uint8Array): number | TraceDatError {
  try {
    const trace = readTrace<unknown>(data)
    let n = 0
    for (const r of trace.records('*')) {
      void r.toObject()
      n++
    }
    void trace.btf()
    void trace.modules()
    void trace.latencyText()
    return n
  } catch (error) {
    if (error instanceof TraceDatError) return error
    throw error
  }
}

const fixture = (name: string) => new Uint8Array(readFileSync(join(DIR, name)))

/** Cut points: every section header and payload start, every CPU data start, chunk header and end. */
function boundaries(data: Uint8Array): number[] {
  const trace = readTrace(data)
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const cuts = new Set<number>([1, 3, 10, 11, 12, 13, 14, 17, 18, 20, 25, 30, 31, 32, 36, 37])
  for (const s of trace.sections)
    for (const d of [0, 1, 2, 4, 8, 15, 16, 17, 20, 24, s.size + 15, s.size + 16]) cuts.add(s.offset + d)
  for (const b of trace.buffers) {
    for (const cpu of b.cpus) {
      for (const d of [0, 1, 4, cpu.size - 1, cpu.size]) cuts.add(cpu.offset + d)
      if (b.compressed) {
        let p = cpu.offset + 4
        for (let i = view.getUint32(cpu.offset, true); i > 0; i--) {
          for (const d of [0, 4, 8, 9]) cuts.add(p + d)
          p += 8 + view.getUint32(p, true)
        }
      } else
        for (let p = cpu.offset; p < cpu.offset + cpu.size; p += trace.pageSize)
          for (const d of [0, 8, 16, 20]) cuts.add(p + d)
    }
  }
  return [...cuts].filter((c) => c > 0 && c < data.length).sort((a, b) => a - b)
}

describe('damaged trace.dat files give typed errors', () => {
  const v6 = smallV6()
  const v7 = { none: smallV7('none'), zstd: smallV7('zstd'), zlib: smallV7('zlib') }

  it('the small rebuilt files read to the same records', () => {
    const n = readAll(v6)
    expect(n).toBeGreaterThan(10)
    for (const f of Object.values(v7)) expect(readAll(f.data)).toBe(n)
  })

  it.each(['v7.dat', 'v7-zstd.dat', 'v7-instance.dat', 'v7-zlib.dat'])(
    '%s cut at every section, CPU data, page and chunk boundary: a TraceDatError naming section and offset',
    (name) => {
      const data = fixture(name)
      const cuts = boundaries(data)
      expect(cuts.length).toBeGreaterThan(50)
      for (const cut of cuts) {
        const r = readAll(data.subarray(0, cut))
        expect(r, `cut at ${cut}`).toBeInstanceOf(TraceDatError)
        expect((r as TraceDatError).message).toMatch(/at offset \d+: /)
        expect((r as TraceDatError).offset).toBeLessThanOrEqual(data.length)
      }
    },
  )

  it('v6 and small v7 files cut anywhere in their headers and metadata, and at every page: errors', () => {
    for (const data of [v6, v7.none.data, v7.zstd.data, v7.zlib.data]) {
      const cuts = new Set<number>()
      for (let i = 1; i < Math.min(data.length, 4096); i += 3) cuts.add(i)
      for (let i = 4096; i < data.length; i += 509) cuts.add(i)
      for (const cut of cuts) expect(readAll(data.subarray(0, cut)), `cut at ${cut}`).toBeInstanceOf(TraceDatError)
    }
  })

  it('flipped header and section-header bytes: the file reads or fails with a TraceDatError', () => {
    for (const file of [{ data: v6, boundaries: [0] }, ...Object.values(v7)]) {
      const spots = new Set<number>()
      for (let i = 0; i < 64; i++) spots.add(i)
      for (const b of file.boundaries) for (let d = 0; d < 24; d++) spots.add(b + d)
      for (const at of spots) {
        if (at >= file.data.length) continue
        for (const mask of [0xff, 0x01]) {
          const copy = file.data.slice()
          copy[at] = copy[at]! ^ mask
          const r = readAll(copy)
          if (typeof r !== 'number') expect(r.section.length).toBeGreaterThan(0)
        }
      }
    }
  })

  it('bogus sizes and offsets (huge, past the end, negative as unsigned) are refused', () => {
    const bogus = [0xffffffffffffffffn, 0x7fffffffffffffffn, 0xffffffffn, BigInt(v7.zstd.data.length + 1)]
    for (const file of Object.values(v7)) {
      const trace = readTrace(file.data)
      const fields: number[] = [18 + `${trace.compression}\0${trace.compression === 'none' ? '' : '1'}\0`.length] // the options offset
      for (const s of trace.sections) fields.push(s.offset + 8)
      for (const at of trace.options.sections.values()) fields.push(at + 8)
      for (const at of fields) {
        for (const value of bogus) {
          const copy = file.data.slice()
          new DataView(copy.buffer).setBigUint64(at, value, true)
          expect(readAll(copy), `${value} at ${at}`).toBeInstanceOf(TraceDatError)
        }
      }
    }
    const huge = v6.slice()
    new DataView(huge.buffer).setUint32(18 + 12, 0x7fffffff, true) // header_page size
    expect(readAll(huge)).toBeInstanceOf(TraceDatError)
  })

  it('a compressed section that claims a huge size is refused before anything is allocated', () => {
    const file = v7.zstd
    const trace = readTrace(file.data)
    const kallsyms = trace.sections.find((s) => s.id === 19)!
    const copy = file.data.slice()
    new DataView(copy.buffer).setUint32(kallsyms.offset + 16 + 4, 0xfffffff0, true)
    const r = readAll(copy)
    expect(r).toBeInstanceOf(TraceDatError)
    expect((r as TraceDatError).message).toMatch(/claims 4294967280 bytes uncompressed/)
  })

  it.skipIf(noZstd !== undefined)('a zip bomb in a compressed chunk is refused without inflating it', () => {
    const data = fixture('v7-zstd.dat')
    const trace = readTrace(data)
    // 64 MiB of zeros in a few kilobytes (Debian's zstd command line), put in place of the
    // first chunk of the CPU with the largest one; the chunk header still says 40960 bytes.
    const bomb = execSync('head -c 67108864 /dev/zero | zstd -19 -c', { maxBuffer: 1 << 20 })
    const view = new DataView(data.buffer, data.byteOffset)
    const cpu = [...trace.buffers[0]!.cpus].sort((a, b) => b.size - a.size)[0]!
    const chunkAt = cpu.offset + 4
    const compressedSize = view.getUint32(chunkAt, true)
    expect(bomb.length).toBeLessThanOrEqual(compressedSize)
    const copy = data.slice()
    copy.set(bomb, chunkAt + 8)
    new DataView(copy.buffer).setUint32(chunkAt, bomb.length, true)
    // The rest of the old chunk stays as padding before the next chunk header: step over it.
    const rest = compressedSize - bomb.length
    if (rest > 0) copy.set(new Uint8Array(rest), chunkAt + 8 + bomb.length)
    const before = process.memoryUsage().rss
    const r = readAll(copy)
    expect(r).toBeInstanceOf(TraceDatError)
    expect((r as TraceDatError).message).toMatch(/cpu \d+ data at offset \d+: (cannot decompress|decompressed to)/)
    expect(process.memoryUsage().rss - before).toBeLessThan(128 * 1024 * 1024)
  })

  // 10,200 mutated files in all: a few bytes changed (half of them at structure boundaries,
  // where a change means most) and maybe a cut; each one reads or fails with a TraceDatError.
  const files = [
    ['v6', { data: v6, boundaries: [0, 12, 18, 30] }, 3_600],
    ['v7', v7.none, 2_200],
    ['v7 zstd', v7.zstd, 2_200],
    ['v7 zlib', v7.zlib, 2_200],
  ] as const
  for (const [name, file, runs] of files) {
    it(`${runs.toLocaleString('en')} random mutations of the small ${name} file: each reads or fails with a TraceDatError`, () => {
      const length = file.data.length
      const spot = fc.oneof(
        fc.nat(length - 1),
        fc.tuple(fc.constantFrom(...file.boundaries), fc.nat(23)).map(([b, d]) => Math.min(length - 1, b + d)),
      )
      const rssBefore = process.memoryUsage().rss
      fc.assert(
        fc.property(
          fc.array(fc.tuple(spot, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
          fc.option(fc.nat(length), { nil: undefined, freq: 4 }),
          (edits, cut) => {
            const copy = file.data.slice(0, cut ?? length)
            for (const [at, value] of edits) if (at < copy.length) copy[at] = value
            const r = readAll(copy)
            return typeof r === 'number' || r instanceof TraceDatError
          },
        ),
        { numRuns: runs, seed: 20261122 },
      )
      // Memory stays bounded: no mutation makes the reader hold much more than a file.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(512 * 1024 * 1024)
    }, 300_000)
  }
})
