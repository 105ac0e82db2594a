import { resolveField } from '../filter/special-fields.js'
import type { FilterToken } from '../filter/tokens.js'
import { FieldFlag } from '../schema/field-flags.js'
import type { SqlCondition, SqlName } from './ast.js'
import { fail, resolve } from './context.js'
import type { Context } from './context.js'
import type { ResolvedField, SqlEventScope } from './resolve.js'

/** A filter token of a condition, with the name it is about (for the position of errors). */
export interface PlacedToken {
  readonly token: FilterToken
  readonly at: SqlName
}

/**
 * Another condition on the same event: libtracefs appends it as `&&(` ... `)`.
 */
export function andGroup(tokens: readonly PlacedToken[]): PlacedToken[] {
  const at = tokens[0]!.at
  return [{ token: { type: 'and' }, at }, { token: { type: '(' }, at }, ...tokens, { token: { type: ')' }, at }]
}

/** The filter tokens of a WHERE condition, as libtracefs appends them. */
function conditionTokens(cond: SqlCondition, out: PlacedToken[], field: (n: SqlName) => string): void {
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
export function whereParts(
  ctx: Context,
  where: readonly SqlCondition[],
  from: SqlEventScope,
  to: SqlEventScope | undefined,
): { side: 'start' | 'end'; tokens: PlacedToken[] }[] {
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
    const tokens: PlacedToken[] = []
    conditionTokens(cond, tokens, (n) => byName.get(n)!)
    return { side: first.side, tokens }
  })
}
