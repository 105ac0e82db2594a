import type { FieldReader } from '../ring-buffer/field-decoder.js'
import type { ByteSource } from './byte-source.js'
import type { Compression, ZstdDecoder } from './compression.js'
import { DecodeBudget } from './decode-budget.js'
import type { DecodeLimits } from './decode-budget.js'
import type { TraceOptions } from './options.js'

/** What the readers of an opened file's data share: the bytes, how they are laid out and decompressed. */
export interface FileData {
  readonly source: ByteSource
  readonly littleEndian: boolean
  /** The kernel's long size. */
  readonly longSize: 4 | 8
  readonly pageSize: number
  readonly compression: Compression
  readonly zstd: ZstdDecoder | undefined
  readonly options: TraceOptions
  /** Reads fields in the file's byte order and long size. */
  readonly reader: FieldReader
  /** pid -> comm. */
  readonly cmdlines: ReadonlyMap<number, string>
  /** Bounds on decompression (see {@link DecodeLimits}); each pass over the file gets a fresh budget. */
  readonly limits: DecodeLimits | undefined
}

/** A fresh decode budget for one pass over the file's data. */
export function decodeBudget(file: FileData): DecodeBudget {
  return new DecodeBudget(file.source.size, file.limits)
}

/** Runs `f` with the file held open. */
export function withSource<T>(source: ByteSource, f: () => T): T {
  source.acquire()
  try {
    return f()
  } finally {
    source.release()
  }
}
