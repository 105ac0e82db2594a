import type { SynthDefinition } from '../../definition/synth-definition.js'
import { varName } from '../lower.js'
import type { LoweredSynth } from '../lower.js'
import type { Problem } from './problem.js'

// variable-clash: variable names are unique across the triggers of one event ("Variable already defined").

/** Two variables of one event's triggers with one name. */
export function variableClashProblem(def: SynthDefinition, lowered: LoweredSynth): Problem | undefined {
  const saved = lowered.actions.flatMap((a) => a.save)
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
  if (twice === undefined) return undefined
  return {
    rule: 'variable-clash',
    code: 'EINVAL',
    kernel: 'Variable already defined',
    advice: `'${twice}' would name two variables of ${sameEvent ? 'the triggers of one event' : 'the end trigger'} (a saved field's variable is named after the field): rename the field`,
  }
}
