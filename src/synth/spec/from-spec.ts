import { match } from 'ts-pattern'
import { STACKTRACE, TIMESTAMP, TIMESTAMP_USECS } from '../../filter/special-fields.js'
import type { FilterOp, FilterTokenType } from '../../filter/tokens.js'
import { isFilterOp } from '../../filter/tokens.js'
import type { Schema } from '../../schema/schema.js'
import type { HandlerStep, SynthBuilder } from '../synth-builder.js'
import { newSynthBuilder } from '../synth-builder-impl.js'
import type { SynthCalc } from '../../definition/synth-definition.js'
import { SynthError } from '../../definition/synth-error.js'
import { KernelRuleError } from '../../definition/kernel-rule-error.js'

const FIELD_ALIASES: Readonly<Record<string, string>> = { TIMESTAMP, TIMESTAMP_USECS, STACKTRACE }

const TOKENS: Readonly<Record<string, FilterTokenType>> = { '&&': 'and', '||': 'or', '!': 'not', '(': '(', ')': ')' }

const VERBS = [
  'match',
  'compare',
  'delta',
  'startField',
  'endField',
  'startFilter',
  'endFilter',
  'onMatch',
  'onMax',
  'onChange',
] as const
type Verb = (typeof VERBS)[number]

/** Keys each verb allows besides itself. */
const EXTRA: Readonly<Record<Verb, readonly string[]>> = {
  match: ['as'],
  compare: ['calc', 'as'],
  delta: ['as'],
  startField: ['as'],
  endField: ['as'],
  startFilter: [],
  endFilter: [],
  onMatch: ['trace', 'snapshot', 'save'],
  onMax: ['trace', 'snapshot', 'save'],
  onChange: ['trace', 'snapshot', 'save'],
}

/**
 * Builds a synth from its JSON form (documented in `SPEC.md`): the same
 * calls as the builder, in the order of `steps`. Shape errors name the JSON
 * path of the bad entry (`steps[4].startFilter[1]: unknown operator '=<'`);
 * what libtracefs would refuse fails with its errno, the path and the step
 * index in the {@link SynthError}.
 *
 * @example
 * import { schemaFromDir, synthFromSpec } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing/events')
 * const spec = { name: 'lat', start: 'sched/sched_waking', end: 'sched/sched_switch', steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { delta: true }] }
 * console.log(synthFromSpec(spec, schema).echoCmd())
 */
export function synthFromSpec(spec: unknown, schema: Schema): SynthBuilder {
  if (Array.isArray(spec))
    throw specError('spec', 'expected an object, found an array (a file of several synths: synthsFromSpec)')
  return fromSpec(spec, schema, true, new Map(), '')
}

/**
 * Builds the synths of a spec file: one definition (an object) or several
 * (an array), in order. A later one may start or end on an earlier one,
 * named `synthetic/<name>` (a chain, as `.start(otherSynth)` in the
 * builder); the builders come back in the file's order, which is the order
 * to create them in. Names must differ; a synth named before it is defined,
 * or a loop, is refused with the JSON path (`[1].start`).
 *
 * @example
 * import { schemaFromDir, synthsFromSpec } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing/events')
 * const [wakeupLat, ran] = synthsFromSpec([
 *   { name: 'wakeup_lat', start: 'sched/sched_waking', end: 'sched/sched_switch', steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { delta: true }] },
 *   { name: 'ran', start: 'synthetic/wakeup_lat', end: 'sched/sched_switch', steps: [{ match: ['pid', 'prev_pid'], as: 'pid' }, { delta: true }] },
 * ], schema)
 * console.log(wakeupLat?.echoCmd(), ran?.echoCmd())
 */
export function synthsFromSpec(spec: unknown, schema: Schema): SynthBuilder[] {
  if (!Array.isArray(spec)) return [fromSpec(spec, schema, true, new Map(), '')]
  if (spec.length === 0) throw specError('spec', 'expected at least one synth, found an empty array')
  checkSpecChain(spec)
  const defined = new Map<string, SynthBuilder>()
  return spec.map((entry, i) => {
    const built = fromSpec(entry, schema, true, defined, `[${i}].`)
    defined.set(built.definition.name, built)
    return built
  })
}

/**
 * The checks of a spec file's synths that need no formats: names defined
 * once, each synth a chain starts or ends on defined before it, no loop
 * (the command line runs them before it touches the kernel).
 */
export function checkSpecChain(spec: unknown): void {
  if (!Array.isArray(spec)) return
  const names = spec.map((entry) =>
    typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string'
      ? (entry as { name: string }).name
      : undefined,
  )
  names.forEach((name, i) => {
    const first = names.indexOf(name)
    if (name !== undefined && first < i)
      throw specError(
        `[${i}].name`,
        `'${name}' is defined twice ([${first}] and [${i}]); a kernel has one event per name`,
      )
  })
  const refs = spec.map((entry) =>
    (['start', 'end'] as const).flatMap((side) => {
      const text = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[side] : undefined
      const named = typeof text === 'string' && text.startsWith(SYNTHETIC) ? text.slice(SYNTHETIC.length) : undefined
      const j = named === undefined ? -1 : names.indexOf(named)
      return j < 0 ? [] : [{ side, to: j }]
    }),
  )
  refs.forEach((list, i) => {
    for (const { side, to } of list) {
      if (to < i) continue
      const loop = pathBack(refs, to, i)
      throw specError(
        `[${i}].${side}`,
        loop
          ? `a chain cannot loop: ${[i, ...loop].map((k) => `'${names[k]}'`).join(' -> ')} (each starts or ends on the next)`
          : `'${names[to]}' is defined after '${names[i]}' ([${to}]): put the synths a chain starts or ends on before it`,
      )
    }
  })
}

/** The entries from `from` back to `to` along start/end references (a loop), if there is a way. */
function pathBack(refs: readonly { to: number }[][], from: number, to: number): number[] | undefined {
  const seen = new Set<number>()
  const walk = (at: number): number[] | undefined => {
    if (at === to) return [at]
    if (seen.has(at)) return undefined
    seen.add(at)
    for (const r of refs[at] ?? []) {
      const rest = walk(r.to)
      if (rest) return [at, ...rest]
    }
    return undefined
  }
  return walk(from)
}

const SYNTHETIC = 'synthetic/'

/**
 * {@link synthFromSpec} without the kernel's rules (internal: the kernel
 * lane writes what the rules refuse, to see that the kernel refuses it too).
 */
export function synthFromSpecWithoutKernelRules(spec: unknown, schema: Schema): SynthBuilder {
  return fromSpec(spec, schema, false, new Map(), '')
}

function fromSpec(
  spec: unknown,
  schema: Schema,
  kernelRules: boolean,
  defined: ReadonlyMap<string, SynthBuilder>,
  prefix: string,
): SynthBuilder {
  const root = object(spec, prefix === '' ? 'spec' : prefix.slice(0, -1))
  allowKeys(
    root,
    ['name', 'start', 'end', 'steps', '$schema', 'description'],
    prefix === '' ? 'spec' : prefix.slice(0, -1),
  )
  const name = string(root.name, `${prefix}name`)
  let synth = at(`${prefix}name`, undefined, () => newSynthBuilder(name, schema, {}, kernelRules))
  for (const side of ['start', 'end'] as const) {
    const text = string(root[side], `${prefix}${side}`)
    const current = synth
    synth = at(`${prefix}${side}`, undefined, () => {
      const set = (a: string | SynthBuilder, b?: string) => (side === 'start' ? current.start(a, b) : current.end(a, b))
      const inner = text.startsWith(SYNTHETIC) ? defined.get(text.slice(SYNTHETIC.length)) : undefined
      if (inner) return set(inner)
      try {
        return withEvent(text, set)
      } catch (error) {
        if (error instanceof SynthError && error.code === 'ENODEV' && text.startsWith(SYNTHETIC))
          throw new SynthError(
            'ENODEV',
            `'${text}' is neither a synth defined before '${name}' in this file${defined.size > 0 ? ` (${[...defined.keys()].join(', ')})` : ''} nor an event of these formats`,
            { cause: error },
          )
        throw error
      }
    })
  }
  const steps = array(root.steps, `${prefix}steps`)
  steps.forEach((raw, i) => {
    const path = `${prefix}steps[${i}]`
    const current = synth
    synth = at(path, i, () => applyStep(current, object(raw, path), path))
  })
  return synth
}

/** Runs `fn`, putting the path (and step) in front of any error it throws. */
function at<T>(path: string, step: number | undefined, fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof KernelRuleError && error.path === undefined) throw error.located(path, step)
    if (error instanceof SynthError && error.path === undefined) {
      throw new SynthError(error.code as never, `${path}: ${error.message}`, { step, path, cause: error })
    }
    if (error instanceof SynthError && step !== undefined && error.step === undefined) {
      throw new SynthError(error.code as never, error.message, { step, path: error.path, cause: error })
    }
    throw error
  }
}

function applyStep(synth: SynthBuilder, step: Record<string, unknown>, path: string): SynthBuilder {
  const verbs = VERBS.filter((v) => v in step)
  if (verbs.length !== 1) {
    throw specError(
      path,
      verbs.length === 0
        ? `a step needs one of ${VERBS.join(', ')}`
        : `a step has one verb, not ${verbs.join(' and ')}`,
    )
  }
  const verb = verbs[0]!
  allowKeys(step, [verb, ...EXTRA[verb]], path)
  const as = step.as === undefined ? undefined : string(step.as, `${path}.as`)
  switch (verb) {
    case 'match': {
      const fields = typeof step.match === 'string' ? [step.match] : array(step.match, `${path}.match`)
      if (fields.length < 1 || fields.length > 2)
        throw specError(`${path}.match`, 'expected a field name or [startField, endField]')
      const start = field(fields[0], `${path}.match[0]`)
      const end = fields.length === 2 ? field(fields[1], `${path}.match[1]`) : start
      return synth.match(start, end, as)
    }
    case 'compare': {
      const fields = array(step.compare, `${path}.compare`)
      if (fields.length !== 2) throw specError(`${path}.compare`, 'expected [startField, endField]')
      const calc = string(step.calc, `${path}.calc`)
      if (calc !== 'delta-end' && calc !== 'delta-start' && calc !== 'add')
        throw specError(`${path}.calc`, `unknown calculation '${calc}': use 'delta-end', 'delta-start' or 'add'`)
      if (as === undefined) throw specError(`${path}.as`, 'compare needs a name (as)')
      return synth.compare(
        field(fields[0], `${path}.compare[0]`),
        field(fields[1], `${path}.compare[1]`),
        calc as SynthCalc,
        as,
      )
    }
    case 'delta':
      return synth.delta(step.delta === true ? undefined : field(step.delta, `${path}.delta`), as)
    case 'startField':
      return synth.startField(field(step.startField, `${path}.startField`), as)
    case 'endField':
      return synth.endField(field(step.endField, `${path}.endField`), as)
    case 'startFilter':
    case 'endFilter': {
      const [type, f, op, value] = filterEntry(step[verb], `${path}.${verb}`)
      return verb === 'startFilter'
        ? synth.appendStartFilter(type, f, op, value)
        : synth.appendEndFilter(type, f, op, value)
    }
    case 'onMatch':
    case 'onMax':
    case 'onChange': {
      if (verb === 'onMatch' && step.onMatch !== true) throw specError(`${path}.onMatch`, 'expected true')
      const variable = verb === 'onMatch' ? undefined : string(step[verb], `${path}.${verb}`)
      const actions = (['trace', 'snapshot', 'save'] as const).filter((a) => a in step)
      if (actions.length !== 1) throw specError(path, `${verb} needs exactly one action: trace, snapshot or save`)
      const action = actions[0]!
      const fields =
        action === 'save' ? array(step.save, `${path}.save`).map((f, j) => field(f, `${path}.save[${j}]`)) : []
      if (action !== 'save' && step[action] !== true) throw specError(`${path}.${action}`, 'expected true')
      const handler: HandlerStep =
        variable === undefined ? synth.onMatch() : verb === 'onMax' ? synth.onMax(variable) : synth.onChange(variable)
      return match(action)
        .with('save', () => handler.save(...fields))
        .with('trace', () => handler.trace())
        .with('snapshot', () => handler.snapshot())
        .exhaustive()
    }
  }
}

function filterEntry(entry: unknown, path: string): [FilterTokenType, string?, FilterOp?, string?] {
  if (typeof entry === 'string') {
    const type = TOKENS[entry]
    if (type === undefined)
      throw specError(
        path,
        `unknown filter token ${JSON.stringify(entry)}: use "&&", "||", "!", "(", ")" or [field, op, value]`,
      )
    return [type]
  }
  const parts = array(entry, path)
  if (parts.length !== 3) throw specError(path, 'a comparison is [field, op, value]')
  const f = field(parts[0], `${path}[0]`)
  const op = parts[1]
  if (!isFilterOp(op))
    throw specError(
      `${path}[1]`,
      `unknown operator ${typeof op === 'string' ? `'${op}'` : JSON.stringify(op)}: use ==, !=, >, >=, <, <=, ~ or &`,
    )
  const value = parts[2]
  if (typeof value === 'number' && Number.isFinite(value)) return ['compare', f, op, String(value)]
  if (typeof value !== 'string') throw specError(`${path}[2]`, 'the value is a string (written verbatim) or a number')
  return ['compare', f, op, value]
}

/** `system/event` or `event`, as the builder's two-argument or one-argument form. */
function withEvent(text: string, set: (systemOrEvent: string, event?: string) => SynthBuilder): SynthBuilder {
  const slash = text.indexOf('/')
  return slash < 0 ? set(text) : set(text.slice(0, slash), text.slice(slash + 1))
}

function field(value: unknown, path: string): string {
  const name = string(value, path)
  return FIELD_ALIASES[name] ?? name
}

function specError(path: string, message: string): SynthError {
  return new SynthError('EINVAL', `${path}: ${message}`, { path, step: stepIndex(path) })
}

function stepIndex(path: string): number | undefined {
  const m = /^(?:\[\d+\]\.)?steps\[(\d+)\]/.exec(path)
  return m ? Number(m[1]) : undefined
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw specError(path, `expected an object, found ${kind(value)}`)
  return value as Record<string, unknown>
}

function array(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw specError(path, `expected an array, found ${kind(value)}`)
  return value
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw specError(path, `expected a string, found ${kind(value)}`)
  return value
}

function allowKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw specError(
        path === 'spec' ? key : `${path}.${key}`,
        `unknown key '${key}' here (allowed: ${allowed.join(', ')})`,
      )
  }
}

function kind(value: unknown): string {
  return value === null || value === undefined
    ? String(value)
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? 'an object'
        : `${typeof value} ${JSON.stringify(value)}`
}
