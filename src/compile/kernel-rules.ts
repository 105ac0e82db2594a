import { resolveField } from '../filter/special-fields.js'
import type { FilterToken } from '../filter/tokens.js'
import { FieldFlag } from '../schema/field-flags.js'
import type { EventFormat, FieldFormat } from '../schema/format-types.js'
import type { FieldRef, SynthDefinition } from '../synth/definition.js'
import type { KernelErrno } from '../synth/errors.js'
import { KernelRuleError } from '../synth/kernel-rule-error.js'
import type { KernelRule } from '../synth/kernel-rule-error.js'
import { lowerSynth, varName } from './lower.js'
import type { LoweredSynth } from './lower.js'
import type { CompileOptions } from './options.js'

/** Keys per hist trigger (`TRACING_MAP_KEYS_MAX`). */
export const MAX_KEYS = 3
/** Variables per hist trigger, handler and `save()` variables included (`TRACING_MAP_VARS_MAX`). */
export const MAX_VARIABLES = 16
/** Fields per synthetic event (`SYNTH_FIELDS_MAX` in Linux 6.1). */
export const MAX_SYNTH_FIELDS = 64
/** Actions per hist trigger (`HIST_ACTIONS_MAX`). */
export const MAX_ACTIONS = 8

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

type Problem = { rule: KernelRule; code: KernelErrno; kernel: string; advice: string; step?: number | undefined }

/**
 * Checks a definition against the kernel's rules for synthetic events and
 * hist triggers (Linux 6.1, as measured there) and throws a
 * {@link KernelRuleError} for the first one it breaks.
 */
export function checkKernelRules(input: KernelRuleInput): void {
  if (EXEMPT.has(input.def)) return
  const problem = findProblem(input)
  if (problem) throw new KernelRuleError(problem.rule, problem.code, problem.kernel, problem.advice, { step: problem.step })
}

function findProblem(input: KernelRuleInput): Problem | undefined {
  const { def } = input
  const lowered = lowerSynth(def)
  return (
    eventProblem(def) ??
    keyProblem(def) ??
    variableProblem(def, lowered) ??
    fieldProblem(def, lowered) ??
    actionProblem(def, lowered) ??
    (input.startEvent ? filterProblem(def, 'start', input.startEvent) : undefined) ??
    (input.endEvent ? filterProblem(def, 'end', input.endEvent) : undefined) ??
    (input.stage === 'compile' ? finalProblem(def, input.options ?? {}) : undefined)
  )
}

/** Triggers on the `ftrace` system's own events are refused (EACCES). */
function eventProblem(def: SynthDefinition): Problem | undefined {
  for (const [which, event] of [['start', def.start], ['end', def.end]] as const) {
    if (event?.system === 'ftrace') {
      return { rule: 'ftrace-event', code: 'EACCES', kernel: '', advice: `the ${which} event ftrace/${event.event} is one of the tracer's own events, which take no hist triggers: use a trace event of another system` }
    }
  }
  return undefined
}

/** At most 3 keys; the same match twice adds nothing; keys must be values the kernel can hash. */
function keyProblem(def: SynthDefinition): Problem | undefined {
  const matches = def.steps.flatMap((s, i) => (s.kind === 'match' ? [{ s, i }] : []))
  if (matches.length > MAX_KEYS) {
    const last = matches[MAX_KEYS]!
    return { rule: 'too-many-keys', code: 'EINVAL', kernel: '', advice: `hist triggers take at most ${MAX_KEYS} keys; this synth matches on ${matches.length} fields: drop a match`, step: last.i }
  }
  for (const [n, { s, i }] of matches.entries()) {
    if (matches.slice(0, n).some((m) => m.s.start.name === s.start.name && m.s.end.name === s.end.name)) {
      return { rule: 'repeated-key', code: 'EINVAL', kernel: '', advice: `'${s.start.name}' is already matched with '${s.end.name}': a repeated match adds nothing (the kernel takes it; refused as a likely mistake)`, step: i }
    }
    for (const ref of [s.start, s.end]) {
      const bad = histValueProblem(ref)
      if (bad) return { rule: 'key-type', code: bad.code, kernel: bad.kernel, advice: `'${ref.name}' (${ref.format.cType}, ${ref.format.size} bytes) cannot be a hist key: ${bad.reason}`, step: i }
    }
  }
  return undefined
}

type ValueProblem = { code: KernelErrno; kernel: string; reason: string }

/** Why the kernel cannot hold a field in a key or variable, or undefined: strings and 1, 2, 4 or 8-byte values only. */
function histValueProblem(ref: FieldRef): ValueProblem | undefined {
  const f = ref.format
  if (f.name === 'common_comm') return { code: 'EINVAL', kernel: "Couldn't find field", reason: "hist triggers of Linux 6.1 cannot read the task name (COMM) as a field (filters can); use a comm field of the event, or common_pid" }
  if (kernelString(f) || [1, 2, 4, 8].includes(f.size)) return undefined
  return { code: 'ENOMEM', kernel: '', reason: 'keys and variables are strings or 1, 2, 4 or 8-byte values' }
}

/** The kernel's string fields (filters and hist triggers): char arrays, dynamic char arrays and `char *`. */
export function kernelString(f: FieldFormat): boolean {
  const base = f.cType.replace(/^(const\s+)?/, '')
  if (/^char\s*\*$/.test(base)) return true
  return /\bchar\b/.test(f.cType) && (f.cType.includes('[') || f.dynamic !== undefined)
}

/** Synthetic fields: at most 64; arrays only of char; a value the declared type can take. */
function fieldProblem(def: SynthDefinition, lowered: LoweredSynth): Problem | undefined {
  if (def.fields.length > MAX_SYNTH_FIELDS) {
    return { rule: 'too-many-fields', code: 'EINVAL', kernel: 'Too many fields', advice: `a synthetic event has at most ${MAX_SYNTH_FIELDS} fields; '${def.name}' has ${def.fields.length}`, step: def.fields[MAX_SYNTH_FIELDS]!.step }
  }
  for (const [i, field] of def.fields.entries()) {
    const type = field.info.type
    if (type.includes('[') && !/^char\[/.test(type) && !isStack(field.info.cType)) {
      return { rule: 'field-type', code: 'EINVAL', kernel: 'Invalid type', advice: `synthetic field '${field.name}' would be ${type}: the kernel takes only char arrays (strings) as array fields; copy a scalar field instead`, step: field.step }
    }
    const source = lowered.argSources[i]
    if (source && !paramFits(source, field.info.type, field.info.size)) {
      return {
        rule: 'param-type',
        code: 'EINVAL',
        kernel: "Param type doesn't match synthetic event field type",
        advice: `synthetic field '${field.name}' is declared ${field.info.type} (from the start field) but its value comes from ${source.name} (${source.cType}, ${source.signed ? 'signed' : 'unsigned'}); the kernel wants the same size and sign: match or compare fields of the same type`,
        step: field.step,
      }
    }
  }
  return undefined
}

function isStack(cType: string): boolean {
  return /long\[\]$/.test(cType)
}

/** The kernel's `check_synth_field`: the same type text, or the same size and (numbers only) sign. */
function paramFits(source: FieldFormat, declared: string, declaredSize: number): boolean {
  const sourceType = source.cType
  const declaredString = /^char\[/.test(declared)
  if (declaredString) {
    if (declared === 'char[]' && sourceType.includes('char[')) return true
    return sourceType === declared || (kernelString(source) && sourceType.includes('char[') && source.size === declaredSize)
  }
  if (sourceType === declared) return true
  const declaredSigned = !(declared.startsWith('u') || declared === 'gfp_t')
  return source.size === declaredSize && source.signed === declaredSigned
}

/** Variables: at most 16 per trigger (with handler and save variables); keys and values the kernel can hold; unique names. */
function variableProblem(def: SynthDefinition, lowered: LoweredSynth): Problem | undefined {
  for (const [i, s] of def.steps.entries()) {
    const refs = s.kind === 'compare' ? [s.start, s.end] : s.kind === 'start-field' || s.kind === 'end-field' ? [s.field] : s.kind === 'match' && s.as !== undefined ? [s.end] : []
    for (const ref of refs) {
      const bad = histValueProblem(ref)
      if (bad) return { rule: 'variable-type', code: bad.code, kernel: bad.kernel, advice: `'${ref.name}' (${ref.format.cType}, ${ref.format.size} bytes) cannot be held in a hist variable: ${bad.reason}`, step: i }
    }
  }
  const handlers = lowered.actions.filter((a) => a.handler !== 'match').length
  const saved = lowered.actions.flatMap((a) => a.save)
  const triggers = [
    { which: 'start', count: lowered.startVars.length, extra: '' },
    { which: 'end', count: lowered.endVars.length + handlers + saved.length, extra: handlers + saved.length > 0 ? ` (with ${handlers} onmax/onchange and ${saved.length} saved fields)` : '' },
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
  const sameEvent = def.start !== undefined && def.end !== undefined && def.start.system === def.end.system && def.start.event === def.end.event
  // A field saved twice is taken (each save makes its own variable); a saved field named like a variable is not.
  const names = [...lowered.endVars.map(varName), ...new Set(saved), ...(sameEvent ? lowered.startVars.map(varName) : [])]
  const twice = names.find((n, i) => names.indexOf(n) !== i)
  if (twice !== undefined) {
    return { rule: 'variable-clash', code: 'EINVAL', kernel: 'Variable already defined', advice: `'${twice}' would name two variables of ${sameEvent ? 'the triggers of one event' : 'the end trigger'} (a saved field's variable is named after the field): rename the field` }
  }
  return undefined
}

/** Handlers: onmax/onchange on numbers; one save() and one snapshot(). */
function actionProblem(def: SynthDefinition, lowered: LoweredSynth): Problem | undefined {
  const actionSteps = def.steps.flatMap((s, i) => (s.kind === 'action' ? [i] : []))
  if (lowered.actions.length > MAX_ACTIONS) {
    return { rule: 'too-many-actions', code: 'EINVAL', kernel: '', advice: `'${def.name}' has ${lowered.actions.length} actions; a hist trigger takes at most ${MAX_ACTIONS}`, step: actionSteps[MAX_ACTIONS] }
  }
  for (const [n, a] of lowered.actions.entries()) {
    if (a.handleVar === undefined) continue
    const source = lowered.endVarSources.get(a.handleVar.replace(/^\$/, ''))
    if (source && (kernelString(source) || (source.flags & (FieldFlag.ARRAY | FieldFlag.DYNAMIC)) !== 0)) {
      return { rule: 'handler-variable', code: 'EINVAL', kernel: '', advice: `on${a.handler}('${def.actions[n]?.variable}') would watch ${source.name} (${source.cType}), which is not a number (the kernel takes it and compares addresses; refused on purpose): watch a numeric field`, step: actionSteps[n] }
    }
  }
  for (const [kind, code, kernel] of [['save', 'EEXIST', "Can't have more than one save() action per hist"], ['snapshot', 'EBUSY', '']] as const) {
    const found = lowered.actions.flatMap((a, n) => (a.action === kind ? [n] : []))
    if (found.length > 1) {
      return { rule: kind === 'save' ? 'one-save' : 'one-snapshot', code, kernel, advice: `'${def.name}' has ${found.length} ${kind}() actions; the kernel takes one per ${kind === 'save' ? 'hist trigger' : 'trace instance'}: keep one`, step: actionSteps[found[1]!] }
    }
  }
  return undefined
}

/** What only the finished definition shows: fields at all, and a name the action syntax can carry. */
function finalProblem(def: SynthDefinition, options: CompileOptions): Problem | undefined {
  if (def.fields.length === 0) {
    return { rule: 'no-fields', code: 'EINVAL', kernel: 'Command must be of the form: <name> field[;field] ...', advice: `synthetic event '${def.name}' has no fields: add a match name, a compare, or a start or end field` }
  }
  if ((options.actionSyntax ?? 'trace') === 'trace' && def.name.length < 2) {
    return { rule: 'action-name', code: 'EINVAL', kernel: 'Invalid action param', advice: `the kernel reads a one-character name in .trace(${def.name},...) as a bad parameter: use a name of two characters or more` }
  }
  if (options.actionSyntax === 'legacy') {
    const word = ['save', 'snapshot', 'trace'].find((w) => def.name.startsWith(w))
    if (word) {
      return { rule: 'action-name', code: 'EINVAL', kernel: word === 'trace' ? "Couldn't find synthetic event" : "Handler doesn't support action", advice: `in the older action form .${def.name}(...) the kernel takes a name starting with '${word}' for its ${word}() action: rename the synthetic event` }
    }
  }
  return undefined
}

/** Filters: strings compared with a quoted text by ==, != or ~; numbers with a number (not below 0 when unsigned). */
function filterProblem(def: SynthDefinition, which: 'start' | 'end', event: EventFormat): Problem | undefined {
  for (const [i, s] of def.steps.entries()) {
    if (s.kind !== 'start-filter' && s.kind !== 'end-filter') continue
    if (s.kind !== `${which}-filter`) continue
    for (const token of s.tokens) {
      const bad = compareProblem(event, token)
      if (bad) return { rule: 'filter-value', code: 'EINVAL', kernel: '', advice: `${which} filter of ${event.system}/${event.name}: ${bad}`, step: i }
    }
  }
  return undefined
}

function compareProblem(event: EventFormat, token: FilterToken): string | undefined {
  if (token.type !== 'compare') return undefined
  const field = resolveField(event, token.field)
  if (!field) return undefined
  const shown = `'${token.field} ${token.op} ${token.value}'`
  const quoted = /^"[^"]*"$/.test(token.value)
  if (kernelString(field) || field.name === 'common_comm') {
    if (!['==', '!=', '~'].includes(token.op)) return `${shown}: ${token.field} is a string, compared only with ==, != or ~`
    if (!quoted) return `${shown}: the kernel wants the text in double quotes ("${token.value}")`
    return undefined
  }
  if (token.op === '~') return `${shown}: ~ needs a string field`
  if (!/^-?(0[xX][0-9a-fA-F]+|\d+)$/.test(token.value)) return `${shown}: ${token.field} is a number (${field.cType}); compare it with a number`
  if (token.value.startsWith('-') && !field.signed) return `${shown}: ${token.field} is unsigned (${field.cType}); the kernel refuses a negative number`
  return undefined
}
