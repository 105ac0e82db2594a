import type { FilterOp } from './tokens.js'

/** A value to compare with: strings for string fields, integers (number or bigint) for the rest. */
export type FilterValue = string | number | bigint

/** The plain tree of a typed filter expression. */
export type FilterNode =
  | { readonly kind: 'compare'; readonly field: string; readonly op: FilterOp; readonly value: FilterValue }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly operand: FilterNode }

/**
 * A filter expression made with a {@link FilterFactory}. Immutable:
 * `.and()`/`.or()` return new expressions. Chains of one operator stay flat
 * (`a&&b&&c`); an operand of the other operator is put in parentheses.
 *
 * @example
 * import { synth } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const lat = synth('wakeup_lat')
 *   .start('sched', 'sched_waking')
 *   .end('sched', 'sched_switch')
 *   .match('pid', 'next_pid')
 *   .startFilter((f) => f.lt('prio', 100).and(f.glob('comm', 'bash*').or(f.eq('pid', 1))))
 * // the start filter: prio < 100&&(comm~"bash*"||pid == 1)
 */
export class FilterExpr {
  readonly node: FilterNode

  constructor(node: FilterNode) {
    this.node = node
    Object.freeze(this)
  }

  /** Both this and `other` hold: `this&&other`. */
  and(other: FilterExpr): FilterExpr {
    return new FilterExpr(combine('and', this.node, toNode(other)))
  }

  /** This or `other` holds: `this||other`. */
  or(other: FilterExpr): FilterExpr {
    return new FilterExpr(combine('or', this.node, toNode(other)))
  }
}

function toNode(expr: unknown): FilterNode {
  if (expr instanceof FilterExpr) return expr.node
  throw new TypeError('a filter expression must be made with the filter factory (f.eq(...), f.lt(...), ...)')
}

function combine(kind: 'and' | 'or', a: FilterNode, b: FilterNode): FilterNode {
  const parts = (n: FilterNode) => (n.kind === kind ? n.operands : [n])
  return Object.freeze({ kind, operands: Object.freeze([...parts(a), ...parts(b)]) })
}

/** What `startFilter(f => ...)` and `endFilter(f => ...)` hand out. */
export interface FilterFactory {
  /** `field == value` */
  eq(field: string, value: FilterValue): FilterExpr
  /** `field != value` */
  ne(field: string, value: FilterValue): FilterExpr
  /** `field > value` (not on strings) */
  gt(field: string, value: FilterValue): FilterExpr
  /** `field >= value` (not on strings) */
  ge(field: string, value: FilterValue): FilterExpr
  /** `field < value` (not on strings) */
  lt(field: string, value: FilterValue): FilterExpr
  /** `field <= value` (not on strings) */
  le(field: string, value: FilterValue): FilterExpr
  /** `field~"pattern"`: a glob (`*`, `?`, `[...]`) on a string field */
  glob(field: string, pattern: string): FilterExpr
  /** `field & value`: any of the bits set (integers only) */
  mask(field: string, value: FilterValue): FilterExpr
  /** `!(expr)` */
  not(expr: FilterExpr): FilterExpr
}

const compare = (op: FilterOp) => (field: string, value: FilterValue) =>
  new FilterExpr(Object.freeze({ kind: 'compare', field, op, value }))

/** The factory of typed filter expressions. */
export const filterFactory: FilterFactory = Object.freeze({
  eq: compare('=='),
  ne: compare('!='),
  gt: compare('>'),
  ge: compare('>='),
  lt: compare('<'),
  le: compare('<='),
  glob: compare('~'),
  mask: compare('&'),
  not: (expr: FilterExpr) => new FilterExpr(Object.freeze({ kind: 'not', operand: toNode(expr) })),
})
