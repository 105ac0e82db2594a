import type { Schema } from '../schema/schema.js'
import type { SynthBuilder } from './synth-builder.js'
import { newSynthBuilder } from './synth-builder-impl.js'
import type { SynthOptions } from './synth-builder-impl.js'

/**
 * Starts a synthetic event definition named `name`, checked against `schema`
 * (`tracefs_synth_alloc` split into calls: `.start()`, `.end()`, the first
 * `.match()`). The name must be a valid kernel name (EINVAL).
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
export function createSynth(name: string, schema: Schema, options: SynthOptions = {}): SynthBuilder {
  return newSynthBuilder(name, schema, options)
}
