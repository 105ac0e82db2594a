import {
  Binary,
  Dictionary,
  Int8,
  Int16,
  Int32,
  Int64,
  List,
  Field as ArrowField,
  makeData,
  makeVector,
  TimestampNanosecond,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
} from 'apache-arrow'
import type { Data, DataType } from 'apache-arrow'

/**
 * One column of a batch being built: values go into typed arrays that grow by
 * doubling, nulls into a validity bitmap made on the first null. `finish()`
 * hands the batch's values over as Arrow data and starts the next batch.
 */
export interface ColumnBuilder {
  readonly type: DataType
  /** Appends one value (`undefined` or `null`: a null). */
  push(value: unknown): void
  /** The values so far as Arrow data; the builder is empty again after. */
  finish(length: number): Data
  /** Bytes held (for flushing batches of wide strings early). */
  readonly bytes: number
}

const MIN = 1024

/** The validity bitmap of a column, made when its first null arrives. */
class Validity {
  bits: Uint8Array | undefined = undefined
  nulls = 0

  setNull(index: number, capacity: number): void {
    if (this.bits === undefined) {
      this.bits = new Uint8Array((capacity + 7) >> 3).fill(0xff)
    } else if (this.bits.length < (capacity + 7) >> 3) this.grow(capacity)
    this.bits[index >> 3]! &= ~(1 << (index & 7))
    this.nulls++
  }

  grow(capacity: number): void {
    if (this.bits === undefined || this.bits.length >= (capacity + 7) >> 3) return
    const next = new Uint8Array((capacity + 7) >> 3).fill(0xff)
    next.set(this.bits)
    this.bits = next
  }

  take(length: number): { nullCount: number; nullBitmap?: Uint8Array } {
    const out =
      this.bits === undefined
        ? { nullCount: 0 }
        : { nullCount: this.nulls, nullBitmap: this.bits.slice(0, (length + 7) >> 3) }
    this.bits = undefined
    this.nulls = 0
    return out
  }
}

type NumberArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array
type NumberArrayConstructor = new (length: number) => NumberArray

/** 8 to 32-bit integers (JS numbers). */
export class IntColumn implements ColumnBuilder {
  readonly type: DataType
  readonly #Array: NumberArrayConstructor
  #values: NumberArray
  #length = 0
  readonly #validity = new Validity()

  constructor(size: number, signed: boolean) {
    this.type = intType(size, signed)
    this.#Array = (
      size === 1
        ? signed
          ? Int8Array
          : Uint8Array
        : size === 2
          ? signed
            ? Int16Array
            : Uint16Array
          : signed
            ? Int32Array
            : Uint32Array
    ) as NumberArrayConstructor
    this.#values = new this.#Array(MIN)
  }

  get bytes(): number {
    return this.#length * this.#values.BYTES_PER_ELEMENT
  }

  push(value: unknown): void {
    const i = this.#length++
    if (i === this.#values.length) this.#grow()
    if (typeof value === 'number') this.#values[i] = value
    else if (typeof value === 'bigint') this.#values[i] = Number(BigInt.asIntN(32, value))
    else if (typeof value === 'boolean') this.#values[i] = value ? 1 : 0
    else this.#validity.setNull(i, this.#values.length)
  }

  #grow(): void {
    const next = new this.#Array(this.#values.length * 2)
    next.set(this.#values)
    this.#values = next
    this.#validity.grow(next.length)
  }

  finish(length: number): Data {
    const data = makeData({
      type: this.type as Int32,
      length,
      data: this.#values.slice(0, length) as Int32Array,
      ...this.#validity.take(length),
    })
    this.#length = 0
    return data
  }
}

/** 64-bit integers and nanosecond time stamps (bigints). */
export class BigColumn implements ColumnBuilder {
  readonly type: DataType
  readonly #signed: boolean
  #values: BigInt64Array | BigUint64Array
  #length = 0
  readonly #validity = new Validity()

  constructor(signed: boolean, timestamp = false) {
    this.#signed = signed || timestamp
    this.type = timestamp ? new TimestampNanosecond() : signed ? new Int64() : new Uint64()
    this.#values = this.#signed ? new BigInt64Array(MIN) : new BigUint64Array(MIN)
  }

  get bytes(): number {
    return this.#length * 8
  }

  push(value: unknown): void {
    const i = this.#length++
    if (i === this.#values.length) this.#grow()
    if (typeof value === 'bigint') this.#values[i] = value
    else if (typeof value === 'number') this.#values[i] = BigInt(value)
    else this.#validity.setNull(i, this.#values.length)
  }

  #grow(): void {
    const next = this.#signed ? new BigInt64Array(this.#values.length * 2) : new BigUint64Array(this.#values.length * 2)
    next.set(this.#values as BigInt64Array & BigUint64Array)
    this.#values = next
    this.#validity.grow(next.length)
  }

  finish(length: number): Data {
    const data = makeData({
      type: this.type as Int64,
      length,
      data: this.#values.slice(0, length) as BigInt64Array,
      ...this.#validity.take(length),
    })
    this.#length = 0
    return data
  }
}

/** Growable bytes with offsets: the values of a string or binary column. */
class ByteValues {
  offsets = new Int32Array(MIN + 1)
  data = new Uint8Array(MIN * 16)
  end = 0

  reserve(extra: number): void {
    if (this.end + extra <= this.data.length) return
    let size = this.data.length * 2
    while (size < this.end + extra) size *= 2
    const next = new Uint8Array(size)
    next.set(this.data.subarray(0, this.end))
    this.data = next
  }

  setOffset(index: number): void {
    if (index >= this.offsets.length) {
      const next = new Int32Array(this.offsets.length * 2)
      next.set(this.offsets)
      this.offsets = next
    }
    this.offsets[index] = this.end
  }

  appendBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length)
    this.data.set(bytes, this.end)
    this.end += bytes.length
  }

  take(length: number): { valueOffsets: Int32Array; data: Uint8Array } {
    const out = { valueOffsets: this.offsets.slice(0, length + 1), data: this.data.slice(0, this.end) }
    this.end = 0
    return out
  }
}

const encoder = new TextEncoder()
/** No value pushed yet (unlike undefined, a null). */
const NONE = Symbol('none')

/** UTF-8 bytes of a string: ASCII copied directly, the rest through a TextEncoder. */
function appendUtf8(values: ByteValues, s: string): void {
  const n = s.length
  values.reserve(n * 3)
  const data = values.data
  let at = values.end
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80) {
      at += encoder.encodeInto(s.slice(i), data.subarray(at)).written
      values.end = at
      return
    }
    data[at++] = c
  }
  values.end = at
}

/**
 * Strings, dictionary-encoded per batch (a batch's distinct values once, and an
 * index per row): task names, event names and most string fields repeat.
 * `plain` columns come out as plain UTF-8 instead (for Arrow IPC files, where
 * each batch's own dictionary is not allowed).
 */
export class StringColumn implements ColumnBuilder {
  readonly type: DataType
  readonly #plain: boolean
  readonly #index = new Map<string, number>()
  readonly #dictionary = new ByteValues()
  #indices = new Int32Array(MIN)
  #length = 0
  readonly #validity = new Validity()
  /** The last value pushed and its index: runs of one value skip the lookup. */
  #last: unknown = NONE
  #lastIndex = 0
  static #ids = 0

  constructor(plain = false) {
    this.#plain = plain
    this.type = plain ? new Utf8() : new Dictionary(new Utf8(), new Int32(), StringColumn.#ids++)
    this.#dictionary.setOffset(0)
  }

  get bytes(): number {
    return this.#length * 4 + this.#dictionary.end
  }

  /** Counts the batches finished: an index from {@link key} holds until it changes. */
  generation = 0

  push(value: unknown): void {
    if (value === this.#last) {
      this.pushIndex(this.#lastIndex)
      return
    }
    if (typeof value !== 'string') {
      if (value === undefined || value === null) {
        const i = this.#length
        this.pushIndex(0)
        this.#validity.setNull(i, this.#indices.length)
        return
      }
      value = String(value)
    }
    const k = this.key(value as string)
    this.#last = value as string
    this.#lastIndex = k
    this.pushIndex(k)
  }

  /** The index of a value in this batch's dictionary (added when new). */
  key(s: string): number {
    let k = this.#index.get(s)
    if (k === undefined) {
      k = this.#index.size
      this.#index.set(s, k)
      appendUtf8(this.#dictionary, s)
      this.#dictionary.setOffset(k + 1)
    }
    return k
  }

  /** Appends a value by its index from {@link key} (of this generation). */
  pushIndex(k: number): void {
    const i = this.#length++
    if (i === this.#indices.length) {
      const next = new Int32Array(this.#indices.length * 2)
      next.set(this.#indices)
      this.#indices = next
      this.#validity.grow(next.length)
    }
    this.#indices[i] = k
  }

  finish(length: number): Data {
    const count = this.#index.size
    const dict = this.#dictionary.take(count)
    const indices = this.#indices
    const validity = this.#validity.take(length)
    this.#index.clear()
    this.#dictionary.setOffset(0)
    this.#length = 0
    this.#last = NONE
    this.generation++
    if (!this.#plain) {
      const dictionary = makeVector(makeData({ type: new Utf8(), length: count, ...dict }))
      return makeData({
        type: this.type as Dictionary<Utf8, Int32>,
        length,
        data: indices.slice(0, length),
        dictionary,
        ...validity,
      })
    }
    // Plain UTF-8: each row's dictionary bytes copied in place.
    const out = new ByteValues()
    out.setOffset(0)
    const from = dict.valueOffsets
    for (let i = 0; i < length; i++) {
      const k = indices[i]!
      const a = from[k]!
      const b = from[k + 1]!
      if (validity.nullBitmap === undefined || (validity.nullBitmap[i >> 3]! & (1 << (i & 7))) !== 0) {
        out.reserve(b - a)
        out.data.set(dict.data.subarray(a, b), out.end)
        out.end += b - a
      }
      out.setOffset(i + 1)
    }
    return makeData({ type: this.type as Utf8, length, ...out.take(length), ...validity })
  }
}

/** Byte arrays that are not strings (`__u8 saddr[4]`, blobs). */
export class BinaryColumn implements ColumnBuilder {
  readonly type: DataType = new Binary()
  readonly #values = new ByteValues()
  #length = 0
  readonly #validity = new Validity()

  constructor() {
    this.#values.setOffset(0)
  }

  get bytes(): number {
    return this.#values.end + this.#length * 4
  }

  push(value: unknown): void {
    const i = this.#length++
    if (value instanceof Uint8Array) this.#values.appendBytes(value)
    else this.#validity.setNull(i, this.#values.offsets.length)
    this.#values.setOffset(i + 1)
    this.#validity.grow(this.#values.offsets.length)
  }

  finish(length: number): Data {
    const data = makeData({
      type: this.type as Binary,
      length,
      ...this.#values.take(length),
      ...this.#validity.take(length),
    })
    this.#values.setOffset(0)
    this.#length = 0
    return data
  }
}

/** Integer arrays (`unsigned long args[6]`, `__data_loc u32[]`) as lists of their element type. */
export class ListColumn implements ColumnBuilder {
  readonly type: DataType
  readonly #child: IntColumn | BigColumn
  #offsets = new Int32Array(MIN + 1)
  #length = 0
  #childLength = 0
  readonly #validity = new Validity()

  constructor(elementSize: number, signed: boolean) {
    this.#child = elementSize === 8 ? new BigColumn(signed) : new IntColumn(elementSize, signed)
    this.type = new List(new ArrowField('item', this.#child.type, false))
  }

  get bytes(): number {
    return this.#child.bytes + this.#length * 4
  }

  push(value: unknown): void {
    const i = this.#length++
    if (i + 1 >= this.#offsets.length) {
      const next = new Int32Array(this.#offsets.length * 2)
      next.set(this.#offsets)
      this.#offsets = next
      this.#validity.grow(next.length)
    }
    if (Array.isArray(value)) {
      for (const v of value) this.#child.push(v)
      this.#childLength += value.length
    } else this.#validity.setNull(i, this.#offsets.length)
    this.#offsets[i + 1] = this.#childLength
  }

  finish(length: number): Data {
    const child = this.#child.finish(this.#childLength)
    const data = makeData({
      type: this.type as List,
      length,
      valueOffsets: this.#offsets.slice(0, length + 1),
      child,
      ...this.#validity.take(length),
    })
    this.#length = 0
    this.#childLength = 0
    return data
  }
}

/** The Arrow type of an 8 to 32-bit integer. */
export function intType(size: number, signed: boolean): DataType {
  switch (size) {
    case 1:
      return signed ? new Int8() : new Uint8()
    case 2:
      return signed ? new Int16() : new Uint16()
    default:
      return signed ? new Int32() : new Uint32()
  }
}
