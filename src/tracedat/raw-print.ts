import { FieldFlag } from '../schema/field-flags.js'
import type { FieldFormat } from '../schema/format-types.js'
import type { TraceRecord } from './ring-buffer/record.js'

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

  constructor(kallsyms?: string) {
    this.#symbols = kallsyms ? new Symbols(kallsyms) : undefined
  }

  fields(record: TraceRecord): string {
    const data = record.payload
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    const le = true
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

/** Kernel symbols from kallsyms: the name of the function an address is in. */
export class Symbols {
  readonly #addrs: bigint[] = []
  readonly #names: string[] = []

  constructor(kallsyms: string) {
    const entries: [bigint, string][] = []
    for (const line of kallsyms.split('\n')) {
      const m = /^([0-9a-fA-F]+)\s+\S\s+(\S+)/.exec(line)
      if (m) entries.push([BigInt(`0x${m[1]}`), m[2]!])
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    for (const [a, n] of entries) {
      this.#addrs.push(a)
      this.#names.push(n)
    }
  }

  name(addr: bigint): string | undefined {
    let lo = 0
    let hi = this.#addrs.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (this.#addrs[mid]! <= addr) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found < 0 ? undefined : this.#names[found]
  }
}
