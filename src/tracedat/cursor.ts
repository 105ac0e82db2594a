import { TraceDatError } from './errors.js'

const latin1 = new TextDecoder('latin1')

/**
 * Reads integers, strings and byte runs from a buffer with bounds checks:
 * running past the end throws a {@link TraceDatError} naming the section.
 */
export class Cursor {
  readonly data: Uint8Array
  readonly view: DataView
  readonly littleEndian: boolean
  /** Offset of `data[0]` in the file, for error messages. */
  readonly base: number
  section: string
  pos: number

  constructor(data: Uint8Array, littleEndian: boolean, section: string, pos = 0, base = 0) {
    this.data = data
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    this.littleEndian = littleEndian
    this.section = section
    this.pos = pos
    this.base = base
  }

  fail(message: string, at = this.pos): never {
    throw new TraceDatError(this.section, this.base + at, message)
  }

  need(bytes: number, what: string): void {
    if (bytes < 0 || this.pos + bytes > this.data.byteLength) this.fail(`${what} runs past the end (${bytes} bytes wanted, ${this.data.byteLength - this.pos} left)`)
  }

  u8(): number {
    this.need(1, 'a byte')
    return this.data[this.pos++]!
  }
  u16(): number {
    this.need(2, 'a 16-bit value')
    const v = this.view.getUint16(this.pos, this.littleEndian)
    this.pos += 2
    return v
  }
  u32(): number {
    this.need(4, 'a 32-bit value')
    const v = this.view.getUint32(this.pos, this.littleEndian)
    this.pos += 4
    return v
  }
  i32(): number {
    this.need(4, 'a 32-bit value')
    const v = this.view.getInt32(this.pos, this.littleEndian)
    this.pos += 4
    return v
  }
  u64(): bigint {
    this.need(8, 'a 64-bit value')
    const v = this.view.getBigUint64(this.pos, this.littleEndian)
    this.pos += 8
    return v
  }
  /** A u64 that must fit a safe offset or size. */
  size64(what: string): number {
    const at = this.pos
    const v = this.u64()
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} ${v} is not a usable size`, at)
    return Number(v)
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what)
    const out = this.data.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
  text(n: number, what: string): string {
    return latin1.decode(this.bytes(n, what))
  }
  /** A NUL-terminated string. */
  cstr(what: string): string {
    const end = this.data.indexOf(0, this.pos)
    if (end < 0) this.fail(`${what}: no terminating NUL`)
    const s = latin1.decode(this.data.subarray(this.pos, end))
    this.pos = end + 1
    return s
  }
  get remaining(): number {
    return this.data.byteLength - this.pos
  }
}
