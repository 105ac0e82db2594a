import type { FilterOp, FilterToken } from '../filter/tokens.js'
import { TypedFtraceError } from '../errors.js'
import { globMatch } from './glob.js'
import { parseCInteger } from '../schema/c-integer.js'

/** A value a record gives for a field. */
export type FieldValue = number | bigint | string | Uint8Array | readonly (number | bigint)[] | undefined

/** A compiled filter: true when a record passes. */
export type RecordFilter = (get: (field: string) => FieldValue) => boolean

type Node =
  | { readonly kind: 'cmp'; readonly field: string; readonly op: FilterOp; readonly value: string }
  | { readonly kind: 'not'; readonly operand: Node }
  | { readonly kind: 'and' | 'or'; readonly left: Node; readonly right: Node }

/**
 * Compiles a filter given as libtracefs tokens to a predicate with the
 * kernel's semantics: `&&` binds tighter than `||`, `!` applies to the next
 * term, open parentheses are closed at the end; numbers compare as numbers
 * (the constant read as C reads it: decimal, `0x` hex, leading-0 octal), `&`
 * is true when any bit is set, strings compare as text up to the first NUL and
 * `~` is a glob.
 */
export function compileFilter(tokens: readonly FilterToken[]): RecordFilter {
  if (tokens.length === 0) return () => true
  let i = 0
  const peek = () => tokens[i]
  const parseOr = (): Node => {
    let left = parseAnd()
    while (peek()?.type === 'or') {
      i++
      left = { kind: 'or', left, right: parseAnd() }
    }
    return left
  }
  const parseAnd = (): Node => {
    let left = parseUnary()
    while (peek()?.type === 'and') {
      i++
      left = { kind: 'and', left, right: parseUnary() }
    }
    return left
  }
  const parseUnary = (): Node => {
    const token = tokens[i++]
    if (!token) throw new TypedFtraceError('EINVAL', 'filter ends where a comparison was expected')
    if (token.type === 'not') return { kind: 'not', operand: parseUnary() }
    if (token.type === '(') {
      const inner = parseOr()
      if (peek()?.type === ')') i++
      return inner
    }
    if (token.type === 'compare') return { kind: 'cmp', field: token.field, op: token.op, value: token.value }
    throw new TypedFtraceError('EINVAL', `unexpected '${token.type}' in a filter`)
  }
  const root = parseOr()
  const evaluate = (node: Node, get: (field: string) => FieldValue): boolean => {
    switch (node.kind) {
      case 'cmp':
        return comparePredicate(get(node.field), node.op, node.value)
      case 'not':
        return !evaluate(node.operand, get)
      case 'and':
        return evaluate(node.left, get) && evaluate(node.right, get)
      case 'or':
        return evaluate(node.left, get) || evaluate(node.right, get)
    }
  }
  return (get) => evaluate(root, get)
}

/** One predicate: the field's value against the constant as the kernel reads it. */
export function comparePredicate(actual: FieldValue, op: FilterOp, constant: string): boolean {
  if (typeof actual === 'string' || actual instanceof Uint8Array) {
    const text = typeof actual === 'string' ? actual : new TextDecoder().decode(actual)
    const value = unquote(constant)
    const s = text.includes('\0') ? text.slice(0, text.indexOf('\0')) : text
    if (op === '~') return globMatch(value, s)
    if (op === '==') return value.includes('*') || value.includes('?') ? globMatch(value, s) : s === value
    if (op === '!=') return !(value.includes('*') || value.includes('?') ? globMatch(value, s) : s === value)
    return false
  }
  if (actual === undefined || typeof actual === 'object') return false
  const a = BigInt(actual)
  const b = parseFilterInteger(constant)
  switch (op) {
    case '==':
      return a === b
    case '!=':
      return a !== b
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '&':
      return (a & b) !== 0n
    case '~':
      return false
  }
}

function unquote(value: string): string {
  const t = value.trim()
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0])
    return t.slice(1, -1).replace(/\\(.)/g, '$1')
  return t
}

/** A C integer constant, unquoted first: `-12`, `0x1f`, `017`, `'17'`; EINVAL for anything else. */
export function parseFilterInteger(text: string): bigint {
  return parseCInteger(unquote(text), text)
}
