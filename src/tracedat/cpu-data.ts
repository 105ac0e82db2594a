import type { ByteSource } from './byte-source.js'
import { decompressBlock } from './compression.js'
import type { Compression, ZstdDecoder } from './compression.js'
import type { BufferData } from './container.js'
import { Cursor } from './cursor.js'
import type { DecodeBudget } from './decode-budget.js'
import type { CpuDataInfo } from './options.js'
import type { PageRun, PageSource } from '../ring-buffer/page-source.js'

/** Pages read from the file at a time for uncompressed data. */
const RUN_PAGES = 64

/** How far reading has got, in bytes of CPU data on disk. */
export interface ReadProgress {
  done: number
}

function run(data: Uint8Array, position: number): PageRun {
  return { data, view: new DataView(data.buffer, data.byteOffset, data.byteLength), position }
}

/**
 * One CPU's pages of a buffer, read from the file as they are needed: runs of
 * pages of uncompressed data (or the data itself when the file is in memory),
 * or one decompressed chunk at a time, found by walking the chunk headers
 * (the stored size is 4 bytes short in files of trace-cmd 3.0-3.1).
 */
export function cpuPageSource(
  source: ByteSource,
  littleEndian: boolean,
  buffer: BufferData,
  cpu: CpuDataInfo,
  compression: Compression,
  zstd: ZstdDecoder | undefined,
  section: string,
  budget: DecodeBudget,
  progress?: ReadProgress,
): PageSource {
  if (!buffer.compressed) {
    let at = cpu.offset
    const end = cpu.offset + cpu.size
    const step = source.whole ? cpu.size : RUN_PAGES * buffer.pageSize
    return {
      nextRun() {
        if (at >= end) return undefined
        const length = Math.min(step, end - at)
        const r = run(source.read(at, length, section), at)
        at += length
        if (progress) progress.done += length
        return r
      },
    }
  }
  const c = new Cursor(source, littleEndian, section, cpu.offset)
  let count = -1
  let index = 0
  return {
    nextRun() {
      if (count < 0) {
        count = c.u32()
        if (count * 8 > source.size - c.pos)
          c.fail(`${count} compressed chunks in ${source.size - c.pos} bytes`, c.pos - 4)
      }
      if (index >= count) return undefined
      const at = c.pos
      const compressedSize = c.u32()
      const size = c.u32()
      const block = c.bytes(compressedSize, `compressed chunk ${index}`)
      index++
      if (progress) progress.done += 8 + compressedSize
      return run(decompressBlock(compression, block, size, section, at, budget, zstd), at)
    },
  }
}
