import type { KernelCapabilities } from '../../schema/capabilities.js'
import type { EventFormat } from '../../schema/format-types.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import { KernelRuleError } from '../../definition/kernel-rule-error.js'
import { lowerSynth } from '../lower.js'
import type { LoweredSynth } from '../lower.js'
import type { CompileOptions } from '../options.js'
import { actionNameProblem } from './action-name.js'
import { commonNameProblem } from './common-name.js'
import { fieldTypeProblem } from './field-type.js'
import { filterValueProblem } from './filter-value.js'
import { ftraceEventProblem } from './ftrace-event.js'
import { handlerVariableProblem } from './handler-variable.js'
import { keySizeProblem } from './key-size.js'
import { keyTypeProblem } from './key-type.js'
import { noFieldsProblem } from './no-fields.js'
import { oneSaveProblem } from './one-save.js'
import { oneSnapshotProblem } from './one-snapshot.js'
import { paramTypeProblem } from './param-type.js'
import type { Problem } from './problem.js'
import { repeatedKeyProblem } from './repeated-key.js'
import { stacktraceProblem } from './stacktrace.js'
import { timestampKeyProblem } from './timestamp-key.js'
import { timestampUnitsProblem } from './timestamp-units.js'
import { tooManyActionsProblem } from './too-many-actions.js'
import { tooManyFieldsProblem } from './too-many-fields.js'
import { matchSteps, tooManyKeysProblem } from './too-many-keys.js'
import { referencedVariablesProblem, triggerVariablesProblem } from './too-many-variables.js'
import { variableClashProblem } from './variable-clash.js'
import { savedVariableTypeProblem, variableTypeProblem } from './variable-type.js'

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
  /** What the kernel can do (the schema's capabilities): rules that differ between kernels follow them. */
  readonly capabilities?: KernelCapabilities | undefined
  /**
   * `step`: while building (rules that more calls cannot fix); `compile`:
   * the finished definition (all rules but the filters, which need the events).
   */
  readonly stage: 'step' | 'compile'
}

/**
 * Checks a definition against the kernel's rules for synthetic events and
 * hist triggers (as measured in the 6.1 and 6.12 kernels, following the
 * kernel's capabilities where they differ) and throws a
 * {@link KernelRuleError} for the first one it breaks.
 */
export function checkKernelRules(input: KernelRuleInput): void {
  if (EXEMPT.has(input.def)) return
  const problem = findProblem(input)
  if (problem)
    throw new KernelRuleError(problem.rule, problem.code, problem.kernel, problem.advice, { step: problem.step })
}

/** The first broken rule, in the order the kernel would meet them (one rule per file beside this one). */
function findProblem(input: KernelRuleInput): Problem | undefined {
  const { def, stage } = input
  const lowered = lowerSynth(def)
  return (
    ftraceEventProblem(def) ??
    stacktraceProblem(def, input.capabilities) ??
    keyProblem(def) ??
    commonNameProblem(def) ??
    timestampUnitsProblem(def) ??
    variableTypeProblem(def) ??
    triggerVariablesProblem(def, lowered) ??
    referencedVariablesProblem(def, lowered, stage) ??
    variableClashProblem(def, lowered) ??
    fieldProblem(def, lowered, stage) ??
    tooManyActionsProblem(def, lowered) ??
    handlerVariableProblem(def, lowered) ??
    oneSaveProblem(def, lowered) ??
    oneSnapshotProblem(def, lowered) ??
    (input.startEvent ? filterValueProblem(def, 'start', input.startEvent) : undefined) ??
    (input.endEvent
      ? (filterValueProblem(def, 'end', input.endEvent) ?? savedVariableTypeProblem(def, input.endEvent))
      : undefined) ??
    (stage === 'compile' ? (noFieldsProblem(def) ?? actionNameProblem(def, input.options ?? {})) : undefined)
  )
}

/** Keys, match by match: at most 3; none repeated; no time stamp; each a value the kernel can hash; 384 bytes in all. */
function keyProblem(def: SynthDefinition): Problem | undefined {
  const tooMany = tooManyKeysProblem(def)
  if (tooMany) return tooMany
  for (const [n, { s, i }] of matchSteps(def).entries()) {
    const problem =
      repeatedKeyProblem(def, n) ??
      timestampKeyProblem(def, n) ??
      keyTypeProblem(s.start, i) ??
      keyTypeProblem(s.end, i)
    if (problem) return problem
  }
  return keySizeProblem(def)
}

/** Synthetic fields, field by field: at most 64; arrays only of char; a value the declared type can take (when traced). */
function fieldProblem(def: SynthDefinition, lowered: LoweredSynth, stage: 'step' | 'compile'): Problem | undefined {
  const tooMany = tooManyFieldsProblem(def)
  if (tooMany) return tooMany
  // The kernel checks the parameters' types only where an action traces the synthetic event
  // (onmatch by default); a synth whose handlers only save or snapshot passes none. While it is
  // being built, handlers may still come: only a tracing one already there settles it.
  const traced = def.actions.some((a) => a.action === 'trace') || (stage === 'compile' && def.actions.length === 0)
  for (const [i, field] of def.fields.entries()) {
    const problem =
      fieldTypeProblem(def, field) ?? (traced ? paramTypeProblem(field, lowered.argSources[i]) : undefined)
    if (problem) return problem
  }
  return undefined
}
