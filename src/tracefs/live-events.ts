// Type-level rules of the live backend's event methods (enable, disable,
// setFilter, getFilter, triggers, records): which kernel they check names
// against, and the record an event's fields make.
import type { Join, UnionToTuple } from 'type-fest'
import type { FilterExpr } from '../filter/expression.js'
import type { TraceRecord } from '../ring-buffer/record.js'
import type { AnyKernel, Field, KernelRegistrationProblem, Register, RegisteredKernel } from '../schema/field-types.js'
import type { EventAt } from '../synth/types/events.js'
import type { EventFilterFactory } from '../synth/types/filter.js'

declare const severalKernels: unique symbol

/**
 * The kernel of a `tracefs()` handle when more than one is registered: no
 * names at all, only the message that says how to choose (the system
 * parameter of every event method becomes it).
 */
export interface SeveralKernels<Message extends string = string> {
  readonly [severalKernels]: Message
}

/**
 * The kernel `tracefs()` checks event names against: the registered one;
 * any names when none is registered (the kernel's own formats are read at
 * run time, so nothing is missing, unlike a builder's); {@link SeveralKernels}
 * when more than one is, until `tracefs({ schema })` names it.
 */
export type LiveKernel = [keyof Register] extends [never]
  ? AnyKernel
  : [KernelRegistrationProblem] extends [never]
    ? RegisteredKernel
    : SeveralKernels<`more than one kernel is registered (${Join<UnionToTuple<keyof Register & string>, ', '>}): tracefs() cannot choose; use tracefs({ schema }) with the schema export of the kernel's module`>

/** The system parameter's type: `S`, or the message of {@link SeveralKernels}. */
export type SystemParam<K, S> = K extends SeveralKernels<infer M> ? M : S

/**
 * A filter for `setFilter`: text as the kernel reads it (checked at run time
 * against the event's format), or the synth builder's typed expression over
 * the event's fields: `f => f.gt('prev_prio', 100)`.
 */
export type LiveFilter<K, S extends keyof K, E extends keyof K[S]> =
  string | ((f: EventFilterFactory<EventAt<K, S, E, never>>) => FilterExpr)

/** What every live record has besides its event's own fields. */
export interface LiveRecordBase {
  /** The time stamp, in the trace clock's units. */
  readonly ts: bigint
  readonly cpu: number
  /** The task that was running (the record's `common_pid`). */
  readonly common_pid: number
  /** The decoded record (its event's format, raw data, lost-events mark). */
  readonly record: TraceRecord
}

/**
 * A record of one event as `tfs.records(system, event)` yields it: the
 * event's own fields (not the `common_*` ones) with their decoded values,
 * typed by the kernel's typings the way generated schemas map C types
 * (`number` up to 32 bits, `bigint` for 64-bit integers, longs and pointers,
 * `string` for `char` arrays, `Uint8Array` for other byte arrays, `number[]`
 * or `bigint[]` for wider arrays), then `ts`, `cpu`, `common_pid` and
 * `record` (which win over an own field of the same name, as at run time).
 */
export type LiveEventRecord<Fields> = {
  -readonly [
    F in keyof Fields as F extends `common_${string}` | keyof LiveRecordBase ? never : F
  ]: Fields[F] extends Field ? Fields[F]['value'] : unknown
} & LiveRecordBase
