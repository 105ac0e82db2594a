import { histEchoCmd } from '../compile/hist-trigger.js'
import type { EchoOptions } from '../compile/options.js'
import { histDefinition } from '../definition/hist-definition.js'
import type { HistDefinition, HistFieldRef } from '../definition/hist-definition.js'
import type { SynthDefinition } from '../definition/synth-definition.js'
import { SynthError } from '../definition/synth-error.js'
import type { SynthErrno } from '../definition/synth-error.js'
import { FilterError } from '../filter/filter-error.js'
import { appendFilterToken, EMPTY_FILTER } from '../filter/filter-state.js'
import type { FilterState } from '../filter/filter-state.js'
import { resolveField, STACKTRACE, TIMESTAMP, TIMESTAMP_USECS } from '../filter/special-fields.js'
import type { FilterToken } from '../filter/tokens.js'
import { FieldFlag } from '../schema/field-flags.js'
import type { EventFormat, FieldFormat } from '../schema/format-types.js'
import type { Schema } from '../schema/schema.js'
import { findField } from '../schema/schema.js'
import { createSynth } from '../synth/create-synth.js'
import type { SynthBuilder } from '../synth/synth-builder.js'
import { syntheticType } from '../synth/synthetic-type.js'
import type { SqlCast, SqlCondition, SqlEventItem, SqlName, SqlStatement } from './ast.js'
import { fieldProblem, realField, resolveQualified, scopeOf } from './resolve.js'
import type { ResolvedField, SqlEventScope } from './resolve.js'
import { SqlError } from './sql-error.js'

/** A statement with JOIN: a synthetic event, as the fluent builder would have made it. */
export interface SqlSynthResult {
  readonly kind: 'synth'
  readonly synth: SynthBuilder
  readonly definition: SynthDefinition
  /** The three lines of shell that create it (`tracefs_synth_echo_cmd`). */
  echoCmd(options?: EchoOptions): string
}

/** A statement without JOIN: a hist trigger on the FROM event. */
export interface SqlHistResult {
  readonly kind: 'hist'
  readonly definition: HistDefinition
  /** The line of shell that starts the hist (`tracefs_hist_echo_cmd`). */
  echoCmd(options?: EchoOptions): string
}

export type SqlResult = SqlSynthResult | SqlHistResult

/** What every lowering step needs: the text (for positions) and the schema. */
interface Context {
  readonly text: string
  readonly schema: Schema
}

/** Runs a builder call; its error, with the position of the token it is about. */
function at<T>(ctx: Context, name: { readonly at: number; readonly text: string }, call: () => T): T {
  try {
    return call()
  } catch (error) {
    if (error instanceof SqlError || !(error instanceof SynthError || error instanceof FilterError)) throw error
    throw new SqlError(error.code as SynthErrno, error.message, ctx.text, name.at, name.text, error)
  }
}

function fail(
  ctx: Context,
  code: SynthErrno,
  message: string,
  name: { readonly at: number; readonly text: string },
): never {
  throw new SqlError(code, message, ctx.text, name.at, name.text)
}

/** `system.event` or `event`: split at the first dot, as libtracefs does. */
function splitEvent(text: string): [string | undefined, string] {
  const dot = text.indexOf('.')
  return dot < 0 ? [undefined, text] : [text.slice(0, dot), text.slice(dot + 1)]
}

function lookup(ctx: Context, item: SqlEventItem): EventFormat {
  const [system, event] = splitEvent(item.name.text)
  return at(ctx, item.name, () => {
    try {
      return ctx.schema.get(system, event)
    } catch (error) {
      throw new SynthError('ENODEV', (error as Error).message, { cause: error })
    }
  })
}

function scope(format: EventFormat, item: SqlEventItem, side: 'start' | 'end'): SqlEventScope {
  const [system, event] = splitEvent(item.name.text)
  return scopeOf(format, system, event, item.alias?.text, side)
}

/** A field of the statement, resolved and known to exist on its event. */
function resolve(ctx: Context, name: SqlName, from: SqlEventScope, to: SqlEventScope | undefined): ResolvedField {
  const found = resolveQualified(name, from, to) ?? (to === undefined ? bare(ctx, name, from) : undefined)
  if (found === undefined) {
    const prefixes = [from, ...(to ? [to] : [])].flatMap((s) => [...(s.alias ? [s.alias] : []), s.event])
    fail(
      ctx,
      'ENODEV',
      `'${name.text}' is not a field of ${to ? 'the FROM or JOIN event' : 'the FROM event'}: write <${prefixes.join('|')}>.<field>`,
      name,
    )
  }
  const problem = fieldProblem(found)
  if (problem !== undefined) fail(ctx, 'ENODEV', problem, name)
  return found
}

/** Without JOIN a field may be named alone: a field of the FROM event (pseudo-fields need a prefix). */
function bare(ctx: Context, name: SqlName, from: SqlEventScope): ResolvedField | undefined {
  if (findField(from.format, name.text)) return { side: 'start', field: name.text, scope: from }
  if (name.text.includes('.') && findField(from.format, name.text.split('.')[0]!))
    fail(
      ctx,
      'EINVAL',
      `'${name.text}': a modifier is written as a cast, CAST(${name.text.split('.')[0]} AS ...)`,
      name,
    )
  if (['TIMESTAMP', 'TIMESTAMP_USECS', 'STACKTRACE', 'COMM'].includes(name.text))
    fail(ctx, 'ENODEV', `'${name.text}' needs the event's prefix: ${from.alias ?? from.event}.${name.text}`, name)
  return undefined
}

/** libtracefs' checks of a cast on a start field (`verify_field_type`). */
function checkCast(ctx: Context, field: ResolvedField, cast: SqlCast, name: SqlName): void {
  if (cast.type === 'stacktrace') {
    if (field.field !== STACKTRACE) fail(ctx, 'EINVAL', `only STACKTRACE can be cast to STACKTRACE`, name)
    return
  }
  const real = realField(field.scope, field.field)
  if (real === undefined)
    fail(
      ctx,
      'ENODEV',
      `'${field.field}' cannot be cast: only fields of ${field.scope.format.system}.${field.scope.format.name} can`,
      name,
    )
  const stringy = (real.flags & (FieldFlag.STRING | FieldFlag.ARRAY)) !== 0
  if (cast.type === 'execname') {
    if (field.field !== 'common_pid') fail(ctx, 'EINVAL', `'${cast.text}' is only allowed for common_pid`, name)
    return
  }
  if (stringy)
    fail(
      ctx,
      'EINVAL',
      `field '${field.field}' is cast to '${cast.text}' but is ${(real.flags & FieldFlag.STRING) !== 0 ? 'a string' : 'an array'}`,
      name,
    )
}

/** The filter tokens of a WHERE condition, as libtracefs appends them. */
function conditionTokens(
  cond: SqlCondition,
  out: { token: FilterToken; at: SqlName }[],
  field: (n: SqlName) => string,
): void {
  const mark = { at: cond.at, text: '' }
  switch (cond.kind) {
    case 'compare':
      out.push({
        token: {
          type: 'compare',
          field: field(cond.field),
          op: cond.op,
          value: cond.value.kind === 'number' ? String(cond.value.value) : cond.value.text,
        },
        at: cond.field,
      })
      return
    case 'group':
      out.push({ token: { type: '(' }, at: mark })
      conditionTokens(cond.inner, out, field)
      out.push({ token: { type: ')' }, at: mark })
      return
    case 'not':
      out.push({ token: { type: 'not' }, at: mark }, { token: { type: '(' }, at: mark })
      conditionTokens(cond.inner, out, field)
      out.push({ token: { type: ')' }, at: mark })
      return
    case 'and':
    case 'or':
      conditionTokens(cond.left, out, field)
      out.push({ token: { type: cond.kind }, at: mark })
      conditionTokens(cond.right, out, field)
  }
}

function compares(cond: SqlCondition): Extract<SqlCondition, { kind: 'compare' }>[] {
  switch (cond.kind) {
    case 'compare':
      return [cond]
    case 'group':
    case 'not':
      return compares(cond.inner)
    default:
      return [...compares(cond.left), ...compares(cond.right)]
  }
}

/** A string for a number field or a number for a string field: the kernel would not take it. */
function checkValue(ctx: Context, c: Extract<SqlCondition, { kind: 'compare' }>, field: ResolvedField): void {
  const format = resolveField(field.scope.format, field.field)
  if (format === undefined) return
  const isString = (format.flags & FieldFlag.STRING) !== 0
  if (c.value.kind === 'string' && !isString)
    fail(
      ctx,
      'EINVAL',
      `'${c.field.text}' is a number (${format.cType}): compare it with a number, not a string`,
      c.value,
    )
  if (c.value.kind === 'number' && isString)
    fail(ctx, 'EINVAL', `'${c.field.text}' is a string: compare it with a double-quoted string`, c.value)
}

/** The conditions of WHERE, each checked to be about one event, as the side it filters and its tokens. */
function whereParts(
  ctx: Context,
  where: readonly SqlCondition[],
  from: SqlEventScope,
  to: SqlEventScope | undefined,
): { side: 'start' | 'end'; tokens: { token: FilterToken; at: SqlName }[] }[] {
  return where.map((cond) => {
    const all = compares(cond)
    const resolved = all.map((c) => resolve(ctx, c.field, from, to))
    const first = resolved[0]!
    resolved.forEach((r, i) => {
      checkValue(ctx, all[i]!, r)
      if (r.scope.format !== first.scope.format)
        fail(
          ctx,
          'EINVAL',
          `'${all[i]!.field.text}' is not of the event of '${all[0]!.field.text}': conditions joined by '||' or in parentheses must be about one event (join conditions of different events with '&&')`,
          all[i]!.field,
        )
    })
    const byName = new Map(all.map((c, i) => [c.field, resolved[i]!.field]))
    const tokens: { token: FilterToken; at: SqlName }[] = []
    conditionTokens(cond, tokens, (n) => byName.get(n)!)
    return { side: first.side, tokens }
  })
}

/** With JOIN: the synthetic event, built by the same calls as libtracefs' `tracefs_sql`. */
export function lowerSynth(ctx: Context, name: string, stmt: SqlStatement): SqlSynthResult {
  const join = stmt.join!
  let b = createSynth(name, ctx.schema)
  const [fs, fe] = splitEvent(stmt.from.name.text)
  const fromFormat = lookup(ctx, stmt.from)
  b = at(ctx, stmt.from.name, () => (fs === undefined ? b.start(fe) : b.start(fs, fe)))
  const [ts, te] = splitEvent(join.event.name.text)
  lookup(ctx, join.event)
  b = at(ctx, join.event.name, () => (ts === undefined ? b.end(te) : b.end(ts, te)))
  const end = b.definition.end!
  const toFormat =
    end.system === fromFormat.system && end.event === fromFormat.name
      ? fromFormat
      : ctx.schema.get(end.system, end.event)
  const from = scope(fromFormat, stmt.from, 'start')
  const to = scope(toFormat, join.event, 'end')

  for (const m of join.on) {
    const left = resolve(ctx, m.left, from, to)
    const right = resolve(ctx, m.right, from, to)
    let pair: [ResolvedField, ResolvedField] | undefined
    if (fromFormat === toFormat || (left.side === 'start' && right.side === 'end')) pair = [left, right]
    else if (left.side === 'end' && right.side === 'start') pair = [right, left]
    if (pair === undefined)
      fail(
        ctx,
        'EINVAL',
        `'${m.left.text}' and '${m.right.text}' must be one field of each event (${from.event} and ${to.event})`,
        left.side === 'start' ? m.right : m.left,
      )
    const [s, e] = pair
    b = at(ctx, m.left, () => b.match(s.field, e.field, null))
  }

  for (const sel of stmt.select) {
    if (sel.kind === 'calc') {
      const label = sel.as
      if (label === undefined)
        fail(ctx, 'EINVAL', "a calculation needs a name: add 'AS name'", { at: sel.at, text: sel.left.text })
      const l = resolve(ctx, sel.left, from, to)
      const r = resolve(ctx, sel.right, from, to)
      // libtracefs reads the right operand on the start event and the left one on the end event.
      b = at(ctx, sel.left, () => b.compare(r.field, l.field, sel.op === '+' ? 'add' : 'delta-end', label.text))
      continue
    }
    const f = resolve(ctx, sel.field, from, to)
    const label = sel.as?.text
    if (f.side === 'start') {
      if (sel.cast !== undefined) checkCast(ctx, f, sel.cast, sel.field)
      b = at(ctx, sel.field, () => b.startField(f.field, label))
    } else b = at(ctx, sel.field, () => b.endField(f.field, label))
  }

  const started = { start: false, end: false }
  for (const part of whereParts(ctx, stmt.where, from, to)) {
    const tokens = started[part.side]
      ? [
          { token: { type: 'and' } as FilterToken, at: part.tokens[0]!.at },
          { token: { type: '(' } as FilterToken, at: part.tokens[0]!.at },
          ...part.tokens,
          { token: { type: ')' } as FilterToken, at: part.tokens[0]!.at },
        ]
      : part.tokens
    started[part.side] = true
    for (const { token, at: where } of tokens) {
      const t = token
      b = at(ctx, where, () =>
        t.type === 'compare'
          ? part.side === 'start'
            ? b.appendStartFilter('compare', t.field, t.op, t.value)
            : b.appendEndFilter('compare', t.field, t.op, t.value)
          : part.side === 'start'
            ? b.appendStartFilter(t.type)
            : b.appendEndFilter(t.type),
      )
    }
  }
  const synth = b
  return Object.freeze({
    kind: 'synth',
    synth,
    definition: synth.definition,
    echoCmd: (options?: EchoOptions) => synth.echoCmd(options),
  })
}

/** Without JOIN: the hist of the FROM event (`tracefs_synth_get_start_hist` of a hist-only `tracefs_sql`). */
export function lowerHist(ctx: Context, stmt: SqlStatement): SqlHistResult {
  const format = lookup(ctx, stmt.from)
  const from = scope(format, stmt.from, 'start')
  const where = `${format.system}.${format.name}`
  const keys: HistFieldRef[] = []
  const values: HistFieldRef[] = []
  for (const sel of stmt.select) {
    if (sel.kind === 'calc')
      fail(ctx, 'EINVAL', 'a statement without JOIN makes a hist, which cannot calculate: drop the + or -', {
        at: sel.at,
        text: sel.left.text,
      })
    const f = resolve(ctx, sel.field, from, undefined)
    const cast = sel.cast
    if (cast !== undefined) checkCast(ctx, f, cast, sel.field)
    const field = f.field
    if (field === 'COMM' || field === 'comm')
      if (findField(format, field) === undefined)
        fail(ctx, 'EINVAL', 'a hist has no COMM key: use CAST(common_pid AS EXECNAME)', sel.field)
    const source = resolveField(format, field)!
    // libtracefs declares a synthetic field for every selection, even here: a field without a synthetic type fails (EBADF).
    at(ctx, sel.field, () => syntheticType(source, 'x', where, ctx.schema.longSize))
    if (cast?.type === 'counter') {
      if (source.value !== 'number' && source.value !== 'bigint')
        fail(ctx, 'EINVAL', `'${field}' is not a number: only numbers can be counted`, sel.field)
      values.push(ref(field, field, undefined, 0, source))
      continue
    }
    if (field === STACKTRACE) {
      const stack = ctx.schema.capabilities.stacktraceName ?? 'common_stacktrace'
      keys.push(ref(stack, stack, undefined, 0, source))
    } else if (field === TIMESTAMP_USECS) keys.push(ref(field, TIMESTAMP, 'usecs', 0, source))
    else if (cast === undefined) keys.push(ref(field, field, undefined, 0, source))
    else {
      const spec = cast.type === 'buckets' ? `${field}.buckets=${cast.buckets}` : `${field}.${cast.type}`
      keys.push(ref(spec, field, cast.type, cast.buckets, source))
    }
  }
  if (keys.length === 0)
    fail(ctx, 'EINVAL', 'a hist needs a key: not every selection can be a _COUNTER_', {
      at: stmt.select[0]!.at,
      text: 'SELECT',
    })
  if (keys.length > 3)
    fail(ctx, 'EINVAL', `a hist takes at most three keys (got ${keys.length}): cast some to _COUNTER_`, {
      at: stmt.select[0]!.at,
      text: 'SELECT',
    })
  if (values.length > 2)
    fail(ctx, 'EINVAL', `a hist sums at most two values besides hitcount (got ${values.length})`, {
      at: stmt.select[0]!.at,
      text: 'SELECT',
    })
  let filter: FilterState = EMPTY_FILTER
  for (const [i, part] of whereParts(ctx, stmt.where, from, undefined).entries()) {
    const tokens: { token: FilterToken; at: SqlName }[] =
      i === 0
        ? part.tokens
        : [
            { token: { type: 'and' }, at: part.tokens[0]!.at },
            { token: { type: '(' }, at: part.tokens[0]!.at },
            ...part.tokens,
            { token: { type: ')' }, at: part.tokens[0]!.at },
          ]
    for (const { token, at: name } of tokens) filter = at(ctx, name, () => appendFilterToken(filter, format, token))
  }
  const definition = histDefinition({
    system: format.system,
    event: format.name,
    keys,
    values,
    sort: [],
    size: undefined,
    name: undefined,
    filter,
  })
  return Object.freeze({
    kind: 'hist',
    definition,
    echoCmd: (options?: EchoOptions) => histEchoCmd(definition, 'start', options),
  })
}

function ref(
  spec: string,
  name: string,
  modifier: string | undefined,
  buckets: number,
  source: FieldFormat,
): HistFieldRef {
  return { spec, name, modifier, buckets, value: source.value, signed: source.signed, size: source.size }
}
