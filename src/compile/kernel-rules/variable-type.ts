import { resolveField } from '../../filter/special-fields.js'
import type { EventFormat } from '../../schema/format-types.js'
import type { FieldRef, SynthDefinition } from '../../definition/synth-definition.js'
import { histValueProblem } from './kernel-fields.js'
import type { ValueProblem } from './kernel-fields.js'
import type { Problem } from './problem.js'

// variable-type: variables hold strings or 1, 2, 4 or 8-byte values (the kernel: EINVAL or ENOMEM).

function advice(ref: FieldRef, bad: ValueProblem): string {
  return `'${ref.name}' (${ref.format.cType}, ${ref.format.size} bytes) cannot be held in a hist variable: ${bad.reason}`
}

/** Fields that become variables (compares, copied fields, named matches' end fields) must be values the kernel can hold. */
export function variableTypeProblem(def: SynthDefinition): Problem | undefined {
  for (const [i, s] of def.steps.entries()) {
    const refs =
      s.kind === 'compare'
        ? [s.start, s.end]
        : s.kind === 'start-field' || s.kind === 'end-field'
          ? [s.field]
          : s.kind === 'match' && s.as !== undefined
            ? [s.end]
            : []
    for (const ref of refs) {
      const bad = histValueProblem(ref)
      if (bad) return { rule: 'variable-type', code: bad.code, kernel: bad.kernel, advice: advice(ref, bad), step: i }
    }
  }
  return undefined
}

/** Fields a save() keeps become variables of the end trigger: they must be values the kernel can hold. */
export function savedVariableTypeProblem(def: SynthDefinition, endEvent: EventFormat): Problem | undefined {
  for (const [i, s] of def.steps.entries()) {
    if (s.kind !== 'action') continue
    for (const name of s.action.save) {
      const format = resolveField(endEvent, name)
      const bad = format && histValueProblem({ name, format })
      if (bad) {
        return {
          rule: 'variable-type',
          code: 'EINVAL',
          kernel: "Couldn't create field variable",
          advice: `save('${name}'): ${name} (${format.cType}, ${format.size} bytes) cannot be held in a hist variable: ${bad.reason}`,
          step: i,
        }
      }
    }
  }
  return undefined
}
