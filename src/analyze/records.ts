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
