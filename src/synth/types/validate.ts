import type { Field } from '../../schema/field-types.js'
import type { EventRef, FieldName, FieldOf } from './events.js'
import type { Compatible, Describe, IsNumericField, IsStringField } from './field-rules.js'
import type { EventLabel, JoinNames, UnknownFieldMessage } from './messages.js'

/**
 * Each `Validate*` type is the type of one parameter: the argument itself when
 * it is valid, a readable message (a string literal the compiler prints)
 * when it is not, and the list of valid names when nothing is typed yet, which
 * is what editors offer as completions.
 */

/** First argument of `.start()`/`.end()`: a system (with an event after it) or an event name alone. */
export type ValidateEventArg<K, ES, A extends string, B extends string | undefined> = string extends A
  ? (keyof K & string) | (keyof ES & string)
  : [B] extends [string]
    ? A extends keyof K
      ? A
      : `unknown system '${A}'${SystemHint<K, A>}`
    : A extends keyof ES
      ? A
      : A extends keyof K
        ? `'${A}' is a system: name the event too, e.g. ('${A}', '${keyof K[A] & string}')`
        : `no event named '${A}' in any system`

type SystemHint<K, A extends string> = [Extract<keyof K, `${string}${A}${string}`>] extends [never] ? '' : `; try ${JoinNames<Extract<keyof K, `${string}${A}${string}`>>}`

/** Second argument of `.start()`/`.end()`: an event of system `A`. */
export type ValidateEventName<K, A extends string, B extends string | undefined> = [B] extends [string]
  ? string extends B
    ? A extends keyof K ? keyof K[A] & string : never
    : A extends keyof K
      ? B extends keyof K[A]
        ? B
        : `no event '${B}' in system '${A}'${EventHint<K[A], B>}`
      : never
  : A extends keyof K ? keyof K[A] & string : undefined

type EventHint<S, B extends string> = [Extract<keyof S, `${string}${B}${string}`>] extends [never] ? '' : `; try ${JoinNames<Extract<keyof S, `${string}${B}${string}`>>}`

/** A field of `E`. */
export type ValidateField<E extends EventRef, F extends string> = string extends F
  ? FieldName<E>
  : F extends FieldName<E>
    ? F
    : UnknownFieldMessage<E, F>

/** Start field of `.match()`: with no end field given it must exist, compatibly, on both sides. */
export type ValidateMatchStart<S extends EventRef, E extends EventRef, SF extends string, EF extends string | undefined> = string extends SF
  ? FieldName<S>
  : SF extends FieldName<S>
    ? [EF] extends [string]
      ? SF
      : SF extends FieldName<E>
        ? MatchCheck<S, E, SF, SF, SF>
        : `match('${SF}') needs '${SF}' on both sides, but ${EventLabel<E>} has no field '${SF}'; its fields: ${JoinNames<keyof E['fields']>}`
    : UnknownFieldMessage<S, SF>

/** End field of `.match()`: a field of the end event compatible with the start field. */
export type ValidateMatchEnd<S extends EventRef, E extends EventRef, SF extends string, EF extends string | undefined> = [EF] extends [string]
  ? string extends EF
    ? CompatibleFields<S, E, SF>
    : EF extends FieldName<E>
      ? MatchCheck<S, E, SF, EF, EF>
      : UnknownFieldMessage<E, EF>
  : CompatibleFields<S, E, SF>

type MatchCheck<S extends EventRef, E extends EventRef, SF, EF, Ok> = Compatible<FieldOf<S, SF>, FieldOf<E, EF>> extends true
  ? Ok
  : `${EventLabel<S>}.${SF & string} (${Describe<FieldOf<S, SF>>}) and ${EventLabel<E>}.${EF & string} (${Describe<FieldOf<E, EF>>}) cannot be matched: size and flags must be equal`

/** End fields compatible with the start field: what completions offer. */
export type CompatibleFields<S extends EventRef, E extends EventRef, SF> = {
  [F in FieldName<E>]: Compatible<FieldOf<S, SF>, FieldOf<E, F>> extends true ? F : never
}[FieldName<E>]

/** Start field of `.compare()`/`.delta()`: a number or timestamp, not a string or array. */
export type ValidateCompareStart<S extends EventRef, SF extends string> = string extends SF
  ? FieldName<S>
  : SF extends FieldName<S>
    ? NumericCheck<S, SF, SF>
    : UnknownFieldMessage<S, SF>

type NumericCheck<S extends EventRef, F, Ok> = IsNumericField<FieldOf<S, F>> extends true
  ? Ok
  : `${EventLabel<S>}.${F & string} is ${FieldOf<S, F>['cType']}: only numbers and timestamps can be compared or calculated`

/** End field of `.compare()`: compatible with the start field. */
export type ValidateCompareEnd<S extends EventRef, E extends EventRef, SF extends string, EF extends string> = string extends EF
  ? CompatibleFields<S, E, SF>
  : EF extends FieldName<E>
    ? MatchCheck<S, E, SF, EF, EF>
    : UnknownFieldMessage<E, EF>

/** The field of `.delta()`: present on both events, numeric. */
export type ValidateDelta<S extends EventRef, E extends EventRef, F extends string> = string extends F
  ? FieldName<S> & FieldName<E>
  : F extends FieldName<S>
    ? F extends FieldName<E>
      ? NumericCheck<S, F, MatchCheck<S, E, F, F, F>>
      : UnknownFieldMessage<E, F>
    : UnknownFieldMessage<S, F>

/** A new output field name: an identifier not used before in this synthetic event. */
export type ValidateNewName<Out, As extends string | undefined> = As extends string
  ? string extends As
    ? string
    : As extends keyof Out
      ? `'${As}' is already a field of this synthetic event; give this one another name`
      : As extends `${string}${'.' | '-' | ' ' | '$' | ','}${string}` | `${Digit}${string}` | ''
        ? `'${As}' is not a valid field name: use letters, digits and '_', not starting with a digit`
        : As
    : As

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'

/** `.startField(f)`/`.endField(f)` without a name: `f` itself becomes the output name. */
export type ValidateCopiedField<E extends EventRef, Out, F extends string, As extends string | undefined> = string extends F
  ? FieldName<E>
  : F extends FieldName<E>
    ? [As] extends [string]
      ? F
      : ValidateNewName<Out, F> extends F
        ? F
        : `${ValidateNewName<Out, F> & string} (name it with the second argument)`
    : UnknownFieldMessage<E, F>

/** The variable of `.onMax()`/`.onChange()`: a numeric field of the synthetic event. */
export type ValidateHandlerVar<Out, V extends string> = string extends V
  ? NumericOutputs<Out>
  : V extends keyof Out
    ? Out[V] extends Field
      ? IsNumericField<Out[V]> extends true
        ? V
        : `'${V}' is ${Out[V]['cType']}: onmax/onchange need a numeric variable`
      : V
    : [keyof Out] extends [never]
      ? `'${V}' is not a field of this synthetic event, which has none yet`
      : `'${V}' is not a field of this synthetic event; onmax/onchange need one of: ${JoinNames<NumericOutputs<Out>>}`

type NumericOutputs<Out> = { [K in keyof Out]: Out[K] extends Field ? (IsNumericField<Out[K]> extends true ? K : never) : never }[keyof Out] & string

/** Filter operators of libtracefs' COMPARE token. */
export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '&'

/** An operator allowed for the field: `~` on strings only; ordering and `&` on non-strings only; no arrays but strings. */
export type ValidateOp<E extends EventRef, F extends string, Op extends string> = F extends FieldName<E>
  ? string extends Op
    ? OpsFor<FieldOf<E, F>>
    : Op extends OpsFor<FieldOf<E, F>>
      ? Op
      : Op extends CompareOp
        ? `'${Op}' cannot be used on ${EventLabel<E>}.${F} (${Describe<FieldOf<E, F>>}); it takes ${JoinNames<OpsFor<FieldOf<E, F>>>}`
        : `unknown operator '${Op}'; use one of ==, !=, >, >=, <, <=, ~, &`
  : Op

/** What libtracefs accepts on a field: strings take == != ~; other arrays nothing; numbers all but ~. */
export type OpsFor<F extends Field> = IsStringField<F> extends true
  ? '==' | '!=' | '~'
  : IsNumericField<F> extends true
    ? '==' | '!=' | '>' | '>=' | '<' | '<=' | '&'
    : never

/** A filter field: one of the event (its operators are checked separately). */
export type ValidateFilterField<E extends EventRef, F extends string> = ValidateField<E, F>

/** A synthetic event name: an identifier. */
export type ValidateSynthName<Name extends string> = string extends Name
  ? string
  : Name extends `${string}${'.' | '-' | ' ' | '/' | "'" | '"' | '$' | ';'}${string}` | `${Digit}${string}` | ''
    ? `'${Name}' is not a valid synthetic event name: use letters, digits and '_', not starting with a digit`
    : Name
