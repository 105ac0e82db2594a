import type { HandlerVariableProblem } from '../../compile/kernel-rules/handler-variable.js'
import type { Field } from '../../schema/field-types.js'
import type { Has } from './checked.js'
import type { IsNumericField } from './field-rules.js'
import type { JoinNames } from './messages.js'

/** What is wrong with the variable of `.onMax()`/`.onChange()`, or never: a numeric field of the synthetic event (`lat` or `$lat`). */
export type HandlerVarProblem<Out, V extends string> = string extends V
  ? never
  : Has<Out, V> extends true
    ? IsNumericField<Out[V & keyof Out] & Field> extends true
      ? never
      : HandlerVariableProblem<V, (Out[V & keyof Out] & Field)['cType']>
    : V extends `$${infer Name}` // the variable as the trigger names it
      ? HandlerVarProblem<Out, Name>
      : [keyof Out] extends [never]
        ? `'${V}' is not a field of this synthetic event, which has none yet`
        : `'${V}' is not a field of this synthetic event; onmax/onchange need one of: ${JoinNames<NumericOutputs<Out>>}`

/** The numeric fields of the synthetic event: what `.onMax()`/`.onChange()` completions offer. */
export type NumericOutputs<Out> = { [K in keyof Out]: Out[K] extends Field ? (IsNumericField<Out[K]> extends true ? K : never) : never }[keyof Out] & string
