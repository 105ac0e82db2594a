import type { ByteSource } from './byte-source.js'
import { memorySource } from './byte-source.js'
import { TraceDatError } from './errors.js'

const latin1 = new TextDecoder('latin1')
const WINDOW = 64 * 1024

/**
 * Reads integers, strings and byte runs from a {@link ByteSource} with bounds
 * checks: running past the end throws a {@link TraceDatError} naming the
 * section and offset. A file source is read through a window that grows only
 * as far as a read needs (never past the file's size).
 */
export class Cursor {
  readonly source: ByteSource
  readonly littleEndian: boolean
  /** Added to positions in error messages (the file offset of a decompressed payload). */
  readonly base: number
  section: string
  /** Position in the source. */
  pos: number
  /** Where reading must stop (the end of a section's payload, or of the source). */
  readonly end: number
  #win: Uint8Array
  #view: DataView
  #winStart: number

  constructor(
    source: ByteSource | Uint8Array,
    littleEndian: boolean,
    section: string,
    pos = 0,
    base = 0,
    end?: number,
  ) {
    this.source = source instanceof Uint8Array ? memorySource(source) : source
    this.end = Math.min(end ?? this.source.size, this.source.size)
    this.littleEndian = littleEndian
    this.section = section
    this.pos = pos
    this.base = base
    this.#win = this.source.whole ?? new Uint8Array(0)
    this.#winStart = this.source.whole ? 0 : pos
    this.#view = new DataView(this.#win.buffer, this.#win.byteOffset, this.#win.byteLength)
  }

  fail(message: string, at = this.pos): never {
    throw new TraceDatError(this.section, this.base + at, message)
  }

  get remaining(): number {
    return this.end - this.pos
  }

  /** Makes `bytes` bytes at the position readable; returns their index in the window. */
  need(bytes: number, what: string): number {
    if (!(bytes >= 0) || bytes > this.end - this.pos)
      this.fail(
        `${what} runs past the end${this.end < this.source.size ? ' of its section' : ''} (${bytes} bytes wanted, ${Math.max(0, this.end - this.pos)} left)`,
      )
    const at = this.pos - this.#winStart
    if (at >= 0 && at + bytes <= this.#win.byteLength) return at
    const length = Math.min(Math.max(bytes, WINDOW), this.end - this.pos)
    this.#win = this.source.read(this.pos, length, this.section)
    this.#view = new DataView(this.#win.buffer, this.#win.byteOffset, this.#win.byteLength)
    this.#winStart = this.pos
    return 0
  }

  u8(): number {
    const at = this.need(1, 'a byte')
    this.pos += 1
    return this.#win[at]!
  }
  u16(): number {
    const at = this.need(2, 'a 16-bit value')
    this.pos += 2
    return this.#view.getUint16(at, this.littleEndian)
  }
  u32(): number {
    const at = this.need(4, 'a 32-bit value')
    this.pos += 4
    return this.#view.getUint32(at, this.littleEndian)
  }
  i32(): number {
    const at = this.need(4, 'a 32-bit value')
    this.pos += 4
    return this.#view.getInt32(at, this.littleEndian)
  }
  u64(): bigint {
    const at = this.need(8, 'a 64-bit value')
    this.pos += 8
    return this.#view.getBigUint64(at, this.littleEndian)
  }
  i64(): bigint {
    const at = this.need(8, 'a 64-bit value')
    this.pos += 8
    return this.#view.getBigInt64(at, this.littleEndian)
  }
  /** A u64 that must be a usable offset or size: at most the source's size when `bounded`. */
  size64(what: string, bounded = true): number {
    const at = this.pos
    const v = this.u64()
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || (bounded && Number(v) > this.source.size))
      this.fail(`${what} ${v} is beyond the file's ${this.source.size} bytes`, at)
    return Number(v)
  }
  bytes(n: number, what: string): Uint8Array {
    const at = this.need(n, what)
    this.pos += n
    return this.#win.subarray(at, at + n)
  }
  text(n: number, what: string): string {
    return latin1.decode(this.bytes(n, what))
  }
  /** A NUL-terminated string. */
  cstr(what: string): string {
    for (let want = 256; ; want *= 4) {
      const n = Math.min(want, this.end - this.pos)
      const at = this.need(n, what)
      const end = this.#win.subarray(at, at + n).indexOf(0)
      if (end >= 0) {
        const s = latin1.decode(this.#win.subarray(at, at + end))
        this.pos += end + 1
        return s
      }
      if (n === this.end - this.pos) this.fail(`${what}: no terminating NUL`)
    }
  }
}
