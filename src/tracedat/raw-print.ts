import { FieldFlag } from '../schema/field-flags.js'
import type { EventFormat, FieldFormat } from '../schema/format-types.js'
import type { TraceRecord } from '../ring-buffer/record.js'
import { Symbols } from './symbols.js'

/** Prints one field of a payload (`data` from `start`, `size` bytes). */
type FieldPrinter = (view: DataView, data: Uint8Array, start: number, size: number) => string

/**
 * The print format's conversions by argument: `[field, conversion]` when the
 * argument is a plain `REC->field` (`%03d`, `0x%08lx`, `%ps`, ...).
 * libtraceevent applies the k-th one to the k-th field when they name the
 * same field (so a format listing fields in another order than the event
 * does prints those fields plainly).
 */
function conversions(printFmt: string): ([string, string] | undefined)[] {
  const out: ([string, string] | undefined)[] = []
  const m = /^\s*"((?:[^"\\]|\\.)*)"\s*(.*)$/s.exec(printFmt)
  if (!m) return out
  const args: string[] = []
  let depth = 0
  let current = ''
  for (const ch of m[2]!.replace(/^,/, '')) {
    if (ch === '(' || ch === '{' || ch === '[') depth++
    if (ch === ')' || ch === '}' || ch === ']') depth--
    if (ch === ',' && depth === 0) {
      args.push(current.trim())
      current = ''
    } else current += ch
  }
  if (current.trim()) args.push(current.trim())
  const conv = /(?:(\w+)=)?((?:0x)?%(?:p[sSfF]|[-0#+ ]*\d*(?:\.\d+)?(?:hh|h|ll|l|z)?[a-zA-Z]))/g
  let index = 0
  for (const c of m[1]!.matchAll(conv)) {
    const arg = args[index++]
    // A field, maybe cast and in parentheses: `REC->x`, `(unsigned long long) REC->x`, `((unsigned long)(REC->x))`.
    const field = arg === undefined ? undefined : /^[(\s]*(?:\([\w\s*]+\)\s*)?\(?\s*REC->(\w+)[)\s]*$/.exec(arg)?.[1]
    out.push(field === undefined ? undefined : [field, c[2]!])
  }
  return out
}

/**
 * Prints a record's own fields the way libtraceevent does for
 * `trace-cmd report -R` (`name=value` separated by spaces): strings that are
 * printable as text, other arrays as `ARRAY[xx, ...]`, pointers and longs in
 * hex, other integers in decimal, and a field the print format prints as
 * `name=%03d`, `name=0x%08lx` or `name=%ps` (a kernel symbol) that way. Like
 * libtraceevent, a string field that once held unprintable bytes is printed
 * as an array from then on, so one printer should see the records in order.
 * One printer is compiled per event, on its first record.
 */
export class RawPrinter {
  readonly #notString = new Set<FieldFormat>()
  #symbols: Symbols | undefined
  #loadSymbols: (() => Symbols | undefined) | undefined
  readonly #le: boolean
  readonly #printers = new Map<EventFormat, FieldPrinter>()

  /** `symbols`: the kernel's symbols, kallsyms text, or a function giving them (called on the first `%ps`). */
  constructor(symbols?: Symbols | string | (() => Symbols | undefined), littleEndian = true) {
    if (typeof symbols === 'function') this.#loadSymbols = symbols
    else this.#symbols = typeof symbols === 'string' ? (symbols ? new Symbols(symbols) : undefined) : symbols
    this.#le = littleEndian
  }

  get #syms(): Symbols | undefined {
    if (this.#loadSymbols) {
      this.#symbols = this.#loadSymbols()
      this.#loadSymbols = undefined
    }
    return this.#symbols
  }

  /** The record's own fields as `name=value ...`. */
  fields(record: TraceRecord<unknown>): string {
    let printer = this.#printers.get(record.event)
    if (printer === undefined) this.#printers.set(record.event, (printer = this.#compile(record.event)))
    return record.withPayload(printer)
  }

  #compile(event: EventFormat): FieldPrinter {
    const convs = conversions(event.printFmt)
    const parts = event.fields
      .filter((f) => !f.common)
      .map((f) => {
        const conv = convs.find((c) => c?.[0] === f.name)?.[1]
        const print = this.#field(
          f,
          event.system === 'ftrace' && event.name === 'print' && f.name === 'ip' ? '%ps' : conv,
        )
        const label = `${f.name}=`
        return (view: DataView, data: Uint8Array, start: number, size: number) => label + print(view, data, start, size)
      })
    return (view, data, start, size) => {
      let out = ''
      for (let i = 0; i < parts.length; i++)
        out += i === 0 ? parts[i]!(view, data, start, size) : ` ${parts[i]!(view, data, start, size)}`
      return out
    }
  }

  #field(field: FieldFormat, conv: string | undefined): FieldPrinter {
    const le = this.#le
    if ((field.flags & FieldFlag.ARRAY) !== 0) {
      return (view, data, start, size) => {
        let offset = field.offset
        let len = field.size === 0 ? size - offset : field.size // char buf[]: the rest of the payload
        if ((field.flags & FieldFlag.DYNAMIC) !== 0) {
          if (offset + 4 > size) return ''
          const loc = view.getUint32(start + field.offset, le)
          offset = loc & 0xffff
          len = loc >>> 16
          if ((field.flags & FieldFlag.RELATIVE) !== 0) offset += field.offset + field.size
        }
        const from = start + offset
        const to = start + Math.min(offset + len, size)
        const isString = (field.flags & FieldFlag.STRING) !== 0 || field.value === 'string'
        if (isString && !this.#notString.has(field) && printable(data, from, to)) {
          let text = ''
          for (let i = from; i < to && data[i] !== 0; i++) text += String.fromCharCode(data[i]!)
          return field.name === 'buf' ? text.replace(/\n$/, '') : text
        }
        if (isString) this.#notString.add(field)
        if (from >= to) return 'ARRAY[]'
        let out = 'ARRAY[' + HEX[data[from]!]!
        for (let i = from + 1; i < to; i++) out += HEX_AFTER[data[i]!]!
        return `${out}]`
      }
    }
    const size = field.size
    const signed = (field.flags & FieldFlag.SIGNED) !== 0
    const read = (view: DataView, start: number): bigint | number =>
      size === 1
        ? signed
          ? view.getInt8(start)
          : view.getUint8(start)
        : size === 2
          ? signed
            ? view.getInt16(start, le)
            : view.getUint16(start, le)
          : size === 4
            ? signed
              ? view.getInt32(start, le)
              : view.getUint32(start, le)
            : size === 8
              ? signed
                ? view.getBigInt64(start, le)
                : view.getBigUint64(start, le)
              : 0
    const unsigned = (v: bigint | number) =>
      typeof v === 'bigint' ? BigInt.asUintN(64, v) : v < 0 ? BigInt.asUintN(size * 8, BigInt(v)) : v
    const hex = (v: bigint | number) => unsigned(v).toString(16)
    const c = conv !== undefined ? /^(0x)?%([-0#+ ]*)(\d*)(?:\.\d+)?(?:hh|h|ll|l|z)?([a-zA-Z])$/.exec(conv) : null
    let format: (v: bigint | number) => string
    if (conv !== undefined && /^%p[sSfF]$/.test(conv)) {
      format = (v) => this.#syms?.name(BigInt(unsigned(v))) ?? `0x${hex(v)}`
    } else if (c && c[4] !== 's' && c[4] !== 'p') {
      const [, prefix = '', flags = '', width = '', kind] = c
      const pad = flags.includes('0') ? '0' : ' '
      const w = Number(width || 0)
      const body =
        kind === 'x'
          ? hex
          : kind === 'X'
            ? (v: bigint | number) => hex(v).toUpperCase()
            : kind === 'u'
              ? (v: bigint | number) => String(unsigned(v))
              : (v: bigint | number) => String(v)
      format = flags.includes('-') ? (v) => prefix + body(v).padEnd(w) : (v) => prefix + body(v).padStart(w, pad)
    } else if ((field.flags & FieldFlag.POINTER) !== 0) {
      format = (v) => `0x${hex(v)}`
    } else if (signed) {
      format =
        size === 4 && (field.flags & FieldFlag.LONG) !== 0
          ? (v) => `0x${hex(v)}`
          : size === 2
            ? (v) => String(v).padStart(2)
            : (v) => String(v)
    } else {
      format = (field.flags & FieldFlag.LONG) !== 0 ? (v) => `0x${hex(v)}` : (v) => String(v)
    }
    return (view, _data, start, payloadSize) =>
      field.offset + size <= payloadSize ? format(read(view, start + field.offset)) : ''
  }
}

/** Bytes up to the first NUL are all printable or spaces (libtraceevent's test). */
function printable(data: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = data[i]!
    if (b === 0) return true
    if (!((b >= 0x20 && b < 0x7f) || (b >= 9 && b <= 13))) return false
  }
  return true
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))
/** A byte after the first of an array: `, xx`. */
const HEX_AFTER = HEX.map((h) => `, ${h}`)
