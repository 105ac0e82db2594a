import type { KernelRuleText } from '../../definition/kernel-rule-error.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import { FieldFlag } from '../../schema/field-flags.js'
import type { LoweredSynth } from '../lower.js'
import { kernelString } from './kernel-fields.js'
import type { Problem } from './problem.js'
import { actionSteps } from './too-many-actions.js'

// handler-variable (deliberate): onmax/onchange watch a number; on a string the kernel compares
// addresses, so the builder refuses it.

const NOT_A_NUMBER =
  'onmax/onchange need a numeric variable (the kernel takes a string and compares addresses; refused on purpose)'

/** The advice for watching field `variable` of type `cType`. */
export function handlerVariableAdvice(variable: string, cType: string): string {
  return `'${variable}' is ${cType}: ${NOT_A_NUMBER}`
}

/** The compiler's text for `.onMax(V)`/`.onChange(V)` on a field that is not a number: {@link handlerVariableAdvice} and the kernel's side. */
export type HandlerVariableProblem<Variable extends string, CType extends string> = KernelRuleText<
  `'${Variable}' is ${CType}: ${typeof NOT_A_NUMBER}`,
  'EINVAL',
  ''
>

/** onmax/onchange watching a string or an array. */
export function handlerVariableProblem(def: SynthDefinition, lowered: LoweredSynth): Problem | undefined {
  const steps = actionSteps(def)
  for (const [n, a] of lowered.actions.entries()) {
    if (a.handleVar === undefined) continue
    const source = lowered.endVarSources.get(a.handleVar.replace(/^\$/, ''))
    if (source && (kernelString(source) || (source.flags & (FieldFlag.ARRAY | FieldFlag.DYNAMIC)) !== 0)) {
      const variable = def.actions[n]?.variable ?? source.name
      const field = def.fields.find((f) => f.name === variable)
      return {
        rule: 'handler-variable',
        code: 'EINVAL',
        kernel: '',
        advice: handlerVariableAdvice(variable, field?.info.cType ?? source.cType),
        step: steps[n],
      }
    }
  }
  return undefined
}
