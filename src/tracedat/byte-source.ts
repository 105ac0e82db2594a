import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { TraceDatError } from './errors.js'

/**
 * The bytes of a trace.dat file: in memory, or read from the file when asked
 * (so a large file is never held whole).
 */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number
  /** Exactly `length` bytes at `offset`; a range past the end is a {@link TraceDatError} naming `section`. */
  read(offset: number, length: number, section: string): Uint8Array
  /** All the bytes, when they are in memory anyway. */
  readonly whole: Uint8Array | undefined
  /** Starts a use of the source (opens the file); pair with {@link release}. */
  acquire(): void
  release(): void
}

function checkRange(size: number, offset: number, length: number, section: string): void {
  if (!(offset >= 0 && length >= 0 && offset + length <= size)) {
    throw new TraceDatError(section, offset, `${length} bytes wanted, the file ends at ${size}: possibly truncated`)
  }
}

/** Bytes already in memory (read without copying). */
export function memorySource(data: Uint8Array): ByteSource {
  return {
    size: data.byteLength,
    whole: data,
    read(offset, length, section) {
      checkRange(data.byteLength, offset, length, section)
      return data.subarray(offset, offset + length)
    },
    acquire() {},
    release() {},
  }
}

/**
 * A file read with positioned reads. The descriptor is open while at least
 * one use (opening, an iteration) is under way, and closed after the last.
 */
export function fileSource(path: string): ByteSource {
  let fd = -1
  let users = 0
  const open = () => {
    try {
      return openSync(path, 'r')
    } catch (error) {
      throw new TraceDatError(
        'file',
        0,
        `cannot open ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        { cause: error },
      )
    }
  }
  const first = open()
  const size = fstatSync(first).size
  closeSync(first)
  return {
    size,
    whole: undefined,
    read(offset, length, section) {
      checkRange(size, offset, length, section)
      const out = Buffer.allocUnsafeSlow(length)
      let done = 0
      while (done < length) {
        const n = readSync(fd, out, done, length - done, offset + done)
        if (n === 0) throw new TraceDatError(section, offset + done, 'the file ended early (changed while reading?)')
        done += n
      }
      return new Uint8Array(out.buffer, out.byteOffset, length)
    },
    acquire() {
      if (users++ === 0) fd = open()
    },
    release() {
      if (--users === 0) {
        closeSync(fd)
        fd = -1
      }
    },
  }
}
