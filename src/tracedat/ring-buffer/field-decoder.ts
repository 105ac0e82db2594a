import type { EventFormat, FieldFormat } from '../../schema/format-types.js'

const latin1 = new TextDecoder('latin1')

/** Reads fields of one event payload. */
export class FieldReader {
  readonly littleEndian: boolean
  readonly longSize: number

  constructor(littleEndian: boolean, longSize: number) {
    this.littleEndian = littleEndian
    this.longSize = longSize
  }

  #lastData: Uint8Array | undefined
  #lastView: DataView | undefined

  /** A view of `data`, kept while records of the same buffer are read one after another. */
  #view(data: Uint8Array): DataView {
    if (data !== this.#lastData) {
      this.#lastData = data
      this.#lastView = new DataView(data.buffer, data.byteOffset, data.byteLength)
    }
    return this.#lastView!
  }

  /** The value of `field` in the payload at `offset` (`size` bytes) of `data`. */
  read(data: Uint8Array, offset: number, size: number, field: FieldFormat): unknown {
    const view = this.#view(data)
    const le = this.littleEndian
    const at = offset + field.offset
    if (field.dynamic !== undefined) {
      if (at + 4 > offset + size) return undefined
      const loc = view.getUint32(at, le)
      let start = loc & 0xffff
      const len = loc >>> 16
      start = field.dynamic === 'rel_loc' ? at + 4 + start : offset + start
      const end = Math.min(start + len, offset + size)
      return this.#array(data, view, start, Math.max(0, end - start), field)
    }
    if (field.value === 'string' || field.arrayLength !== undefined || field.cType.includes('[')) {
      const length = field.size === 0 ? offset + size - at : field.size
      return this.#array(data, view, at, Math.max(0, Math.min(length, offset + size - at)), field)
    }
    if (at + field.size > offset + size) return undefined
    switch (field.size) {
      case 1:
        return field.signed ? view.getInt8(at) : view.getUint8(at)
      case 2:
        return field.signed ? view.getInt16(at, le) : view.getUint16(at, le)
      case 4:
        return field.signed ? view.getInt32(at, le) : view.getUint32(at, le)
      case 8:
        return field.signed ? view.getBigInt64(at, le) : view.getBigUint64(at, le)
      default:
        return data.slice(at, at + field.size)
    }
  }

  #array(data: Uint8Array, view: DataView, start: number, length: number, field: FieldFormat): unknown {
    switch (field.value) {
      case 'string': {
        const bytes = data.subarray(start, start + length)
        const nul = bytes.indexOf(0)
        return latin1.decode(nul < 0 ? bytes : bytes.subarray(0, nul))
      }
      case 'number[]': {
        const elem = elementSize(field, this.longSize)
        const out: number[] = []
        for (let p = start; p + elem <= start + length; p += elem) {
          out.push(elem === 2 ? (field.signed ? view.getInt16(p, this.littleEndian) : view.getUint16(p, this.littleEndian)) : field.signed ? view.getInt32(p, this.littleEndian) : view.getUint32(p, this.littleEndian))
        }
        return out
      }
      case 'bigint[]': {
        const out: bigint[] = []
        for (let p = start; p + 8 <= start + length; p += 8) out.push(field.signed ? view.getBigInt64(p, this.littleEndian) : view.getBigUint64(p, this.littleEndian))
        return out
      }
      default:
        return data.slice(start, start + length)
    }
  }

  /** Every field of an event, decoded. */
  readAll(data: Uint8Array, offset: number, size: number, event: EventFormat): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const f of event.fields) out[f.name] = this.read(data, offset, size, f)
    return out
  }
}

function elementSize(field: FieldFormat, longSize: number): number {
  if (field.arrayLength) return field.size / field.arrayLength
  return /short|16/.test(field.cType) ? 2 : /long/.test(field.cType) ? longSize : 4
}
