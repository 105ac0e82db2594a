import { HistSpecError } from '../../definition/hist-spec-error.js'
import type { HistDefinition } from '../../definition/hist-definition.js'
import { TypedFtraceError } from '../../errors.js'
import { filterFinished } from '../../filter/filter-state.js'
import { isFilterOp } from '../../filter/tokens.js'
import type { FilterToken } from '../../filter/tokens.js'
import type { Schema } from '../../schema/schema.js'
import { appendHistFilter } from './event-hist.js'
import { histOf } from './hist.js'

/** A filter entry of a hist spec: a token (`&&`, `||`, `!`, `(`, `)`) or a comparison `[field, op, value]`. */
export type HistSpecFilter =
  '&&' | '||' | '!' | '(' | ')' | readonly [field: string, op: string, value: string | number]

/** A hist trigger on one event as JSON (see `src/analyze/hist/HIST-SPEC.md`). */
export interface HistSpec {
  /** `system/event`. */
  readonly event: string
  /** One to three keys, with their modifiers: `next_pid`, `delta.log2`, `bytes_req.buckets=32`. */
  readonly keys: readonly string[]
  /** Values to sum (at most two besides `hitcount`), with `.hex`, `.percent`, `.graph`. */
  readonly values?: readonly string[]
  /** One or two sort fields, keys or values, with `.ascending`/`.descending`. */
  readonly sort?: readonly string[]
  /** The table size (`size=`). */
  readonly size?: number
  /** The hist's name (`name=`): hists of one name share their table. */
  readonly name?: string
  /** The filter, entry by entry, as the synth spec's `startFilter` entries. */
  readonly filter?: readonly HistSpecFilter[]
  readonly $schema?: string
  readonly description?: string
}

/** What a hist built from a spec is: its definition (what `tracefs().create()` and the compiler take). */
export interface SpecHist {
  readonly definition: HistDefinition
}

const KEYS = ['event', 'keys', 'values', 'sort', 'size', 'name', 'filter', '$schema', 'description'] as const
const TOKENS: Readonly<Record<string, FilterToken>> = {
  '&&': { type: 'and' },
  '||': { type: 'or' },
  '!': { type: 'not' },
  '(': { type: '(' },
  ')': { type: ')' },
}

interface Builder {
  readonly definition: HistDefinition
  keys(...k: string[]): Builder
  values(...v: string[]): Builder
  sort(...s: string[]): Builder
  size(n: number): Builder
  name(n: string): Builder
}

/**
 * Builds a hist trigger from its JSON form: the same calls as
 * `hist(system, event)`, checked against `schema` (a live tracefs, a saved
 * dump, a generated module's `schema`). Every refusal is a
 * {@link HistSpecError} naming the JSON path of the bad key or value
 * (`keys[1]: field 'nxt_pid' is not in sched.sched_switch; did you mean 'next_pid'?`).
 *
 * @example
 * import { histFromSpec, histTriggerText, schemaFromDir } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing/events')
 * const h = histFromSpec({ event: 'sched/sched_switch', keys: ['next_comm'], sort: ['hitcount.descending'], filter: [['next_pid', '!=', 0]] }, schema)
 * histTriggerText(h.definition) // 'hist:keys=next_comm:sort=hitcount.descending if next_pid != 0'
 */
export function histFromSpec(spec: unknown, schema: Schema): SpecHist {
  return fromSpec(spec, schema, '')
}

/** A spec file's hists: one (an object) or several (an array), in order. */
export function histsFromSpec(spec: unknown, schema: Schema): SpecHist[] {
  if (!Array.isArray(spec)) return [fromSpec(spec, schema, '')]
  if (spec.length === 0) throw new HistSpecError('EINVAL', 'spec', 'expected at least one hist, found an empty array')
  return spec.map((entry, i) => fromSpec(entry, schema, `[${i}]`))
}

function fromSpec(spec: unknown, schema: Schema, prefix: string): SpecHist {
  const path = (key: string) => (prefix === '' ? key : `${prefix}.${key}`)
  const root = object(spec, prefix === '' ? 'spec' : prefix)
  for (const key of Object.keys(root))
    if (!(KEYS as readonly string[]).includes(key))
      throw new HistSpecError('EINVAL', path(key), `unknown key '${key}' here (allowed: ${KEYS.join(', ')})`)
  const event = string(root.event, path('event'))
  const slash = event.indexOf('/')
  if (slash <= 0 || slash !== event.lastIndexOf('/'))
    throw new HistSpecError('EINVAL', path('event'), `expected 'system/event', found ${kind(event)}`)
  let h = at(path('event'), () => histOf(schema, event.slice(0, slash), event.slice(slash + 1)) as Builder)
  if (root.keys === undefined) throw new HistSpecError('EINVAL', path('keys'), 'a hist needs keys (one to three)')
  const keys = strings(root.keys, path('keys'), 1, 3)
  // Field by field first, so that an unknown field is named by its own path.
  keys.forEach((k, i) => at(`${path('keys')}[${i}]`, () => h.keys(k)))
  h = at(path('keys'), () => h.keys(...keys))
  if (root.values !== undefined) {
    const values = strings(root.values, path('values'), 1, 3)
    values.forEach((v, i) => at(`${path('values')}[${i}]`, () => h.values(v)))
    h = at(path('values'), () => h.values(...values))
  }
  if (root.sort !== undefined) {
    const sort = strings(root.sort, path('sort'), 1, 2)
    sort.forEach((s, i) => at(`${path('sort')}[${i}]`, () => h.sort(s)))
    h = at(path('sort'), () => h.sort(...sort))
  }
  if (root.size !== undefined) {
    const size = root.size
    if (typeof size !== 'number' || !Number.isSafeInteger(size))
      throw new HistSpecError('EINVAL', path('size'), `expected a whole number, found ${kind(size)}`)
    h = at(path('size'), () => h.size(size))
  }
  if (root.name !== undefined) {
    const name = string(root.name, path('name'))
    h = at(path('name'), () => h.name(name))
  }
  if (root.filter !== undefined) {
    const entries = array(root.filter, path('filter'))
    entries.forEach((entry, i) => {
      const where = `${path('filter')}[${i}]`
      const token = filterToken(entry, where)
      h = at(where, () => appendHistFilter(h, token) as Builder)
    })
  }
  // An unfinished filter (a dangling `&&`, `!` or `(`) is refused here, not at the first write.
  const filter = h.definition.filter
  if (!filterFinished(filter))
    throw new HistSpecError('EBADE', path('filter'), `the filter is not finished: '${filter.text}'`)
  return Object.freeze({ definition: h.definition })
}

function filterToken(entry: unknown, path: string): FilterToken {
  if (typeof entry === 'string') {
    const token = TOKENS[entry]
    if (token === undefined)
      throw new HistSpecError(
        'EINVAL',
        path,
        `unknown filter token ${JSON.stringify(entry)}: use "&&", "||", "!", "(", ")" or [field, op, value]`,
      )
    return token
  }
  const parts = array(entry, path)
  if (parts.length !== 3) throw new HistSpecError('EINVAL', path, 'a comparison is [field, op, value]')
  const field = string(parts[0], `${path}[0]`)
  const op = parts[1]
  if (!isFilterOp(op))
    throw new HistSpecError(
      'EINVAL',
      `${path}[1]`,
      `unknown operator ${typeof op === 'string' ? `'${op}'` : JSON.stringify(op)}: use ==, !=, >, >=, <, <=, ~ or &`,
    )
  const value = parts[2]
  if (typeof value === 'number' && Number.isFinite(value)) return { type: 'compare', field, op, value: String(value) }
  if (typeof value !== 'string')
    throw new HistSpecError(
      'EINVAL',
      `${path}[2]`,
      `the value is a string (written verbatim) or a number, found ${kind(value)}`,
    )
  return { type: 'compare', field, op, value }
}

/** Runs `fn`; an error of the builder or the filter comes back as a {@link HistSpecError} at `path`. */
function at<T>(path: string, fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof HistSpecError) throw error
    if (error instanceof TypedFtraceError) throw new HistSpecError(error.code, path, error.message, { cause: error })
    throw error
  }
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HistSpecError('EINVAL', path, `expected an object, found ${kind(value)}`)
  return value as Record<string, unknown>
}

function array(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new HistSpecError('EINVAL', path, `expected an array, found ${kind(value)}`)
  return value
}

function strings(value: unknown, path: string, least: number, most: number): string[] {
  const list = array(value, path)
  if (list.length < least || list.length > most)
    throw new HistSpecError(
      'EINVAL',
      path,
      `expected ${least === most ? least : `${least} to ${most}`} entries, found ${list.length}`,
    )
  return list.map((v, i) => string(v, `${path}[${i}]`))
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new HistSpecError('EINVAL', path, `expected a string, found ${kind(value)}`)
  return value
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
