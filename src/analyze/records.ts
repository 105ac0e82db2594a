import type { FieldValue } from './kernel-filter.js'

/**
 * What offline evaluation needs of a recorded event. The trace.dat reader's
 * records have this shape; so can records from any other source.
 */
export interface EvalRecord {
  /** Time stamp in the trace clock's ns (the kernel's `common_timestamp`). */
  readonly ts: bigint
  readonly cpu: number
  readonly pid: number
  readonly system: string
  /** The event's name (`sched_switch`). */
  readonly name: string
  /** Field values by name (may decode lazily). */
  readonly fields: Readonly<Record<string, unknown>>
  /** The task's name, when known (for the `COMM` pseudo-field). */
  readonly comm?: string | undefined
}

/** Anything that yields records in time order: an array, a generator, an async stream. */
export type RecordSource<R = EvalRecord> = Iterable<R> | AsyncIterable<R>

/** What reading a field needs of a record: its fields, and for the pseudo-fields its time, task and CPU. */
export interface FieldSource {
  readonly fields: object
  readonly ts?: bigint
  readonly cpu?: number
  readonly pid?: number
  readonly comm?: string | undefined
}

/**
 * A field of a record, the kernel's pseudo-fields included:
 * `common_timestamp` (ns), `common_timestamp.usecs` (rounded to the nearest
 * microsecond, as the kernel converts), `common_pid`, `common_cpu`/`cpu`
 * and `COMM`/`comm` (the task's name) when the event has no such field.
 */
export function readField(record: FieldSource, name: string): FieldValue {
  const fields = record.fields as Readonly<Record<string, unknown>>
  switch (name) {
    case 'common_timestamp':
      return record.ts
    case 'common_timestamp.usecs':
      return record.ts === undefined ? undefined : (record.ts + 500n) / 1000n
    case 'common_cpu':
    case 'cpu':
      if (!(name in fields)) return record.cpu
      break
    case 'common_pid':
      if (record.pid !== undefined) return record.pid
      break
    case 'COMM':
    case 'comm':
      if (!(name in fields)) return record.comm
      break
  }
  return fields[name] as FieldValue
}
