import type {
  CapabilitiesOf,
  EventSystemsOf,
  KernelOf,
  RegisteredCapabilities,
  RegisteredEventSystems,
  RegisteredKernel,
} from '../schema/field-types.js'
import type { StackOf } from '../compile/kernel-rules/stacktrace.js'
import { requireRegisteredSchema } from '../schema/registry.js'
import type { Schema } from '../schema/schema.js'
import { createSynth } from './create-synth.js'
import type { SynthNamed } from './types/synth.js'
import type { Checked } from './types/checked.js'
import type { SynthNameProblem } from './types/name-problems.js'

/**
 * Starts a synthetic event definition against the registered kernel schema
 * (import `typed-ftrace/kernels/linux-6.1` or your own generated module).
 *
 * @example
 * import { TIMESTAMP_USECS, synth } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const wakeupLat = synth('wakeup_lat')
 *   .start('sched', 'sched_waking')
 *   .end('sched', 'sched_switch')
 *   .match('pid', 'next_pid') // the key becomes the field `pid` (a third argument renames it; null: no field)
 *   .delta(TIMESTAMP_USECS)
 * wakeupLat.fields // { pid: number; delta: bigint }
 */
export function synth<const Name extends string>(
  name: '' extends Name ? string : Checked<Name, NoInfer<SynthNameProblem<Name>>>,
): SynthNamed<RegisteredKernel, RegisteredEventSystems, Name, StackOf<RegisteredCapabilities>> {
  return createSynth(name as string, requireRegisteredSchema(), { namedMatches: true }) as never
}

/** Builders bound to one schema, typed by the kernel it carries (`Stack`: see {@link StackOf}). */
export interface SchemaBound<K, ES, Stack extends string = StackOf<RegisteredCapabilities>> {
  /** Starts a synthetic event definition against this schema. */
  synth<const Name extends string>(
    name: '' extends Name ? string : Checked<Name, NoInfer<SynthNameProblem<Name>>>,
  ): SynthNamed<K, ES, Name, Stack>
}

/**
 * Uses an explicit schema instead of the registered one: a generated module's
 * `schema` export (typed by its kernel) or any {@link Schema} (then names are
 * checked at run time only).
 */
export function withSchema<const S extends Schema>(
  schema: S,
): SchemaBound<KernelOf<S>, EventSystemsOf<S>, StackOf<CapabilitiesOf<S>>> {
  return { synth: (name: string) => createSynth(name, schema, { namedMatches: true }) as never } as SchemaBound<
    KernelOf<S>,
    EventSystemsOf<S>,
    StackOf<CapabilitiesOf<S>>
  >
}
