import { TypedFtraceError } from '../errors.js'
import type { FilterOp, FilterToken } from './tokens.js'

const TOKEN =
  /\s*(?:(&&|\|\||[()!])|([A-Za-z_][\w.]*)\s*(==|!=|>=|<=|>|<|~|&)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s()&|]+))/y

/**
 * Splits a filter written as the kernel reads it (`prio < 100 && comm ~ "s*"`)
 * into libtracefs' token form, which {@link compileFilter} evaluates.
 */
export function filterTokens(text: string): FilterToken[] {
  const tokens: FilterToken[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < text.length) {
    const rest = text.slice(TOKEN.lastIndex)
    const at = TOKEN.lastIndex + /^\s*/.exec(rest)![0].length
    if (at === text.length) break
    const m = TOKEN.exec(text)
    if (!m) throw new TypedFtraceError('EINVAL', `cannot read the filter at ${at}: '${text.slice(at)}'`)
    if (m[1] !== undefined)
      tokens.push({ type: m[1] === '&&' ? 'and' : m[1] === '||' ? 'or' : m[1] === '!' ? 'not' : (m[1] as '(' | ')') })
    else tokens.push({ type: 'compare', field: m[2]!, op: m[3] as FilterOp, value: m[4]! })
  }
  return tokens
}
