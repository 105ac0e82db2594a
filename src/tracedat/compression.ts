import { inflateSync } from 'node:zlib'
import { decompress as zstdDecompress } from 'fzstd'
import { TraceDatError } from './errors.js'

/** Compression of a version 7 file. */
export type Compression = 'none' | 'zlib' | 'zstd'

/**
 * Decompresses one block or chunk. `expected` is the uncompressed size the
 * file promises; output beyond it (a zip bomb) or short of it is an error, so
 * memory stays bounded by what the file declares.
 */
export function decompressBlock(algorithm: Compression, data: Uint8Array, expected: number, section: string, offset: number): Uint8Array {
  if (expected > 64 * 1024 * 1024) throw new TraceDatError(section, offset, `a compressed block claims ${expected} bytes uncompressed (more than 64 MiB)`)
  let out: Uint8Array
  try {
    if (algorithm === 'zstd') {
      out = zstdDecompress(data, new Uint8Array(expected))
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
