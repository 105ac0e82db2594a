import type { EventFormat, FieldFormat } from '../schema/format-types.js'
import { fieldAccessor } from './field-access.js'
import type { FieldAccessor } from './field-access.js'

const VIEW = Symbol('view')
const DATA = Symbol('data')
const START = Symbol('start')
const SIZE = Symbol('size')
const inspect = Symbol.for('nodejs.util.inspect.custom')

/**
 * A plain object of decoded fields: no prototype, so a field named
 * `__proto__`, `toJSON` or `constructor` is an ordinary key (names come from
 * the file and are data, never members).
 */
export type PlainFields = Record<string, unknown>

/** An object without a prototype. */
export function plainObject(): PlainFields {
  return Object.create(null) as PlainFields
}

/** The decoded fields of one record, read from its payload when a property is read. */
export interface FieldsObject {
  [VIEW]: DataView
  [DATA]: Uint8Array
  [START]: number
  [SIZE]: number
  readonly [field: string]: unknown
}

/**
 * Everything needed to read one event's payloads: an accessor per field and
 * a class whose instances read each field lazily through a getter (own
 * `for...in`, `toJSON()` and console output list every field; only the
 * fields read are decoded).
 */
export class EventDecoder {
  readonly event: EventFormat
  readonly accessors: ReadonlyMap<string, FieldAccessor>
  readonly #Fields: new (view: DataView, data: Uint8Array, start: number, size: number) => FieldsObject
  /** Reads `common_pid` (or the standard offset 4 for events without a format). */
  readonly pid: FieldAccessor

  constructor(event: EventFormat, littleEndian: boolean, longSize: number) {
    this.event = event
    const accessors = new Map<string, FieldAccessor>()
    for (const f of event.fields)
      if (!accessors.has(f.name)) accessors.set(f.name, fieldAccessor(f, littleEndian, longSize))
    this.accessors = accessors
    this.pid =
      accessors.get('common_pid') ??
      ((view, _d, start, size) => (size >= 8 ? view.getInt32(start + 4, littleEndian) : -1))
    class Fields {
      [VIEW]: DataView;
      [DATA]: Uint8Array;
      [START]: number;
      [SIZE]: number
      constructor(view: DataView, data: Uint8Array, start: number, size: number) {
        this[VIEW] = view
        this[DATA] = data
        this[START] = start
        this[SIZE] = size
      }
      // A field named toJSON (its getter, defined below, replaces this method) leaves
      // JSON.stringify the own properties: none; `record.toObject()` has every field.
      toJSON(): Record<string, unknown> {
        return decoder.plain(this[VIEW], this[DATA], this[START], this[SIZE])
      }
      [inspect](): Record<string, unknown> {
        return decoder.plain(this[VIEW], this[DATA], this[START], this[SIZE])
      }
    }
    const decoder = this
    for (const [name, read] of accessors) {
      Object.defineProperty(Fields.prototype, name, {
        get(this: Fields) {
          return read(this[VIEW], this[DATA], this[START], this[SIZE])
        },
        enumerable: true,
        configurable: true,
      })
    }
    this.#Fields = Fields as unknown as new (
      view: DataView,
      data: Uint8Array,
      start: number,
      size: number,
    ) => FieldsObject
  }

  /** Every field of the payload at `start` (`size` bytes), decoded into a {@link PlainFields} object. */
  plain(view: DataView, data: Uint8Array, start: number, size: number): PlainFields {
    const out = plainObject()
    for (const [name, read] of this.accessors) out[name] = read(view, data, start, size)
    return out
  }

  /** A lazily decoding fields object over the payload at `start` (`size` bytes). */
  fields(view: DataView, data: Uint8Array, start: number, size: number): FieldsObject {
    return new this.#Fields(view, data, start, size)
  }

  /** Points a fields object made by {@link fields} at another payload of the same event. */
  static rebind(fields: FieldsObject, view: DataView, data: Uint8Array, start: number, size: number): void {
    fields[VIEW] = view
    fields[DATA] = data
    fields[START] = start
    fields[SIZE] = size
  }
}

/**
 * Decodes event payloads of one kernel (byte order and long size): keeps one
 * {@link EventDecoder} per event format.
 */
export class FieldReader {
  readonly littleEndian: boolean
  readonly longSize: number
  readonly #decoders = new Map<EventFormat, EventDecoder>()

  constructor(littleEndian: boolean, longSize: number) {
    this.littleEndian = littleEndian
    this.longSize = longSize
  }

  /** The decoder of an event (made once). */
  decoder(event: EventFormat): EventDecoder {
    let d = this.#decoders.get(event)
    if (d === undefined) this.#decoders.set(event, (d = new EventDecoder(event, this.littleEndian, this.longSize)))
    return d
  }

  /** The value of `field` in the payload at `offset` (`size` bytes) of `data`. */
  read(data: Uint8Array, offset: number, size: number, field: FieldFormat): unknown {
    return fieldAccessor(field, this.littleEndian, this.longSize)(
      new DataView(data.buffer, data.byteOffset, data.byteLength),
      data,
      offset,
      size,
    )
  }

  /** Every field of an event, decoded into a plain object. */
  readAll(data: Uint8Array, offset: number, size: number, event: EventFormat): Record<string, unknown> {
    return this.decoder(event).plain(new DataView(data.buffer, data.byteOffset, data.byteLength), data, offset, size)
  }
}
