import type { FilterExpr } from '../../filter/expression.js'
import type { Field } from '../../schema/field-types.js'
import type { EventRef, FieldOf, SpecialFields } from './events.js'
import type { IsKernelString } from './field-rules.js'
import type { Checked, HasField } from './checked.js'
import type { UnknownFieldMessage } from './messages.js'
import type { OpProblem, OpsFor } from './operator-problems.js'

/** A value to compare a field with: strings for string fields, numbers for the rest. */
export type FilterValueOf<F> = F extends Field
  ? string extends F['flags']
    ? string | number | bigint // a field of an untyped schema
    : IsKernelString<F> extends true
      ? string
      : number | bigint
  : never

/**
 * The field parameter also carries the operator check, so `glob` on an int
 * names the problem. Written in the builder's shape (see `checked.ts`): the
 * completions, the argument itself, or the problem, computed only for a typed
 * argument.
 */
type OpMethod<E extends EventRef, Op extends string> = <const F extends string>(
  field: '' extends F ? OpFields<E, Op> : Checked<F, NoInfer<OpFieldProblem<E, F, Op>>>,
  value: FilterValueOf<FieldOf<E, F>>,
) => FilterExpr

/** What is wrong with the field of an operator: the field's problem, else the operator's, or never. */
type OpFieldProblem<E extends EventRef, F extends string, Op extends string> = string extends F
  ? never
  : HasField<E, F> extends true
    ? OpProblem<E, F, Op>
    : UnknownFieldMessage<E, F>

/** Fields an operator can be used on: what completions offer. */
type OpFields<E extends EventRef, Op extends string> = OpFieldsIn<E['fields'], Op> | OpFieldsIn<SpecialFields, Op>

/** One conditional per field of a field map (the special fields' answer is shared by every event). */
type OpFieldsIn<Fields, Op extends string> = {
  [F in keyof Fields]: Fields[F] extends Field ? (Op extends OpsFor<Fields[F]> ? F : never) : never
}[keyof Fields] &
  string

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
