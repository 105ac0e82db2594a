import type { FilterExpr } from '../../filter/expression.js'
import type { Field } from '../../schema/field-types.js'
import type { EventRef, FieldName, FieldOf } from './events.js'
import type { IsStringField } from './field-rules.js'
import type { Checked, HasField } from './checked.js'
import type { UnknownFieldMessage } from './messages.js'
import type { OpProblem, OpsFor } from './operator-problems.js'

/** A value to compare a field with: strings for string fields, numbers for the rest. */
export type FilterValueOf<F> = F extends Field ? (IsStringField<F> extends true ? string : number | bigint) : never

/**
 * The field parameter also carries the operator check, so `glob` on an int
 * names the problem (written inline, in the shape `checked.ts` describes).
 */
type OpMethod<E extends EventRef, Op extends string> = <const F extends string>(
  field: '' extends F ? NoInfer<OpFields<E, Op>> : Checked<F, NoInfer<OpFieldProblem<E, F, Op>>>,
  value: FilterValueOf<FieldOf<E, F>>,
) => FilterExpr

/** What is wrong with the field of a filter method, or never: a field of `E` the operator can be used on. */
type OpFieldProblem<E extends EventRef, F extends string, Op extends string> = string extends F
  ? never
  : HasField<E, F> extends true
    ? OpProblem<E, F, Op>
    : UnknownFieldMessage<E, F>

/** Fields an operator can be used on: what completions offer. */
type OpFields<E extends EventRef, Op extends string> = { [F in FieldName<E>]: Op extends OpsFor<FieldOf<E, F>> ? F : never }[FieldName<E>]

/**
 * Builds the filter of one side of a synthetic event, typed by that side's
 * event: `f => f.lt('prio', 100).and(f.glob('comm', 'bash*'))` renders
 * `prio < 100&&comm~"bash*"`, exactly as libtracefs' tokens would.
 */
export interface EventFilterFactory<E extends EventRef> {
  /** `field == value` */
  eq: OpMethod<E, '=='>
  /** `field != value` */
  ne: OpMethod<E, '!='>
  /** `field < value` (not on strings) */
  lt: OpMethod<E, '<'>
  /** `field <= value` (not on strings) */
  le: OpMethod<E, '<='>
  /** `field > value` (not on strings) */
  gt: OpMethod<E, '>'>
  /** `field >= value` (not on strings) */
  ge: OpMethod<E, '>='>
  /** `field~"pattern"`: a glob (`*`, `?`, `[...]`) on a string field */
  glob: OpMethod<E, '~'>
  /** `field & value`: true when any of the bits is set (integers only) */
  mask: OpMethod<E, '&'>
  /** `!(expr)` */
  not(expr: FilterExpr): FilterExpr
}
