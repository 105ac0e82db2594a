import type { KernelRuleText } from '../../definition/kernel-rule-error.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { Problem } from './problem.js'
import { matchSteps } from './too-many-keys.js'

// repeated-key (deliberate): the same match twice adds nothing; the kernel takes it, the builder refuses it.

const ADDS_NOTHING =
  'is already a key of this synth: a repeated match adds nothing (the kernel takes it; refused as a likely mistake)'

/** The advice for a start field matched again. */
export function repeatedKeyAdvice(field: string): string {
  return `'${field}' ${ADDS_NOTHING}`
}

/** The compiler's text for a start field matched again: {@link repeatedKeyAdvice} and the kernel's side. */
export type RepeatedKeyProblem<Field extends string> = KernelRuleText<`'${Field}' ${typeof ADDS_NOTHING}`, 'EINVAL', ''>

/** The `n`th match repeats an earlier one (the same start and end fields). */
export function repeatedKeyProblem(def: SynthDefinition, n: number): Problem | undefined {
  const matches = matchSteps(def)
  const { s, i } = matches[n]!
  if (!matches.slice(0, n).some((m) => m.s.start.name === s.start.name && m.s.end.name === s.end.name)) return undefined
  return { rule: 'repeated-key', code: 'EINVAL', kernel: '', advice: repeatedKeyAdvice(s.start.name), step: i }
}
