import { FieldFlag } from '../schema/field-flags.js'
import type { FieldFormat } from '../schema/format-types.js'
import type { TraceRecord } from './ring-buffer/record.js'
import { Symbols } from './symbols.js'

const latin1 = new TextDecoder('latin1')

/**
 * Prints a record's own fields the way libtraceevent does for
 * `trace-cmd report -R` (`name=value` separated by spaces): strings that are
 * printable as text, other arrays as `ARRAY[xx, ...]`, pointers and longs in
 * hex, other integers in decimal. Like libtraceevent, a string field that
 * once held unprintable bytes is printed as an array from then on, so one
 * printer should see the records in order.
 */
export class RawPrinter {
  readonly #notString = new Set<FieldFormat>()
  readonly #symbols: Symbols | undefined

  readonly #le: boolean

  constructor(symbols?: Symbols | string, littleEndian = true) {
    this.#symbols = typeof symbols === 'string' ? (symbols ? new Symbols(symbols) : undefined) : symbols
    this.#le = littleEndian
  }

  fields(record: TraceRecord<unknown>): string {
    const data = record.payload
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    const le = this.#le
    if (record.system === 'ftrace' && record.name === 'print') {
      const ip = record.field('ip') as bigint
      const buf = String(record.field('buf')).replace(/\n$/, '')
      return `ip=${this.#symbols?.name(ip) ?? `0x${ip.toString(16)}`} buf=${buf}`
    }
    const parts: string[] = []
    for (const field of record.event.fields) {
      if (field.common) continue
      parts.push(`${field.name}=${this.#value(field, data, view, le)}`)
    }
    return parts.join(' ')
  }

  #value(field: FieldFormat, data: Uint8Array, view: DataView, le: boolean): string {
    if ((field.flags & FieldFlag.ARRAY) !== 0) {
      let offset = field.offset
      let len = field.size
      if ((field.flags & FieldFlag.DYNAMIC) !== 0) {
        const loc = view.getUint32(field.offset, le)
        offset = loc & 0xffff
        len = loc >>> 16
        if ((field.flags & FieldFlag.RELATIVE) !== 0) offset += field.offset + field.size
      }
      const bytes = data.subarray(offset, Math.min(offset + len, data.byteLength))
      if ((field.flags & FieldFlag.STRING) !== 0 && !this.#notString.has(field) && printable(bytes)) {
        const nul = bytes.indexOf(0)
        return latin1.decode(nul < 0 ? bytes : bytes.subarray(0, nul))
      }
      if ((field.flags & FieldFlag.STRING) !== 0) this.#notString.add(field)
      return `ARRAY[${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join(', ')}]`
    }
    const size = field.size
    let value: bigint
    if (size === 1) value = BigInt(data[field.offset]!)
    else if (size === 2) value = BigInt(view.getUint16(field.offset, le))
    else if (size === 4) value = BigInt(view.getUint32(field.offset, le))
    else if (size === 8) value = view.getBigUint64(field.offset, le)
    else value = 0n
    if ((field.flags & FieldFlag.POINTER) !== 0) return `0x${value.toString(16)}`
    if ((field.flags & FieldFlag.SIGNED) !== 0) {
      switch (size) {
        case 4:
          return (field.flags & FieldFlag.LONG) !== 0 ? `0x${value.toString(16)}` : String(BigInt.asIntN(32, value))
        case 2:
          return String(BigInt.asIntN(16, value)).padStart(2)
        case 1:
          return String(BigInt.asIntN(8, value))
        default:
          return String(BigInt.asIntN(64, value))
      }
    }
    return (field.flags & FieldFlag.LONG) !== 0 ? `0x${value.toString(16)}` : String(value)
  }
}

/** Bytes up to the first NUL are all printable or spaces (libtraceevent's test). */
function printable(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0) return true
    if (!((b >= 0x20 && b < 0x7f) || (b >= 9 && b <= 13))) return false
  }
  return true
}
