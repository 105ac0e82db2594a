import type { EventFormat } from '../../schema/format-types.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import { KernelRuleError } from '../../definition/kernel-rule-error.js'
import { lowerSynth } from '../lower.js'
import type { CompileOptions } from '../options.js'
import { actionProblem, finalProblem } from './actions.js'
import { fieldProblem } from './fields.js'
import { filterProblem } from './filters.js'
import { eventProblem, keyProblem } from './keys.js'
import type { Problem } from './problem.js'
import { savedFieldProblem, variableProblem } from './variables.js'

export { kernelString } from './kernel-fields.js'
export { MAX_ACTIONS, MAX_KEYS, MAX_SYNTH_FIELDS, MAX_VARIABLES } from './problem.js'

/** Definitions built without the kernel's rules (internal: the lane writes them to see what the kernel says). */
const EXEMPT = new WeakSet<SynthDefinition>()

/** Marks a definition as built without the kernel's rules. */
export function exemptFromKernelRules(def: SynthDefinition): void {
  EXEMPT.add(def)
}

/** What the rules look at: the definition, and when known, its events (for filters) and the compile options. */
export interface KernelRuleInput {
  readonly def: SynthDefinition
  readonly startEvent?: EventFormat | undefined
  readonly endEvent?: EventFormat | undefined
  readonly options?: CompileOptions | undefined
  /**
   * `step`: while building (rules that more calls cannot fix); `compile`:
   * the finished definition (all rules but the filters, which need the events).
   */
  readonly stage: 'step' | 'compile'
}

/**
 * Checks a definition against the kernel's rules for synthetic events and
 * hist triggers (Linux 6.1, as measured there) and throws a
 * {@link KernelRuleError} for the first one it breaks.
 */
export function checkKernelRules(input: KernelRuleInput): void {
  if (EXEMPT.has(input.def)) return
  const problem = findProblem(input)
  if (problem)
    throw new KernelRuleError(problem.rule, problem.code, problem.kernel, problem.advice, { step: problem.step })
}

function findProblem(input: KernelRuleInput): Problem | undefined {
  const { def } = input
  const lowered = lowerSynth(def)
  return (
    eventProblem(def) ??
    keyProblem(def) ??
    variableProblem(def, lowered, input.stage) ??
    fieldProblem(def, lowered, input.stage) ??
    actionProblem(def, lowered) ??
    (input.startEvent ? filterProblem(def, 'start', input.startEvent) : undefined) ??
    (input.endEvent
      ? (filterProblem(def, 'end', input.endEvent) ?? savedFieldProblem(def, input.endEvent))
      : undefined) ??
    (input.stage === 'compile' ? finalProblem(def, input.options ?? {}) : undefined)
  )
}
