import { TraceDatError } from './errors.js'

/**
 * How much decompression one opened file may do, relative to its size (see
 * `openTrace`'s `decodeLimits`). Every compressed block and chunk of a file
 * is checked against them before it is inflated.
 */
export interface DecodeLimits {
  /**
   * Most bytes the blocks and chunks read by one pass may inflate to,
   * together: opening the file (its metadata sections), one walk over its
   * records, one `latencyText()`, `btf()` or `modules()`. Default: 64 MiB +
   * 32 times the file's size. `Infinity` lifts the limit.
   */
  readonly totalBytes?: number | undefined
  /**
   * Largest expansion of one block or chunk over the compressed bytes its
   * data actually uses (for zstd, the frame: bytes after it count for
   * nothing). Default 4096.
   */
  readonly ratio?: number | undefined
  /** Largest single block or chunk, uncompressed. Default 64 MiB (trace-cmd's chunks are ten pages; its largest blocks, kallsyms and BTF, a few MiB). */
  readonly blockBytes?: number | undefined
}

/** The defaults of {@link DecodeLimits}. */
export const DEFAULT_DECODE_LIMITS = {
  totalBase: 64 * 1024 * 1024,
  totalPerFileByte: 32,
  ratio: 4096,
  blockBytes: 64 * 1024 * 1024,
} as const

/**
 * The decompression allowance of one file: {@link take} is called with each
 * block's compressed and claimed sizes before the block is inflated, and
 * throws a {@link TraceDatError} naming the block when it would go over.
 */
export class DecodeBudget {
  readonly total: number
  readonly ratio: number
  readonly blockBytes: number
  /** Bytes granted so far. */
  used = 0

  constructor(fileSize: number, limits: DecodeLimits = {}) {
    this.total =
      limits.totalBytes ?? DEFAULT_DECODE_LIMITS.totalBase + DEFAULT_DECODE_LIMITS.totalPerFileByte * fileSize
    this.ratio = limits.ratio ?? DEFAULT_DECODE_LIMITS.ratio
    this.blockBytes = limits.blockBytes ?? DEFAULT_DECODE_LIMITS.blockBytes
  }

  /** Throws when `size` uncompressed bytes from `used` compressed ones is more than the ratio allows. */
  checkRatio(section: string, offset: number, used: number, size: number): void {
    if (size > Math.max(used, 1) * this.ratio + 1024)
      throw new TraceDatError(
        section,
        offset,
        `a block of ${used} compressed bytes claims ${size} bytes uncompressed, more than ${this.ratio} times as many (decodeLimits.ratio)`,
      )
  }

  /**
   * Grants `claimed` uncompressed bytes for a block whose data uses `used`
   * compressed bytes, or throws naming `section` and `offset`.
   */
  take(section: string, offset: number, used: number, claimed: number): void {
    if (claimed > this.blockBytes)
      throw new TraceDatError(
        section,
        offset,
        `a compressed block claims ${claimed} bytes uncompressed, over the ${this.blockBytes}-byte limit of one block (decodeLimits.blockBytes)`,
      )
    this.checkRatio(section, offset, used, claimed)
    if (this.used + claimed > this.total)
      throw new TraceDatError(
        section,
        offset,
        `decompressing this block would take the file past its decode budget of ${this.total} bytes (${this.used} used so far; decodeLimits.totalBytes)`,
      )
    this.used += claimed
  }
}
