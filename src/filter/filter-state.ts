import { FieldFlag } from '../schema/field-flags.js'
import type { EventFormat } from '../schema/format-types.js'
import { suggest } from '../schema/schema.js'
import { FilterError } from './filter-error.js'
import { unsafeCharacter } from './safe-text.js'
import { nameProblem } from '../schema/name-rule.js'
import { fieldNames, isSpecialField, resolveField } from './special-fields.js'
import { describeToken, isFilterOp } from './tokens.js'
import type { FilterOp, FilterToken } from './tokens.js'

/** Where libtracefs' filter state machine stands: after nothing, a comparison, `!`, `&&`/`||`, `(` or `)`. */
export type FilterMachineState = 'start' | 'compare' | 'not' | 'conjunction' | 'open-paren' | 'close-paren'

/** A filter being built: its text so far, the machine state, the parentheses still open and the tokens. */
export interface FilterState {
  /** The text libtracefs would hold (`prio < 100&&(`), without the closing parentheses added at the end. */
  readonly text: string
  readonly state: FilterMachineState
  readonly openParens: number
  readonly tokens: readonly FilterToken[]
}

/** No filter. */
export const EMPTY_FILTER: FilterState = Object.freeze({
  text: '',
  state: 'start',
  openParens: 0,
  tokens: Object.freeze([]),
})

/** Where each token may come: libtracefs' transition table. */
const ALLOWED: Readonly<Record<FilterToken['type'], readonly FilterMachineState[]>> = {
  compare: ['start', 'open-paren', 'conjunction', 'not'],
  and: ['compare', 'close-paren'],
  or: ['compare', 'close-paren'],
  not: ['start', 'open-paren', 'conjunction', 'not'],
  '(': ['start', 'open-paren', 'not', 'conjunction'],
  ')': ['compare', 'close-paren'],
}

const STATE_WORDS: Readonly<Record<FilterMachineState, string>> = {
  start: 'the start of the filter',
  compare: 'a comparison',
  not: "'!'",
  conjunction: "'&&' or '||'",
  'open-paren': "'('",
  'close-paren': "')'",
}

/** Operator text as libtracefs writes it: spaces around all but `~`. */
const OP_TEXT: Readonly<Record<FilterOp, string>> = {
  '==': ' == ',
  '!=': ' != ',
  '>': ' > ',
  '>=': ' >= ',
  '<': ' < ',
  '<=': ' <= ',
  '~': '~',
  '&': ' & ',
}

/**
 * Appends one token to a filter of `event`, with libtracefs'
 * `trace_append_filter` rules: the transition must be allowed from the
 * current state (EINVAL), `)` needs an open `(` (EINVAL); a comparison needs
 * a field and a value (EINVAL), a known field (ENODEV), no non-string array
 * (EINVAL), `~` only on strings and `> >= < <= &` only on non-strings
 * (EINVAL). The value is taken verbatim, as libtracefs takes it, but may not
 * hold a single quote, a newline or another control character (EINVAL).
 * Returns the new state; the given one is left as it was.
 */
export function appendFilterToken(filter: FilterState, event: EventFormat, token: FilterToken): FilterState {
  const where = `${event.system}/${event.name}`
  const allowed = ALLOWED[token.type]
  if (allowed === undefined) throw new FilterError('EINVAL', `unknown filter token type '${String(token.type)}'`)
  if (!allowed.includes(filter.state)) {
    throw new FilterError(
      'EINVAL',
      `filter of ${where}: ${describeToken(token)} cannot follow ${STATE_WORDS[filter.state]}${filter.text ? ` (after '${filter.text}')` : ''}`,
    )
  }
  const tokens = Object.freeze([...filter.tokens, Object.freeze({ ...token })])
  switch (token.type) {
    case 'and':
    case 'or':
      return Object.freeze({
        text: filter.text + (token.type === 'and' ? '&&' : '||'),
        state: 'conjunction',
        openParens: filter.openParens,
        tokens,
      })
    case 'not':
      return Object.freeze({ text: `${filter.text}!`, state: 'not', openParens: filter.openParens, tokens })
    case '(':
      return Object.freeze({ text: `${filter.text}(`, state: 'open-paren', openParens: filter.openParens + 1, tokens })
    case ')':
      if (filter.openParens === 0) throw new FilterError('EINVAL', `filter of ${where}: ')' without an open '('`)
      return Object.freeze({ text: `${filter.text})`, state: 'close-paren', openParens: filter.openParens - 1, tokens })
    case 'compare':
      return Object.freeze({
        text: filter.text + compareText(event, token),
        state: 'compare',
        openParens: filter.openParens,
        tokens,
      })
  }
}

function compareText(event: EventFormat, token: Extract<FilterToken, { type: 'compare' }>): string {
  const where = `${event.system}/${event.name}`
  if (typeof token.field !== 'string' || token.field === '')
    throw new FilterError('EINVAL', `filter of ${where}: a comparison needs a field`)
  if (typeof token.value !== 'string')
    throw new FilterError('EINVAL', `filter of ${where}: a comparison of '${token.field}' needs a value`)
  const field = resolveField(event, token.field)
  const badName =
    field && field.name === token.field && !isSpecialField(token.field)
      ? nameProblem(token.field, `field of ${where}`)
      : undefined
  if (badName !== undefined) throw new FilterError('EINVAL', `filter of ${where}: ${badName}`)
  if (!field)
    throw new FilterError(
      'ENODEV',
      `field '${token.field}' is not in ${where}${suggest(token.field, fieldNames(event))}`,
    )
  const isString = (field.flags & FieldFlag.STRING) !== 0
  if (!isString && (field.flags & FieldFlag.ARRAY) !== 0) {
    throw new FilterError(
      'EINVAL',
      `filter of ${where}: field '${token.field}' is an array (${field.cType}) and cannot be compared`,
    )
  }
  if (!isFilterOp(token.op))
    throw new FilterError('EINVAL', `filter of ${where}: unknown operator '${String(token.op)}'`)
  if (token.op === '~' && !isString) {
    throw new FilterError('EINVAL', `filter of ${where}: '~' needs a string field; '${token.field}' is ${field.cType}`)
  }
  if (isString && token.op !== '==' && token.op !== '!=' && token.op !== '~') {
    throw new FilterError(
      'EINVAL',
      `filter of ${where}: '${token.op}' cannot compare the string field '${token.field}' (use ==, != or ~)`,
    )
  }
  const bad = unsafeCharacter(token.value)
  if (bad) throw new FilterError('EINVAL', `filter of ${where}: the value for '${token.field}' holds ${bad}`)
  return token.field + OP_TEXT[token.op] + token.value
}

/** Can the filter be used as it is (libtracefs' create check, EBADE otherwise): empty, or after a comparison or `)`. */
export function filterFinished(filter: FilterState): boolean {
  return filter.state === 'start' || filter.state === 'compare' || filter.state === 'close-paren'
}

/** The filter text as written to tracefs: the parentheses left open are closed. Empty when there is no filter. */
export function filterText(filter: FilterState): string {
  return filter.text + ')'.repeat(filter.openParens)
}
