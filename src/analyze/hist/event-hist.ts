import { TypedFtraceError } from '../../errors.js'
import { histKeySizeAdvice, keyBytes, MAX_KEY_BYTES } from '../../definition/key-bytes.js'
import { histDefinition } from '../../definition/hist-definition.js'
import type { HistDefinition, HistFieldRef } from '../../definition/hist-definition.js'
import { appendExpression } from '../../filter/expression-tokens.js'
import { filterFactory } from '../../filter/expression.js'
import type { FilterExpr, FilterFactory } from '../../filter/expression.js'
import { appendFilterToken, EMPTY_FILTER, filterText } from '../../filter/filter-state.js'
import type { FilterToken } from '../../filter/tokens.js'
import type { EventFormat, FieldFormat, ValueKind } from '../../schema/format-types.js'
import { nameProblem } from '../../schema/name-rule.js'
import type { Schema } from '../../schema/schema.js'
import { findField, suggest } from '../../schema/schema.js'
import type { EventRef } from '../../synth/types/events.js'
import type { EventFilterFactory } from '../../synth/types/filter.js'
import type { FieldSource } from '../records.js'
import type { LiveHistKey, LiveHistValue, SumValues } from './event-types.js'
import type { Hist } from './hist.js'
import type { HistSort } from './types.js'

/**
 * A histogram on one event, typed by that event's fields: the same keys,
 * values and sort fields as the offline {@link Hist}, plus a name, a typed
 * filter and what only the kernel has (`.syscall`, `.percent`, `.graph`).
 * Immutable: each call returns a new one. `definition` is the plain data
 * that compile turns into the trigger text (`histTriggerText`) and
 * `tracefs().create(h)` puts in the kernel.
 */
export interface EventHist<Ev extends EventRef, R, C, K extends string = never, V extends string = never> {
  /** The definition so far, as plain immutable data. */
  readonly definition: HistDefinition
  /**
   * The keys (one to three): fields of the event, optionally with a
   * modifier (`.log2`, `.buckets=N`, `.hex`, `.sym`, `.sym-offset`,
   * `.syscall`; `common_pid.execname`, `common_timestamp.usecs`). A field
   * the event does not have is a compile error.
   *
   * @example
   * import { hist } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * hist('sched', 'sched_switch').keys('next_pid', 'prev_state')
   * hist('kmem', 'kmalloc').keys('bytes_req.buckets=32')
   */
  keys<const KS extends readonly [LiveHistKey<R>, ...LiveHistKey<R>[]]>(...keys: KS): EventHist<Ev, R, C, KS[number], V>
  /**
   * The values summed per entry (at most two besides `hitcount`): numeric
   * fields, `.hex` to print the sum in hex; `.percent` and `.graph` where the
   * kernel has them.
   *
   * @example
   * import { hist } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * hist('sched', 'sched_switch').keys('next_pid').values('prev_prio')
   */
  values<const VS extends readonly LiveHistValue<R, C>[]>(...values: VS): EventHist<Ev, R, C, K, V | VS[number]>
  /**
   * The sort fields (at most two): `hitcount`, a key or a value, with
   * `.descending` for the largest first (the kernel's default is
   * `hitcount`, ascending).
   *
   * @example
   * import { hist } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * hist('sched', 'sched_switch').keys('next_pid').sort('hitcount.descending')
   */
  sort(...fields: [HistSort<K, V>] | [HistSort<K, V>, HistSort<K, V>]): EventHist<Ev, R, C, K, V>
  /** The table's size (`size=`): 128 to 131072 entries (the kernel rounds up to a power of two; default 2048). */
  size(entries: number): EventHist<Ev, R, C, K, V>
  /**
   * Names the hist (`name=`): hists of the same name, on one event or
   * several, share one table.
   *
   * @example
   * import { hist } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * hist('sched', 'sched_switch').keys('next_pid').name('sw')
   */
  name(name: string): EventHist<Ev, R, C, K, V>
  /**
   * Counts only the events that pass a typed filter (joined with `&&` to one
   * set before), rendered as libtracefs' tokens would.
   *
   * @example
   * import { hist } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * hist('sched', 'sched_switch').keys('next_pid').filter((f) => f.lt('next_prio', 100))
   * // hist:keys=next_pid if next_prio < 100
   */
  filter(build: (f: EventFilterFactory<Ev>) => FilterExpr): EventHist<Ev, R, C, K, V>
  /**
   * The same histogram computed offline over recorded events of this event
   * (a trace.dat's records of `system/event`): an offline {@link Hist}.
   * `.syscall`, `.percent` and `.graph` are the kernel's only.
   */
  over(records: Iterable<FieldSource>): Hist<R, K, SumValues<V>>
}

/** The offline `hist(records)`, handed in by hist.ts (the two modules do not import each other). */
export type OfflineHist = (records: Iterable<FieldSource>) => unknown

interface State {
  readonly offline: OfflineHist
  readonly schema: Schema
  readonly format: EventFormat
  readonly def: HistDefinition
}

/** The numeric key modifiers (`buckets` takes `=N`). */
const KEY_MODIFIERS = ['hex', 'sym', 'sym-offset', 'syscall', 'log2', 'buckets', 'execname', 'usecs'] as const
const VALUE_MODIFIERS = ['hex', 'percent', 'graph'] as const

/** The event form of `hist()`: checks the event in the schema and starts an empty definition. */
export function eventHist(offline: OfflineHist, schema: Schema, system: string, event: string): unknown {
  for (const [what, name] of [
    ['system', system],
    ['event', event],
  ] as const) {
    const problem = nameProblem(name, what)
    if (problem !== undefined) throw new TypedFtraceError('EINVAL', problem)
  }
  const format = schema.get(system, event)
  const def = histDefinition({
    system,
    event,
    keys: [],
    values: [],
    sort: [],
    size: undefined,
    name: undefined,
    filter: EMPTY_FILTER,
  })
  return new EventHistImpl({ offline, schema, format, def })
}

/**
 * Appends one filter token (libtracefs' `tracefs_hist_append_filter`) to a
 * hist made by {@link eventHist}: what the JSON form's `filter` entries do.
 */
export function appendHistFilter(h: unknown, token: FilterToken): unknown {
  if (!(h instanceof EventHistImpl)) throw new TypedFtraceError('EINVAL', 'not a hist(system, event)')
  return EventHistImpl.appendFilterToken(h, token)
}

class EventHistImpl {
  readonly #s: State
  readonly definition: HistDefinition

  constructor(state: State) {
    this.#s = state
    this.definition = state.def
    Object.freeze(this)
  }

  #with(change: Partial<HistDefinition>): EventHistImpl {
    return new EventHistImpl({ ...this.#s, def: histDefinition({ ...this.#s.def, ...change }) })
  }

  keys(...keys: string[]): EventHistImpl {
    if (keys.length === 0 || keys.length > 3)
      throw new TypedFtraceError('EINVAL', `a hist takes one to three keys (got ${keys.length})`)
    const refs = keys.map((k) => this.#field(k, 'key'))
    const bytes = refs.reduce((n, k) => {
      const format = findField(this.#s.format, k.name)
      return n + (format === undefined ? 8 : keyBytes(format))
    }, 0)
    if (bytes > MAX_KEY_BYTES) throw new TypedFtraceError('EINVAL', histKeySizeAdvice(bytes))
    return this.#with({ keys: refs })
  }

  values(...values: string[]): EventHistImpl {
    const all = [...this.#s.def.values, ...values.map((v) => this.#field(v, 'value'))]
    if (all.filter((v) => v.name !== 'hitcount').length > 2)
      throw new TypedFtraceError('EINVAL', 'a hist sums at most two values besides hitcount (TRACING_MAP_VALS_MAX)')
    return this.#with({ values: all })
  }

  sort(...fields: string[]): EventHistImpl {
    if (fields.length === 0 || fields.length > 2) throw new TypedFtraceError('EINVAL', 'Too many sort fields (Max = 2)')
    const { keys, values } = this.#s.def
    for (const spec of fields) {
      const name = spec.replace(/\.(ascending|descending)$/, '')
      const known = (f: HistFieldRef) => f.spec === name || f.name === name
      if (name !== 'hitcount' && !keys.some(known) && !values.some(known))
        throw new TypedFtraceError('EINVAL', `Sort field must be a key or a val: '${spec}'`)
    }
    return this.#with({ sort: fields })
  }

  size(entries: number): EventHistImpl {
    if (!Number.isSafeInteger(entries) || entries < 1)
      throw new TypedFtraceError('EINVAL', `size=${entries}: a whole number of entries`)
    const rounded = 2 ** Math.ceil(Math.log2(entries))
    if (rounded < 128 || rounded > 131072)
      throw new TypedFtraceError('EINVAL', `size=${entries}: the kernel takes 128 to 131072 entries`)
    return this.#with({ size: entries })
  }

  name(name: string): EventHistImpl {
    const problem = nameProblem(name, 'hist name')
    if (problem !== undefined) throw new TypedFtraceError('EINVAL', problem)
    return this.#with({ name })
  }

  /** libtracefs' `tracefs_hist_append_filter`: one token of the filter (the JSON form's entries). */
  static appendFilterToken(h: EventHistImpl, token: FilterToken): EventHistImpl {
    return h.#with({ filter: appendFilterToken(h.#s.def.filter, h.#s.format, token) })
  }

  filter(build: (f: FilterFactory) => FilterExpr): EventHistImpl {
    const expr = build(filterFactory)
    return this.#with({ filter: appendExpression(this.#s.def.filter, this.#s.format, expr.node) })
  }

  over(records: Iterable<FieldSource>): unknown {
    return offline(this.#s.offline(records), this.#s.def)
  }

  /** A key or value checked against the event: the field exists, the modifier fits it. */
  #field(spec: string, role: 'key' | 'value'): HistFieldRef {
    if (typeof spec !== 'string') throw new TypedFtraceError('EINVAL', `a ${role} must be a field name`)
    const dot = spec.indexOf('.')
    const name = dot < 0 ? spec : spec.slice(0, dot)
    const modText = dot < 0 ? undefined : spec.slice(dot + 1)
    const where = `${this.#s.def.system}.${this.#s.def.event}`
    const bad = (why: string) => new TypedFtraceError('EINVAL', `Invalid field modifier: '${spec}' (${why})`)
    const field = this.#resolve(name, role)
    if (field === undefined) {
      const names = this.#s.format.fields.map((f) => f.name)
      throw new TypedFtraceError('ENODEV', `field '${name}' is not in ${where}${suggest(name, names)}`)
    }
    let modifier: string | undefined
    let buckets = 0
    if (modText !== undefined) {
      if (role === 'key' && modText.startsWith('buckets=')) {
        buckets = Number(modText.slice('buckets='.length))
        if (!/^\d+$/.test(modText.slice(8)) || !Number.isSafeInteger(buckets) || buckets <= 0)
          throw bad('buckets=N needs a whole number N > 0')
        modifier = 'buckets'
      } else modifier = modText
      const allowed: readonly string[] = role === 'key' ? KEY_MODIFIERS : VALUE_MODIFIERS
      if (!allowed.includes(modifier) || (modifier === 'buckets' && buckets === 0))
        throw bad(`${role}s take ${allowed.map((m) => (m === 'buckets' ? 'buckets=N' : m)).join(', ')}`)
      const caps = this.#s.schema.capabilities.modifiers as unknown as Readonly<Record<string, boolean>>
      if ((modifier === 'percent' || modifier === 'graph') && !caps[modifier])
        throw bad(`this kernel has no .${modifier}`)
      if (modifier === 'execname' && name !== 'common_pid') throw bad('.execname applies to common_pid only')
      if (modifier === 'usecs' && name !== 'common_timestamp') throw bad('.usecs applies to common_timestamp only')
      if (!numeric(field.value)) throw bad(`'${name}' is not a number`)
    } else if (role === 'value' && !numeric(field.value)) {
      throw new TypedFtraceError('EINVAL', `value '${spec}' is not a number: values are sums`)
    }
    return { spec, name, modifier, buckets, value: field.value, signed: field.signed, size: field.size }
  }

  #resolve(name: string, role: 'key' | 'value'): Pick<FieldFormat, 'value' | 'signed' | 'size'> | undefined {
    if (role === 'value' && name === 'hitcount') return { value: 'bigint', signed: false, size: 8 }
    if (name === 'common_timestamp') return { value: 'bigint', signed: false, size: 8 }
    if (name === 'common_cpu' || name === 'cpu') return { value: 'number', signed: true, size: 4 }
    return findField(this.#s.format, name)
  }
}

function numeric(value: ValueKind): boolean {
  return value === 'number' || value === 'bigint'
}

/** The offline histogram with the definition's keys, values, sort fields, size and filter. */
function offline(start: unknown, def: HistDefinition): unknown {
  type Builder = {
    keys(...k: string[]): Builder
    values(...v: string[]): Builder
    sort(...s: string[]): Builder
    size(n: number): Builder
    filter(t: string): Builder
  }
  let h = (start as Builder).keys(...def.keys.map((k) => k.spec))
  const values = def.values.filter((v) => v.name !== 'hitcount').map((v) => v.spec)
  if (values.length > 0) h = h.values(...values)
  if (def.sort.length > 0) h = h.sort(...def.sort)
  if (def.size !== undefined) h = h.size(def.size)
  if (def.filter.text !== '') h = h.filter(filterText(def.filter))
  return h
}
