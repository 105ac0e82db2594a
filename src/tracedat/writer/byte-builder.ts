/**
 * A growable little-endian byte buffer: the metadata of a trace.dat file is
 * built in memory with it, then written in one piece.
 */
export class ByteBuilder {
  #bytes = new Uint8Array(1024)
  #view = new DataView(this.#bytes.buffer)
  #length = 0

  /** Bytes written so far. */
  get length(): number {
    return this.#length
  }

  #room(n: number): number {
    const at = this.#length
    if (at + n > this.#bytes.length) {
      const bigger = new Uint8Array(Math.max(this.#bytes.length * 2, at + n))
      bigger.set(this.#bytes.subarray(0, at))
      this.#bytes = bigger
      this.#view = new DataView(bigger.buffer)
    }
    this.#length = at + n
    return at
  }

  u8(value: number): this {
    const at = this.#room(1)
    this.#view.setUint8(at, value)
    return this
  }

  u16(value: number): this {
    const at = this.#room(2)
    this.#view.setUint16(at, value, true)
    return this
  }

  u32(value: number): this {
    const at = this.#room(4)
    this.#view.setUint32(at, value >>> 0, true)
    return this
  }

  u64(value: number | bigint): this {
    const at = this.#room(8)
    this.#view.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true)
    return this
  }

  bytes(data: Uint8Array): this {
    const at = this.#room(data.length)
    this.#bytes.set(data, at)
    return this
  }

  /** Text (UTF-8 for a string, as is for bytes) without a terminating NUL. */
  text(value: string | Uint8Array): this {
    return this.bytes(typeof value === 'string' ? Buffer.from(value, 'utf8') : value)
  }

  /** Text with a terminating NUL. */
  cstr(value: string | Uint8Array): this {
    return this.text(value).u8(0)
  }

  /** Overwrites a u64 written earlier at `at`. */
  setU64(at: number, value: number | bigint): void {
    this.#view.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true)
  }

  /** The bytes written (a view, valid until the next write). */
  view(): Uint8Array {
    return this.#bytes.subarray(0, this.#length)
  }
}
