import type { Field } from './field-types.js'

declare const synthTypes: unique symbol

/**
 * Type-only facts of a typed synth (its name, the `Field` of each output and
 * the end-event fields its `save()` action keeps, by name),
 * kept behind a `unique symbol` key so they never show up in completions and
 * hold nothing at run time.
 */
export interface SynthPhantom<Name extends string, Out, Saved = unknown> {
  readonly [synthTypes]?: { readonly name: Name; readonly fields: Out; readonly saved: Saved }
}

/**
 * Decoded values of a synthetic event's fields: `{ pid: number; delta: bigint }`
 * (a mapped type over the accumulated outputs, so it is already flat).
 */
export type FieldValues<Out> = { -readonly [K in keyof Out]: Out[K] extends Field ? Out[K]['value'] : never }

/**
 * The record a synth produces, derived from its type the way `z.infer` derives
 * a Zod schema's output: `{ pid: number; delta: bigint }` for the README's
 * `wakeup_lat`. What `evaluate`, `tfs.records(...)` and the readers give as
 * a record's fields. A value that is no typed synth (an untyped `createSynth`
 * builder, an `{ system, event }` name) gives `Record<string, unknown>`.
 *
 * The builder's own `fields` property holds the field descriptors
 * (`FieldInfo`), not values: this type exists at compile time only.
 *
 * @example
 * import { synth, TIMESTAMP_USECS } from 'typed-ftrace'
 * import type { SynthFields } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const wakeupLat = synth('wakeup_lat')
 *   .start('sched', 'sched_waking')
 *   .end('sched', 'sched_switch')
 *   .match('pid', 'next_pid')
 *   .delta(TIMESTAMP_USECS)
 * type WakeupLat = SynthFields<typeof wakeupLat> // { pid: number; delta: bigint }
 * const row: WakeupLat = { pid: 1, delta: 12n }
 */
export type SynthFields<S> = S extends { readonly [synthTypes]?: { readonly fields: infer Out } }
  ? unknown extends Out
    ? Record<string, unknown>
    : FieldValues<Out>
  : Record<string, unknown>

/**
 * The end-event fields a synth's `onMax(...).save(...)` or
 * `onChange(...).save(...)` keeps with the tracked value, as values:
 * `{ prev_comm: string; prev_pid: number }`; `{}` without a save action,
 * `Record<string, unknown>` for a value that is no typed synth. What
 * `SynthHandle.readHist()` gives in each row's `tracked.saved`.
 *
 * @example
 * import { synth, TIMESTAMP_USECS } from 'typed-ftrace'
 * import type { SavedFields } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const lat = synth('wakeup_lat')
 *   .start('sched', 'sched_waking')
 *   .end('sched', 'sched_switch')
 *   .match('pid', 'next_pid')
 *   .delta(TIMESTAMP_USECS)
 *   .onMax('delta')
 *   .save('prev_comm', 'prev_pid')
 * const saved: SavedFields<typeof lat> = { prev_comm: 'swapper/0', prev_pid: 0 }
 */
export type SavedFields<S> = S extends { readonly [synthTypes]?: { readonly saved: infer Saved } }
  ? unknown extends Saved
    ? Record<string, unknown>
    : FieldValues<Saved>
  : Record<string, unknown>
