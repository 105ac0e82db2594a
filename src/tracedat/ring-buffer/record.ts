import type { EventFormat, FieldFormat } from '../../schema/format-types.js'
import type { FieldReader } from './field-decoder.js'

/**
 * One recorded event: its time, CPU, task and event, with its fields decoded
 * on first use. Holds a copy of its payload, so it outlives the page.
 */
export class TraceRecord {
  ts: bigint
  readonly cpu: number
  event: EventFormat
  /** Events the kernel lost just before this one on its CPU (-1: some, count unknown). */
  missedEvents: number
  #data: Uint8Array
  #offset: number
  #size: number
  readonly #reader: FieldReader
  #fields: Record<string, unknown> | undefined

  readonly #comms: ReadonlyMap<number, string> | undefined

  /** The buffer instance the record comes from (`''`: the top one). */
  readonly instance: string

  /**
   * @param data a buffer holding the payload at `offset` (`size` bytes); it is
   * kept, not copied, so it must not be reused for other data.
   */
  constructor(ts: bigint, cpu: number, event: EventFormat, data: Uint8Array, reader: FieldReader, missedEvents = 0, comms?: ReadonlyMap<number, string>, instance = '', offset = 0, size = data.byteLength) {
    this.#comms = comms
    this.instance = instance
    this.ts = ts
    this.cpu = cpu
    this.event = event
    this.#data = data
    this.#offset = offset
    this.#size = size
    this.#reader = reader
    this.missedEvents = missedEvents
  }

  /** Points this record at another event of the same CPU (for reused records while iterating). */
  reset(ts: bigint, event: EventFormat, data: Uint8Array, offset: number, size: number, missedEvents: number): void {
    this.ts = ts
    this.event = event
    this.#data = data
    this.#offset = offset
    this.#size = size
    this.missedEvents = missedEvents
    this.#fields = undefined
  }

  get system(): string {
    return this.event.system
  }

  /** The event's name (`sched_switch`). */
  get name(): string {
    return this.event.name
  }

  get id(): number {
    return this.event.id
  }

  /** `common_pid`. */
  get pid(): number {
    return this.field('common_pid') as number
  }

  /** The task's name from the saved cmdlines, when known. */
  get comm(): string | undefined {
    const pid = this.pid
    return pid === 0 ? '<idle>' : this.#comms?.get(pid)
  }

  /** The payload bytes (common fields first), for printing and re-encoding. */
  get payload(): Uint8Array {
    return this.#data.subarray(this.#offset, this.#offset + this.#size)
  }

  /** Every field by name, decoded once. */
  get fields(): Readonly<Record<string, unknown>> {
    return (this.#fields ??= this.#reader.readAll(this.#data, this.#offset, this.#size, this.event))
  }

  /** One field, decoded without the others. */
  field(name: string): unknown {
    if (this.#fields) return this.#fields[name]
    const f = fieldIndex(this.event).get(name)
    return f ? this.#reader.read(this.#data, this.#offset, this.#size, f) : undefined
  }
}

const indexes = new WeakMap<EventFormat, Map<string, FieldFormat>>()

/** Fields of an event by name, built once per event. */
function fieldIndex(event: EventFormat): Map<string, FieldFormat> {
  let index = indexes.get(event)
  if (!index) indexes.set(event, (index = new Map(event.fields.map((f) => [f.name, f]))))
  return index
}
