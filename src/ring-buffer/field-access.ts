import type { FieldFormat } from '../schema/format-types.js'

/**
 * Reads one field of an event payload: `start` is the payload's offset in
 * `data` (and `view`), `size` its length. Built once per field by
 * {@link fieldAccessor}, so reading a field is one call with the offset,
 * size and signedness already decided.
 */
export type FieldAccessor = (view: DataView, data: Uint8Array, start: number, size: number) => unknown

const utf8 = new TextDecoder('utf-8')

/** A NUL-terminated string of `data[start, end)`: ASCII directly, anything else as UTF-8. */
export function cString(data: Uint8Array, start: number, end: number): string {
  let s = ''
  for (let i = start; i < end; i++) {
    const b = data[i]!
    if (b === 0) return s
    if (b >= 0x80) {
      const nul = data.indexOf(0, i)
      return s + utf8.decode(data.subarray(i, nul < 0 || nul > end ? end : nul))
    }
    s += String.fromCharCode(b)
  }
  return s
}

/**
 * Bytes per element of an integer array field: 1, 2 or 4 (a `number[]`).
 * The format's size divided by its length when that is one of them, else the
 * C type's size: a damaged format (`args[6]; size:0;`) never gives a step of 0.
 */
function elementSize(field: FieldFormat, longSize: number): number {
  if (field.value === 'bigint[]') return 8
  if (field.arrayLength) {
    const each = field.size / field.arrayLength
    if (each === 1 || each === 2 || each === 4) return each
  }
  const base = field.cType.replace(/\[.*$/, '')
  if (/\*\s*$/.test(base)) return longSize
  if (/short|16\b/.test(base)) return 2
  if (/long long|64\b/.test(base)) return 8
  if (/long/.test(base)) return longSize === 4 ? 4 : 8
  if (/char|8\b/.test(base)) return 1
  return 4
}

/** Where an array's bytes are: fixed arrays in place, `__data_loc`/`__rel_loc` through their locator. */
function arrayBounds(field: FieldFormat, le: boolean): (view: DataView, start: number, size: number) => number {
  const off = field.offset
  const fixed = field.size
  // The bounds go out through one shared slot (reads are synchronous), the length also as the result.
  if (field.dynamic === undefined) {
    return (_view, start, size) => {
      bounds.start = start + off
      bounds.length = Math.max(0, Math.min(fixed === 0 ? size - off : fixed, size - off))
      return bounds.length
    }
  }
  const relative = field.dynamic === 'rel_loc'
  return (view, start, size) => {
    if (off + 4 > size) {
      bounds.length = 0
      return 0
    }
    const loc = view.getUint32(start + off, le)
    const at = (loc & 0xffff) + (relative ? off + 4 : 0)
    bounds.start = start + at
    bounds.length = Math.max(0, Math.min(loc >>> 16, size - at))
    return bounds.length
  }
}
const bounds = { start: 0, length: 0 }

/**
 * The reader of one field, returning what the field's `value` kind promises:
 * `number` (scalars up to 32 bits), `bigint` (64 bits), `string` (char arrays
 * up to their NUL), `Uint8Array` (other byte arrays, a copy), `number[]` or
 * `bigint[]`. A payload too short for the field gives `undefined`.
 */
export function fieldAccessor(field: FieldFormat, littleEndian: boolean, longSize: number): FieldAccessor {
  const off = field.offset
  const le = littleEndian
  const signed = field.signed
  switch (field.value) {
    case 'number':
      switch (field.size) {
        case 1:
          return signed
            ? (view, _d, start, size) => (off < size ? view.getInt8(start + off) : undefined)
            : (_v, data, start, size) => (off < size ? data[start + off] : undefined)
        case 2:
          return signed
            ? (view, _d, start, size) => (off + 2 <= size ? view.getInt16(start + off, le) : undefined)
            : (view, _d, start, size) => (off + 2 <= size ? view.getUint16(start + off, le) : undefined)
        default:
          return signed
            ? (view, _d, start, size) => (off + 4 <= size ? view.getInt32(start + off, le) : undefined)
            : (view, _d, start, size) => (off + 4 <= size ? view.getUint32(start + off, le) : undefined)
      }
    case 'bigint':
      return signed
        ? (view, _d, start, size) => (off + 8 <= size ? view.getBigInt64(start + off, le) : undefined)
        : (view, _d, start, size) => (off + 8 <= size ? view.getBigUint64(start + off, le) : undefined)
    default:
      break
  }
  if (
    field.value === 'bytes' &&
    field.arrayLength === undefined &&
    field.dynamic === undefined &&
    !field.cType.includes('[')
  ) {
    const n = field.size
    return (_v, data, start, size) => (off + n <= size ? data.slice(start + off, start + off + n) : undefined)
  }
  const where = arrayBounds(field, le)
  switch (field.value) {
    case 'string':
      return (view, data, start, size) => {
        where(view, start, size)
        return cString(data, bounds.start, bounds.start + bounds.length)
      }
    case 'number[]': {
      const elem = elementSize(field, longSize)
      return (view, _d, start, size) => {
        const length = where(view, start, size)
        const first = bounds.start
        const out: number[] = []
        for (let p = first; p + elem <= first + length; p += elem) {
          out.push(
            elem === 1
              ? signed
                ? view.getInt8(p)
                : view.getUint8(p)
              : elem === 2
                ? signed
                  ? view.getInt16(p, le)
                  : view.getUint16(p, le)
                : signed
                  ? view.getInt32(p, le)
                  : view.getUint32(p, le),
          )
        }
        return out
      }
    }
    case 'bigint[]':
      return (view, _d, start, size) => {
        const length = where(view, start, size)
        const first = bounds.start
        const out: bigint[] = []
        for (let p = first; p + 8 <= first + length; p += 8)
          out.push(signed ? view.getBigInt64(p, le) : view.getBigUint64(p, le))
        return out
      }
    default:
      return (view, data, start, size) => {
        where(view, start, size)
        return data.slice(bounds.start, bounds.start + bounds.length)
      }
  }
}
