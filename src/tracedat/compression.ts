import { inflateSync } from 'node:zlib'
import { decompress as zstdDecompress, init as zstdInit } from '@bokuweb/zstd-wasm'
import { TraceDatError } from './errors.js'

/** Compression of a version 7 file. */
export type Compression = 'none' | 'zlib' | 'zstd'

// The WebAssembly build of the reference zstd library: about ten times faster than a
// JavaScript decoder on trace data, with nothing to compile at install time.
await zstdInit()

const ZSTD_MAGIC = 0xfd2fb528

/**
 * The content size a zstd frame declares, if it does (trace-cmd's frames do
 * not; a frame that declares another size than the chunk header is refused
 * before anything is allocated for it).
 */
function zstdContentSize(data: Uint8Array): number | undefined {
  if (data.byteLength < 6) return undefined
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  if (view.getUint32(0, true) !== ZSTD_MAGIC) return undefined
  const descriptor = data[4]!
  const fcsFlag = descriptor >> 6
  const singleSegment = (descriptor >> 5) & 1
  const dictFlag = descriptor & 3
  const fcsSize = fcsFlag === 0 ? singleSegment : fcsFlag === 1 ? 2 : fcsFlag === 2 ? 4 : 8
  if (fcsSize === 0) return undefined
  const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][dictFlag]!
  if (at + fcsSize > data.byteLength) return undefined
  switch (fcsSize) {
    case 1:
      return data[at]!
    case 2:
      return view.getUint16(at, true) + 256
    case 4:
      return view.getUint32(at, true)
    default:
      return Number(view.getBigUint64(at, true))
  }
}

/**
 * Decompresses one block or chunk. `expected` is the uncompressed size the
 * file promises; output beyond it (a zip bomb) or short of it is an error, and
 * no more than that is ever allocated, so memory stays bounded by what the
 * file declares.
 */
export function decompressBlock(algorithm: Compression, data: Uint8Array, expected: number, section: string, offset: number): Uint8Array {
  if (expected > 64 * 1024 * 1024) throw new TraceDatError(section, offset, `a compressed block claims ${expected} bytes uncompressed (more than 64 MiB)`)
  let out: Uint8Array
  try {
    if (algorithm === 'zstd') {
      const declared = zstdContentSize(data)
      if (declared !== undefined && declared !== expected) throw new Error(`the zstd frame declares ${declared} bytes`)
      out = zstdDecompress(data, { defaultHeapSize: Math.max(expected, 1) })
    } else if (algorithm === 'zlib') {
      out = inflateSync(data, { maxOutputLength: Math.max(expected, 1) })
    } else {
      out = data
    }
  } catch (error) {
    throw new TraceDatError(section, offset, `cannot decompress (${algorithm}): ${(error as Error).message}`, { cause: error })
  }
  if (out.byteLength !== expected) throw new TraceDatError(section, offset, `decompressed to ${out.byteLength} bytes, the header says ${expected}`)
  return out
}
