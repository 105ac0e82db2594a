import type { FilterOp } from '../../filter/tokens.js'
import type { Field } from '../../schema/field-types.js'
import type { Checked, Has, HasField } from './checked.js'
import type { EventRef, FieldOf } from './events.js'
import type { Describe, IsKernelString, IsNumericField } from './field-rules.js'
import type { EventLabel, JoinNames } from './messages.js'

/** An operator allowed for the field (the filter factory's form): `~` on strings only; ordering and `&` on non-strings only; no arrays but strings. */
export type ValidateOp<E extends EventRef, F extends string, Op extends string> = HasField<E, F> extends true
  ? '' extends Op
    ? OpsFor<FieldOf<E, F>>
    : Checked<Op, OpProblem<E, F, Op>>
  : Op

/** The operators of a `compare` token on field `F` of `E`: what completions offer (any, when `F` is not a field). */
export type OpsOf<E extends EventRef, F extends string> = HasField<E, F> extends true ? OpsFor<FieldOf<E, F>> : string

/** What is wrong with the operator of a `compare` token, or never (a wrong field is the field's problem). */
export type OpProblem<E extends EventRef, F extends string, Op extends string> = string extends Op
  ? never
  : HasField<E, F> extends true
    ? Has<{ [O in OpsFor<FieldOf<E, F>>]: 0 }, Op> extends true
      ? never
      : Has<{ [O in FilterOp]: 0 }, Op> extends true
        ? [OpsFor<FieldOf<E, F>>] extends [never]
          ? `'${Op}' cannot be used on ${EventLabel<E>}.${F} (${Describe<FieldOf<E, F>>}): the kernel's filters compare no arrays but char strings`
          : `'${Op}' cannot be used on ${EventLabel<E>}.${F} (${Describe<FieldOf<E, F>>}); it takes ${JoinNames<OpsFor<FieldOf<E, F>>>}`
        : `unknown operator '${Op}'; use one of ==, !=, >, >=, <, <=, ~, &`
    : never

/** What libtracefs accepts on a field: strings take == != ~; other arrays nothing; numbers all but ~. */
export type OpsFor<F extends Field> = string extends F['flags']
  ? FilterOp // a field of an untyped schema: checked at run time
  : IsKernelString<F> extends true
    ? '==' | '!=' | '~'
    : IsNumericField<F> extends true
      ? '==' | '!=' | '>' | '>=' | '<' | '<=' | '&'
      : never
