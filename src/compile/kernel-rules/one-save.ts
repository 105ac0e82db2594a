import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { LoweredSynth } from '../lower.js'
import type { Problem } from './problem.js'
import { actionSteps } from './too-many-actions.js'

// one-save: one save() action per hist trigger ("Can't have more than one save() action per hist").

/** A second save() action. */
export function oneSaveProblem(def: SynthDefinition, lowered: LoweredSynth): Problem | undefined {
  const found = lowered.actions.flatMap((a, n) => (a.action === 'save' ? [n] : []))
  if (found.length <= 1) return undefined
  return {
    rule: 'one-save',
    code: 'EEXIST',
    kernel: "Can't have more than one save() action per hist",
    advice: `'${def.name}' has ${found.length} save() actions; the kernel takes one per hist trigger: keep one`,
    step: actionSteps(def)[found[1]!],
  }
}
