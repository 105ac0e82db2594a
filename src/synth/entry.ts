import type {
  CapabilitiesOf,
  EventSystemsOf,
  KernelOf,
  KernelRegistrationProblem,
  RegisteredCapabilities,
  RegisteredEventSystems,
  RegisteredKernel,
} from '../schema/field-types.js'
import type { StackOf } from '../compile/kernel-rules/stacktrace.js'
import { requireRegisteredSchema } from '../schema/registry.js'
import type { Schema } from '../schema/schema.js'
import { newSynthBuilder } from './synth-builder-impl.js'
import type { SynthNamed } from './types/synth.js'
import type { Checked } from './types/checked.js'
import type { SynthNameProblem } from './types/name-problems.js'

/**
 * Starts a synthetic event definition against the registered kernel schema
 * (import `typed-ftrace/kernels/linux-6.1` or your own generated module).
 * With no kernel registered, or more than one, the name argument is a compile
 * error that says so (and the call throws the same words): use
 * {@link withSchema} with a module's `schema` export to pick a kernel.
 *
 * @example
 * import { TIMESTAMP_USECS, synth } from 'typed-ftrace'
 * import type { SynthFields } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const wakeupLat = synth('wakeup_lat')
 *   .start('sched', 'sched_waking')
 *   .end('sched', 'sched_switch')
 *   .match('pid', 'next_pid') // the key becomes the field `pid` (a third argument renames it; null: no field)
 *   .delta(TIMESTAMP_USECS)
 * type WakeupLat = SynthFields<typeof wakeupLat> // { pid: number; delta: bigint }
 * wakeupLat.fields.pid // its descriptor: { type: 'pid_t', size: 4, signed: true, ... }
 */
export function synth<const Name extends string>(
  name: [KernelRegistrationProblem] extends [never]
    ? '' extends Name
      ? string
      : Checked<Name, NoInfer<SynthNameProblem<Name>>>
    : KernelRegistrationProblem,
): SynthNamed<RegisteredKernel, RegisteredEventSystems, Name, StackOf<RegisteredCapabilities>> {
  return newSynthBuilder(name as string, requireRegisteredSchema(), { namedMatches: true }) as never
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
 * checked at run time only). This is how one program uses two kernels: import
 * each module's `schema` under its own name
 * (`import { schema as linux612 } from 'typed-ftrace/kernels/linux-6.12'`)
 * and build each definition with `withSchema(linux612).synth(name)`; `synth()`
 * alone then reports that more than one kernel is registered.
 *
 * @example
 * import { withSchema } from 'typed-ftrace'
 * import { schema as linux61 } from 'typed-ftrace/kernels/linux-6.1'
 *
 * const lat = withSchema(linux61).synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta()
 */
export function withSchema<const S extends Schema>(
  schema: S,
): SchemaBound<KernelOf<S>, EventSystemsOf<S>, StackOf<CapabilitiesOf<S>>> {
  return { synth: (name: string) => newSynthBuilder(name, schema, { namedMatches: true }) as never } as SchemaBound<
    KernelOf<S>,
    EventSystemsOf<S>,
    StackOf<CapabilitiesOf<S>>
  >
}
