import type { KernelRuleText } from '../../definition/kernel-rule-error.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import { MAX_KEYS } from './problem.js'
import type { Problem } from './problem.js'

// too-many-keys: a hist trigger takes at most 3 keys (TRACING_MAP_KEYS_MAX); more fail with EINVAL, nothing logged.

const DROP = 'fields: drop a match'

/** The advice for a synth that matches on `count` fields. */
export function tooManyKeysAdvice(count: number): string {
  return `hist triggers take at most ${MAX_KEYS} keys; this synth would match on ${count} ${DROP}`
}

/** The compiler's text for a match beyond the third: {@link tooManyKeysAdvice} and the kernel's side. */
export type TooManyKeysProblem<Count extends number> = KernelRuleText<
  `hist triggers take at most ${typeof MAX_KEYS} keys; this synth would match on ${Count} ${typeof DROP}`,
  'EINVAL',
  ''
>

/** The match steps of a definition with their step indexes. */
export function matchSteps(def: SynthDefinition) {
  return def.steps.flatMap((s, i) => (s.kind === 'match' ? [{ s, i }] : []))
}

/** At most 3 keys. */
export function tooManyKeysProblem(def: SynthDefinition): Problem | undefined {
  const matches = matchSteps(def)
  if (matches.length <= MAX_KEYS) return undefined
  return {
    rule: 'too-many-keys',
    code: 'EINVAL',
    kernel: '',
    advice: tooManyKeysAdvice(matches.length),
    step: matches[MAX_KEYS]!.i,
  }
}
