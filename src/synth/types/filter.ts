import type { FilterExpr } from '../../filter/expression.js'
import type { Field } from '../../schema/field-types.js'
import type { EventRef, FieldName, FieldOf } from './events.js'
import type { IsStringField } from './field-rules.js'
import type { ValidateField } from './checked.js'
import type { OpsFor, ValidateOp } from './operator-problems.js'

/** A value to compare a field with: strings for string fields, numbers for the rest. */
export type FilterValueOf<F> = F extends Field ? (IsStringField<F> extends true ? string : number | bigint) : never

type OpMethod<E extends EventRef, Op extends string> = <const F extends string>(
  field: ValidateOpField<E, F, Op>,
  value: FilterValueOf<FieldOf<E, F>>,
) => FilterExpr

/** The field parameter also carries the operator check, so `glob` on an int names the problem. */
type ValidateOpField<E extends EventRef, F extends string, Op extends string> = '' extends F
  ? OpFields<E, Op>
  : ValidateField<E, F> extends F
    ? ValidateOp<E, F, Op> extends Op
      ? F
      : ValidateOp<E, F, Op>
    : ValidateField<E, F>

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
