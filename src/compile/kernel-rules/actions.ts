import { FieldFlag } from '../../schema/field-flags.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { LoweredSynth } from '../lower.js'
import type { CompileOptions } from '../options.js'
import { kernelString } from './kernel-fields.js'
import { MAX_ACTIONS } from './problem.js'
import type { Problem } from './problem.js'

/** Handlers: onmax/onchange on numbers; one save() and one snapshot(). */
export function actionProblem(def: SynthDefinition, lowered: LoweredSynth): Problem | undefined {
  const actionSteps = def.steps.flatMap((s, i) => (s.kind === 'action' ? [i] : []))
  if (lowered.actions.length > MAX_ACTIONS) {
    return {
      rule: 'too-many-actions',
      code: 'EINVAL',
      kernel: '',
      advice: `'${def.name}' has ${lowered.actions.length} actions; a hist trigger takes at most ${MAX_ACTIONS}`,
      step: actionSteps[MAX_ACTIONS],
    }
  }
  for (const [n, a] of lowered.actions.entries()) {
    if (a.handleVar === undefined) continue
    const source = lowered.endVarSources.get(a.handleVar.replace(/^\$/, ''))
    if (source && (kernelString(source) || (source.flags & (FieldFlag.ARRAY | FieldFlag.DYNAMIC)) !== 0)) {
      return {
        rule: 'handler-variable',
        code: 'EINVAL',
        kernel: '',
        advice: `on${a.handler}('${def.actions[n]?.variable}') would watch ${source.name} (${source.cType}), which is not a number (the kernel takes it and compares addresses; refused on purpose): watch a numeric field`,
        step: actionSteps[n],
      }
    }
  }
  for (const [kind, code, kernel] of [
    ['save', 'EEXIST', "Can't have more than one save() action per hist"],
    ['snapshot', 'EBUSY', ''],
  ] as const) {
    const found = lowered.actions.flatMap((a, n) => (a.action === kind ? [n] : []))
    if (found.length > 1) {
      return {
        rule: kind === 'save' ? 'one-save' : 'one-snapshot',
        code,
        kernel,
        advice: `'${def.name}' has ${found.length} ${kind}() actions; the kernel takes one per ${kind === 'save' ? 'hist trigger' : 'trace instance'}: keep one`,
        step: actionSteps[found[1]!],
      }
    }
  }
  return undefined
}

/** What only the finished definition shows: fields at all, and a name the action syntax can carry. */
export function finalProblem(def: SynthDefinition, options: CompileOptions): Problem | undefined {
  if (def.fields.length === 0) {
    return {
      rule: 'no-fields',
      code: 'EINVAL',
      kernel: 'Command must be of the form: <name> field[;field] ...',
      advice: `synthetic event '${def.name}' has no fields: add a match name, a compare, or a start or end field`,
    }
  }
  if ((options.actionSyntax ?? 'trace') === 'trace' && def.name.length < 2) {
    return {
      rule: 'action-name',
      code: 'EINVAL',
      kernel: 'Invalid action param',
      advice: `the kernel reads a one-character name in .trace(${def.name},...) as a bad parameter: use a name of two characters or more`,
    }
  }
  if (options.actionSyntax === 'legacy') {
    const word = ['save', 'snapshot', 'trace'].find((w) => def.name.startsWith(w))
    if (word) {
      return {
        rule: 'action-name',
        code: 'EINVAL',
        kernel: word === 'trace' ? "Couldn't find synthetic event" : "Handler doesn't support action",
        advice: `in the older action form .${def.name}(...) the kernel takes a name starting with '${word}' for its ${word}() action: rename the synthetic event`,
      }
    }
  }
  return undefined
}
