import { resolveField } from '../../filter/special-fields.js'
import type { EventFormat } from '../../schema/format-types.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import { varName } from '../lower.js'
import type { LoweredSynth } from '../lower.js'
import { histValueProblem } from './kernel-fields.js'
import { MAX_VARIABLES } from './problem.js'
import type { Problem } from './problem.js'

/** Variables: at most 16 per trigger (with handler and save variables); keys and values the kernel can hold; unique names. */
export function variableProblem(
  def: SynthDefinition,
  lowered: LoweredSynth,
  stage: 'step' | 'compile',
): Problem | undefined {
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
      if (bad)
        return {
          rule: 'variable-type',
          code: bad.code,
          kernel: bad.kernel,
          advice: `'${ref.name}' (${ref.format.cType}, ${ref.format.size} bytes) cannot be held in a hist variable: ${bad.reason}`,
          step: i,
        }
    }
  }
  const handlers = lowered.actions.filter((a) => a.handler !== 'match').length
  const saved = lowered.actions.flatMap((a) => a.save)
  const triggers = [
    { which: 'start', count: lowered.startVars.length, extra: '' },
    {
      which: 'end',
      count: lowered.endVars.length + handlers + saved.length,
      extra: handlers + saved.length > 0 ? ` (with ${handlers} onmax/onchange and ${saved.length} saved fields)` : '',
    },
  ]
  for (const t of triggers) {
    if (t.count > MAX_VARIABLES) {
      return {
        rule: 'too-many-variables',
        code: 'EINVAL',
        kernel: "Couldn't find param",
        advice: `the ${t.which} trigger of '${def.name}' would need ${t.count} variables${t.extra}; a hist trigger holds at most ${MAX_VARIABLES} (the kernel ignores the rest): use fewer fields, compares, handlers or saved fields`,
      }
    }
  }
  const refs = referenceProblem(def, lowered, stage)
  if (refs) return refs
  const sameEvent =
    def.start !== undefined &&
    def.end !== undefined &&
    def.start.system === def.end.system &&
    def.start.event === def.end.event
  // A field saved twice is taken (each save makes its own variable); a saved field named like a variable is not.
  const names = [
    ...lowered.endVars.map(varName),
    ...new Set(saved),
    ...(sameEvent ? lowered.startVars.map(varName) : []),
  ]
  const twice = names.find((n, i) => names.indexOf(n) !== i)
  if (twice !== undefined) {
    return {
      rule: 'variable-clash',
      code: 'EINVAL',
      kernel: 'Variable already defined',
      advice: `'${twice}' would name two variables of ${sameEvent ? 'the triggers of one event' : 'the end trigger'} (a saved field's variable is named after the field): rename the field`,
    }
  }
  return undefined
}

/**
 * The end trigger refers to at most 16 distinct variables: every start
 * variable, the variables passed to trace(), the handlers' variables (the
 * kernel: ENOMEM, nothing logged). The trace() parameters count once the
 * definition is finished: a handler added later may replace the default trace.
 */
function referenceProblem(def: SynthDefinition, lowered: LoweredSynth, stage: 'step' | 'compile'): Problem | undefined {
  const traces = lowered.actions.length === 0 || lowered.actions.some((a) => a.action === 'trace')
  const own = new Set<string>(lowered.actions.flatMap((a) => (a.handleVar === undefined ? [] : [a.handleVar])))
  if (stage === 'compile' && traces) for (const arg of lowered.args) own.add(arg)
  const count = lowered.startVars.length + own.size
  if (count <= MAX_VARIABLES) return undefined
  return {
    rule: 'too-many-variables',
    code: 'ENOMEM',
    kernel: '',
    advice: `the end trigger of '${def.name}' would refer to ${count} variables (${lowered.startVars.length} of the start trigger, ${own.size} of its own for trace() and the handlers); a hist trigger refers to at most ${MAX_VARIABLES}: use fewer fields or compares`,
  }
}

/** Fields a save() keeps become variables of the end trigger: they must be values the kernel can hold. */
export function savedFieldProblem(def: SynthDefinition, endEvent: EventFormat): Problem | undefined {
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
