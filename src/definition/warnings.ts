import type { SynthDefinition } from './synth-definition.js'

/**
 * What a definition does that the kernel accepts but its author probably did
 * not mean, one sentence each. Today: a synth that takes no value from its
 * start event (no start field, compare or delta). The kernel's end trigger
 * looks up the start event's entry only to read the start variables it uses;
 * with none, its onmatch fires on every end event that passes the end
 * filter, and the start events and the start filter change nothing (offline
 * evaluation does the same).
 *
 * @example
 * import { synth, synthWarnings } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const woken = synth('woken').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid')
 * for (const warning of synthWarnings(woken.definition)) console.warn(warning)
 */
export function synthWarnings(definition: SynthDefinition): string[] {
  const warnings: string[] = []
  const { start, end } = definition
  if (start && end && !definition.steps.some((s) => s.kind === 'compare' || s.kind === 'start-field')) {
    const filtered = definition.startFilter.tokens.length > 0
    warnings.push(
      `'${definition.name}' takes no value from its start event: the kernel fires it on every ${end.system}/${end.event} that passes the end filter, whatever the start events${filtered ? ' and the start filter' : ''} (add a startField, compare or delta)`,
    )
  }
  return warnings
}
