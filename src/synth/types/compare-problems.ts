import type { Has, HasField } from './checked.js'
import type { EventRef, FieldOf } from './events.js'
import type { IsNumericField } from './field-rules.js'
import type { MatchProblem } from './match-problems.js'
import type { EventLabel, UnknownFieldMessage } from './messages.js'

/** What is wrong with the start field of `.compare()`, or never: it must be a number or timestamp, not a string or array. */
export type CompareStartProblem<S extends EventRef, SF extends string> = string extends SF
  ? never
  : HasField<S, SF> extends true
    ? NumericProblem<S, SF>
    : UnknownFieldMessage<S, SF>

/** `Then` when the field can be calculated with, else why not. */
type NumericProblem<S extends EventRef, F extends string, Then = never> = IsNumericField<FieldOf<S, F>> extends true
  ? Then
  : `${EventLabel<S>}.${F} is ${FieldOf<S, F>['cType']}: only numbers and timestamps can be compared or calculated`

/** What is wrong with the field of `.delta()`, or never: present on both events, numeric, compatible. */
export type DeltaProblem<S extends EventRef, E extends EventRef, Out, F extends string, As extends string> = string extends F
  ? never
  : HasField<S, F> extends true
    ? HasField<E, F> extends true
      ? Has<Out, As> extends true
        ? (string extends As ? never : `'${As}' is already a field of this synthetic event; name this one with the second argument`)
        : NumericProblem<S, F, MatchProblem<S, E, F, F>>
      : UnknownFieldMessage<E, F>
    : UnknownFieldMessage<S, F>
