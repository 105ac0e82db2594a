import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readTrace, TraceDatError } from '../../src/index.js'
import { ensureApt } from '../helpers/native.js'
import { ROOT } from '../helpers/paths.js'
import { smallV6 } from './small-v6.js'

const DIR = join(ROOT, 'test/fixtures/tracedat')
const noZstd = ensureApt('zstd')

/** Opens and reads every record; returns the count, or the TraceDatError. Anything else fails the test. */
function readAll(data: Uint8Array): number | TraceDatError {
  try {
    const trace = readTrace(data)
    let n = 0
    for (const r of trace.records('*')) {
      void r.fields
      n++
    }
    return n
  } catch (error) {
    if (error instanceof TraceDatError) return error
    throw error
  }
}

describe('damaged trace.dat files give typed errors', () => {
  const small = smallV6()

  it('the small rebuilt file reads', () => {
    expect(readAll(small)).toBeGreaterThan(10)
  })

  it('cut at every section boundary of a v7 file: a TraceDatError naming section and offset', () => {
    const data = new Uint8Array(readFileSync(join(DIR, 'v7.dat')))
    const trace = readTrace(data)
    const cuts = new Set<number>([1, 10, 12, 17, 20, 31])
    for (const offset of trace.options.sections.values()) for (const d of [0, 1, 16, 20]) cuts.add(offset + d)
    for (const b of trace.buffers) {
      for (const cpu of b.cpus) for (const d of [0, 100, cpu.size - 1]) cuts.add(cpu.offset + d)
    }
    for (const cut of [...cuts].filter((c) => c > 0 && c < data.length)) {
      const r = readAll(data.subarray(0, cut))
      expect(r, `cut at ${cut}`).toBeInstanceOf(TraceDatError)
      expect((r as TraceDatError).message).toMatch(/at offset \d+: /)
    }
  })

  it('flipped header bytes and bogus sizes: errors, not crashes', () => {
    for (let i = 0; i < 64; i++) {
      const copy = small.slice()
      copy[i] = copy[i]! ^ 0xff
      const r = readAll(copy)
      if (typeof r !== 'number') expect(r.section.length).toBeGreaterThan(0)
    }
    const bogus = small.slice()
    new DataView(bogus.buffer).setUint32(18 + 12, 0x7fffffff, true) // header_page size -> huge
    expect(readAll(bogus)).toBeInstanceOf(TraceDatError)
  })

  it.skipIf(noZstd !== undefined)('a zip bomb in a compressed chunk is refused without inflating it', () => {
    const data = new Uint8Array(readFileSync(join(DIR, 'v7-zstd.dat')))
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

  it('10,000 random mutations: every one reads or fails with a TraceDatError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(small.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat(small.length), { nil: undefined }),
        (edits, cut) => {
          const copy = small.slice(0, cut ?? small.length)
          for (const [at, value] of edits) if (at < copy.length) copy[at] = value
          const r = readAll(copy)
          return typeof r === 'number' || r instanceof TraceDatError
        },
      ),
      { numRuns: 10_000, seed: 20261122 },
    )
  }, 300_000)
})
