import type { StackOf } from '../compile/kernel-rules/stacktrace.js'
import type { CapabilitiesOf, EventSystemsOf, KernelOf } from '../schema/field-types.js'
import type { Schema } from '../schema/schema.js'
import { newSynthBuilder } from './synth-builder-impl.js'
import type { SynthOptions } from './synth-builder-impl.js'
import type { Checked } from './types/checked.js'
import type { SynthNameProblem } from './types/name-problems.js'
import type { SynthNamed } from './types/synth.js'

/**
 * Starts a synthetic event definition named `name`, checked against `schema`
 * (`tracefs_synth_alloc` split into calls: `.start()`, `.end()`, the first
 * `.match()`). It is the builder `synth()` gives, with libtracefs' rule for
 * matches: `.match(start, end)` adds no field unless it is named (the third
 * argument), as `tracefs_synth_add_match_field` with a NULL name;
 * `{ namedMatches: true }` names it after the start field, as `synth()` does.
 *
 * The schema's types decide what is checked at compile time: a generated
 * module's `schema` export checks every name against its kernel, any other
 * {@link Schema} (one read at run time, `Kysely<any>`-style) checks names at
 * run time only, with the same errors.
 *
 * @example
 * import { createSynth, schemaFromDir } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing')
 * const synth = createSynth('wakeup_lat', schema)
 *   .start('sched', 'sched_waking')
 *   .end('sched', 'sched_switch')
 *   .match('pid', 'next_pid', 'pid')
 *   .delta()
 *   .startField('prio')
 * console.log(synth.echoCmd())
 */
export function createSynth<const Name extends string, const S extends Schema, const O extends SynthOptions = {}>(
  name: '' extends Name ? string : Checked<Name, NoInfer<SynthNameProblem<Name>>>,
  schema: S,
  options?: O,
): SynthNamed<
  KernelOf<S>,
  EventSystemsOf<S>,
  Name,
  StackOf<CapabilitiesOf<S>>,
  O extends { readonly namedMatches: true } ? true : false
> {
  return newSynthBuilder(name as string, schema, options ?? {}) as never
}
