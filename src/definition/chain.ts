import type { SynthDefinition } from './synth-definition.js'
import { SynthError } from './synth-error.js'

/**
 * The synths a definition needs, inner first and itself last: every synth
 * its start or end event is (`.start(otherSynth)`), theirs before them, each
 * once. That is the order in which a kernel must create them (and the reverse
 * the order to remove them), and the order offline evaluation builds them in.
 * Two different definitions of one name cannot both be synthetic events:
 * `EINVAL`.
 *
 * @example
 * import { synth, synthChain, TIMESTAMP_USECS } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const wakeupLat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch')
 *   .match('pid', 'next_pid').delta(TIMESTAMP_USECS)
 * const ran = synth('ran').start(wakeupLat).end('sched', 'sched_switch').match('pid', 'prev_pid')
 *   .delta(TIMESTAMP_USECS)
 * console.log(synthChain(ran.definition).map((d) => d.name)) // [ 'wakeup_lat', 'ran' ]
 */
export function synthChain(definition: SynthDefinition): SynthDefinition[] {
  const out: SynthDefinition[] = []
  const open: string[] = []
  const visit = (def: SynthDefinition, via: string): void => {
    if (open.includes(def.name))
      throw new SynthError(
        'EINVAL',
        `a chain cannot loop: ${[...open.slice(open.indexOf(def.name)), def.name].map((n) => `'${n}'`).join(' -> ')} (each starts or ends on the next)`,
      )
    const known = out.find((d) => d.name === def.name)
    if (known) {
      if (known === def || sameDefinition(known, def)) return
      throw new SynthError(
        'EINVAL',
        `the chain of '${definition.name}' has two different synthetic events named '${def.name}' (${via}); a kernel has one event per name`,
      )
    }
    open.push(def.name)
    for (const side of [def.start, def.end])
      if (side?.synth) visit(side.synth, `one is the start or end of '${def.name}'`)
    open.pop()
    out.push(def)
  }
  visit(definition, 'the head')
  return out
}

/** Two definitions that say the same (built twice from the same calls). */
function sameDefinition(a: SynthDefinition, b: SynthDefinition): boolean {
  const text = (d: SynthDefinition) =>
    JSON.stringify({ start: d.start, end: d.end, steps: d.steps, fields: d.fields }, (_key, value: unknown) =>
      typeof value === 'bigint' ? `${value}n` : value,
    )
  return text(a) === text(b)
}
