import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { LoweredSynth } from '../lower.js'
import type { Problem } from './problem.js'
import { actionSteps } from './too-many-actions.js'

// one-snapshot: one snapshot() action per trace instance (EBUSY, nothing logged).

/** A second snapshot() action. */
export function oneSnapshotProblem(def: SynthDefinition, lowered: LoweredSynth): Problem | undefined {
  const found = lowered.actions.flatMap((a, n) => (a.action === 'snapshot' ? [n] : []))
  if (found.length <= 1) return undefined
  return {
    rule: 'one-snapshot',
    code: 'EBUSY',
    kernel: '',
    advice: `'${def.name}' has ${found.length} snapshot() actions; the kernel takes one per trace instance: keep one`,
    step: actionSteps(def)[found[1]!],
  }
}
