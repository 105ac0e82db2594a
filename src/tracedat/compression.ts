import { inflateSync } from 'node:zlib'
import { decompress as zstdDecompress, init as zstdInit } from '@bokuweb/zstd-wasm'
import type { DecodeBudget } from './decode-budget.js'
import { TraceDatError } from './errors.js'

/** Compression of a version 7 file. */
export type Compression = 'none' | 'zlib' | 'zstd'

/**
 * Decompresses one zstd frame to exactly `size` bytes (a replacement for the
 * built-in WebAssembly decoder, e.g. a native binding: see `openTrace`'s
 * `zstd` option). It may throw on bad data.
 */
export type ZstdDecoder = (frame: Uint8Array, size: number) => Uint8Array

// The reference zstd library built to WebAssembly: within about 20% of a native binding on
// trace chunks, twenty times a JavaScript decoder, and nothing to compile at install time.
await zstdInit()

const ZSTD_MAGIC = 0xfd2fb528

/** Where the first zstd frame of `data` ends (trace-cmd 3.0.0-3.0.3 left bytes after it), or its length when that cannot be told. */
function zstdFrameEnd(data: Uint8Array): number {
  const n = data.byteLength
  if (n < 6) return n
  const view = new DataView(data.buffer, data.byteOffset, n)
  if (view.getUint32(0, true) !== ZSTD_MAGIC) return n
  const descriptor = data[4]!
  const fcsFlag = descriptor >> 6
  const singleSegment = (descriptor >> 5) & 1
  const checksum = (descriptor >> 2) & 1
  const fcsSize = [singleSegment, 2, 4, 8][fcsFlag]!
  let p = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]! + fcsSize
  for (;;) {
    if (p + 3 > n) return n
    const header = data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16)
    const last = header & 1
    const type = (header >> 1) & 3
    const size = header >>> 3
    p += 3 + (type === 1 ? 1 : size)
    if (last) return Math.min(n, p + (checksum ? 4 : 0))
  }
}

/** The content size a zstd frame declares, if it does (trace-cmd's frames do not). */
function zstdContentSize(data: Uint8Array): number | undefined {
  if (data.byteLength < 6) return undefined
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  if (view.getUint32(0, true) !== ZSTD_MAGIC) return undefined
  const descriptor = data[4]!
  const fcsFlag = descriptor >> 6
  const singleSegment = (descriptor >> 5) & 1
  const fcsSize = [singleSegment, 2, 4, 8][fcsFlag]!
  if (fcsSize === 0) return undefined
  const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]!
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

const wasmZstd: ZstdDecoder = (frame, size) => {
  // The decoder allocates what a frame declares: refuse any other size before it does.
  const declared = zstdContentSize(frame)
  if (declared !== undefined && declared !== size) throw new Error(`the zstd frame declares ${declared} bytes`)
  return zstdDecompress(frame, { defaultHeapSize: Math.max(size, 1) })
}

/**
 * Decompresses one block or chunk to exactly the `expected` size the file
 * promises. Output beyond it (a zip bomb) or short of it is an error, and no
 * more than that is ever allocated. Before anything is inflated, the block
 * is charged to `budget`: its claimed size against the one-block limit, its
 * expansion over the bytes its data uses (a zstd frame without what follows
 * it), and the pass's total (see {@link DecodeBudget}).
 */
export function decompressBlock(
  algorithm: Compression,
  data: Uint8Array,
  expected: number,
  section: string,
  offset: number,
  budget: DecodeBudget,
  zstd: ZstdDecoder = wasmZstd,
): Uint8Array {
  if (algorithm === 'none') return data
  const input = algorithm === 'zstd' ? data.subarray(0, zstdFrameEnd(data)) : data
  budget.take(section, offset, input.byteLength, expected)
  let out: Uint8Array
  try {
    if (algorithm === 'zstd') out = zstd(input, expected)
    else {
      // zlib: the stream's own length is known once inflated; bytes after it count for nothing either.
      const { buffer, engine } = inflateSync(input, {
        maxOutputLength: Math.max(expected, 1),
        info: true,
      }) as unknown as {
        buffer: Buffer
        engine: { bytesWritten: number }
      }
      out = buffer
      budget.checkRatio(section, offset, engine.bytesWritten, buffer.byteLength)
    }
  } catch (error) {
    if (error instanceof TraceDatError) throw error
    throw new TraceDatError(section, offset, `cannot decompress (${algorithm}): ${(error as Error).message}`, {
      cause: error,
    })
  }
  if (out.byteLength !== expected)
    throw new TraceDatError(section, offset, `decompressed to ${out.byteLength} bytes, the header says ${expected}`)
  return out
}
