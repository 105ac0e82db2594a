import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { LoweredSynth } from '../lower.js'
import { MAX_ACTIONS } from './problem.js'
import type { Problem } from './problem.js'

// too-many-actions: a hist trigger takes at most 8 handlers (HIST_ACTIONS_MAX).

/** The indexes of the definition's action steps. */
export function actionSteps(def: SynthDefinition): number[] {
  return def.steps.flatMap((s, i) => (s.kind === 'action' ? [i] : []))
}

/** More actions than a hist trigger takes. */
export function tooManyActionsProblem(def: SynthDefinition, lowered: LoweredSynth): Problem | undefined {
  if (lowered.actions.length <= MAX_ACTIONS) return undefined
  return {
    rule: 'too-many-actions',
    code: 'EINVAL',
    kernel: '',
    advice: `'${def.name}' has ${lowered.actions.length} actions; a hist trigger takes at most ${MAX_ACTIONS}`,
    step: actionSteps(def)[MAX_ACTIONS],
  }
}
