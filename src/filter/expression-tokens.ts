import { FieldFlag } from '../schema/field-flags.js'
import type { EventFormat } from '../schema/format-types.js'
import { suggest } from '../schema/schema.js'
import type { FilterNode, FilterValue } from './expression.js'
import { FilterError } from './filter-error.js'
import { appendFilterToken } from './filter-state.js'
import type { FilterState } from './filter-state.js'
import { fieldNames, resolveField } from './special-fields.js'
import type { FilterToken } from './tokens.js'

/**
 * The tokens of a typed expression over `event`: comparisons with their
 * values rendered (strings in double quotes, integers in decimal), `!(...)`
 * for negations, and parentheses around an operand of the other
 * conjunction.
 */
export function expressionTokens(node: FilterNode, event: EventFormat): FilterToken[] {
  switch (node.kind) {
    case 'compare':
      return [{ type: 'compare', field: node.field, op: node.op, value: renderValue(event, node.field, node.value) }]
    case 'not':
      return [{ type: 'not' }, { type: '(' }, ...expressionTokens(node.operand, event), { type: ')' }]
    case 'and':
    case 'or': {
      const out: FilterToken[] = []
      node.operands.forEach((operand, i) => {
        if (i > 0) out.push({ type: node.kind })
        const inner = expressionTokens(operand, event)
        if (operand.kind === 'and' || operand.kind === 'or') out.push({ type: '(' }, ...inner, { type: ')' })
        else out.push(...inner)
      })
      return out
    }
  }
}

/**
 * Adds a typed expression to a filter. On an empty filter, or after a
 * dangling `&&`, `||`, `!` or `(` of the token form, the expression's tokens
 * follow directly (in parentheses after `!` when it is not one comparison);
 * after a finished filter it is joined as `&&(...)`.
 */
export function appendExpression(filter: FilterState, event: EventFormat, node: FilterNode): FilterState {
  let tokens = expressionTokens(node, event)
  const compound = node.kind === 'and' || node.kind === 'or'
  if (filter.state === 'compare' || filter.state === 'close-paren')
    tokens = [{ type: 'and' }, { type: '(' }, ...tokens, { type: ')' }]
  else if (filter.state === 'not' && compound) tokens = [{ type: '(' }, ...tokens, { type: ')' }]
  return tokens.reduce((state, token) => appendFilterToken(state, event, token), filter)
}

/** A value as filter text, checked against the field's kind. */
function renderValue(event: EventFormat, fieldName: string, value: FilterValue): string {
  const where = `${event.system}/${event.name}`
  const field = resolveField(event, fieldName)
  if (!field)
    throw new FilterError('ENODEV', `field '${fieldName}' is not in ${where}${suggest(fieldName, fieldNames(event))}`)
  const isString = (field.flags & FieldFlag.STRING) !== 0
  if (isString) {
    if (typeof value !== 'string')
      throw new FilterError(
        'EINVAL',
        `filter of ${where}: '${fieldName}' is a string field; compare it with a string, not ${typeof value}`,
      )
    const bad = /["\\'\u0000-\u001f\u007f]/.exec(value)
    if (bad) {
      const what =
        bad[0] === '"'
          ? 'a double quote'
          : bad[0] === '\\'
            ? 'a backslash'
            : bad[0] === "'"
              ? 'a single quote'
              : `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
      throw new FilterError(
        'EINVAL',
        `filter of ${where}: the string for '${fieldName}' holds ${what}, which a kernel filter string cannot carry`,
      )
    }
    return `"${value}"`
  }
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value).toString()
  throw new FilterError(
    'EINVAL',
    `filter of ${where}: '${fieldName}' is ${field.cType}; compare it with an integer, not ${typeof value === 'number' ? String(value) : typeof value}`,
  )
}
