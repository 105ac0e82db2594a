import { match, P } from 'ts-pattern'

/** Comparison operators of a filter predicate: `~` is a glob on strings, `&` a bit test on integers. */
export type FilterOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '&'

/** The filter tokens that take no field: conjunctions, negation and parentheses. */
export type FilterConnective = 'and' | 'or' | 'not' | '(' | ')'

/** libtracefs' filter token kinds (`TRACEFS_FILTER_*`): a comparison, `&&`, `||`, `!`, `(`, `)`. */
export type FilterTokenType = 'compare' | FilterConnective

/** One step of a filter in libtracefs' token form. */
export type FilterToken =
  | { readonly type: 'compare'; readonly field: string; readonly op: FilterOp; readonly value: string }
  | { readonly type: FilterConnective }

export const FILTER_OPS: readonly FilterOp[] = ['==', '!=', '>', '>=', '<', '<=', '~', '&']
export const FILTER_TOKEN_TYPES: readonly FilterTokenType[] = ['compare', 'and', 'or', 'not', '(', ')']

export function isFilterOp(value: unknown): value is FilterOp {
  return typeof value === 'string' && (FILTER_OPS as readonly string[]).includes(value)
}

export function isFilterTokenType(value: unknown): value is FilterTokenType {
  return typeof value === 'string' && (FILTER_TOKEN_TYPES as readonly string[]).includes(value)
}

/** How a token reads in messages: `'&&'`, `'('`, `'prio < 100'`. */
export function describeToken(token: FilterToken): string {
  return match(token)
    .with({ type: 'compare' }, (t) => `'${t.field} ${t.op} ${t.value}'`)
    .with({ type: 'and' }, () => "'&&'")
    .with({ type: 'or' }, () => "'||'")
    .with({ type: 'not' }, () => "'!'")
    .with({ type: P.union('(', ')') }, (t) => `'${t.type}'`)
    .exhaustive()
}
