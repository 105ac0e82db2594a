import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { LoweredSynth } from '../lower.js'
import { MAX_VARIABLES } from './problem.js'
import type { Problem } from './problem.js'

// too-many-variables: a hist trigger holds at most 16 variables (TRACING_MAP_VARS_MAX), handler and
// saved-field variables included, and the end trigger refers to at most 16.

/** At most 16 variables per trigger, with the handlers' and the saved fields' variables. */
export function triggerVariablesProblem(def: SynthDefinition, lowered: LoweredSynth): Problem | undefined {
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
  return undefined
}

/**
 * The end trigger refers to at most 16 distinct variables: every start
 * variable, the variables passed to trace(), the handlers' variables (the
 * kernel: ENOMEM, nothing logged). The trace() parameters count once the
 * definition is finished: a handler added later may replace the default trace.
 */
export function referencedVariablesProblem(
  def: SynthDefinition,
  lowered: LoweredSynth,
  stage: 'step' | 'compile',
): Problem | undefined {
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
