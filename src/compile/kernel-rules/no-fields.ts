import type { KernelRuleText } from '../../definition/kernel-rule-error.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { Problem } from './problem.js'

// no-fields: a synthetic event needs a field ("Command must be of the form: <name> field[;field] ...").

const ADD_A_FIELD = 'has no fields: add a match name, a compare, or a start or end field'
const KERNEL = 'Command must be of the form: <name> field[;field] ...'

/** The advice for synthetic event `name` without fields. */
export function noFieldsAdvice(name: string): string {
  return `synthetic event '${name}' ${ADD_A_FIELD}`
}

/** The compiler's text for an output of synthetic event `Name` without fields: {@link noFieldsAdvice} and the kernel's side. */
export type NoFieldsProblem<Name extends string> = KernelRuleText<
  `synthetic event '${Name}' ${typeof ADD_A_FIELD}`,
  'EINVAL',
  typeof KERNEL
>

/** A finished definition without fields. */
export function noFieldsProblem(def: SynthDefinition): Problem | undefined {
  if (def.fields.length > 0) return undefined
  return { rule: 'no-fields', code: 'EINVAL', kernel: KERNEL, advice: noFieldsAdvice(def.name) }
}
