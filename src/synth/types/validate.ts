import type { Field } from '../../schema/field-types.js'
import type { EventRef, FieldName, FieldOf } from './events.js'
import type { Compatible, Describe, IsNumericField, IsStringField } from './field-rules.js'
import type { EventLabel, JoinNames, UnknownFieldMessage } from './messages.js'

/*
 * Each `Validate*` type is the type of one parameter: the argument itself when
 * it is valid, a readable message (a string literal the compiler prints)
 * when it is not, and the list of valid names when nothing is typed yet, which
 * is what editors offer as completions.
 *
 * Two rules keep them cheap for the compiler: membership is tested with
 * `Has<...> extends true` rather than `F extends Union`, so the argument's
 * type parameter is never narrowed to a union inside a branch (the compiler
 * would otherwise expand every message once per member); and every message
 * sits in a `string extends X ? never : message` branch, which is `never` while the argument is still the
 * unknown `string` the compiler substitutes when it reasons about constraints,
 * and is only built when that branch is taken.
 */

/** True when `F` names a key of `T`. */
type Has<T, F> = F extends keyof T ? true : false


/** A field of `E`. */
export type ValidateField<E extends EventRef, F extends string> = '' extends F
  ? FieldName<E>
  : HasField<E, F> extends true
    ? F
    : (string extends F ? never : UnknownFieldMessage<E, F>)

type HasField<E extends EventRef, F> = [FieldOf<E, F>] extends [never] ? false : true

/** Start field of `.match()`: with no end field given it must exist, compatibly, on both sides. */
export type ValidateMatchStart<S extends EventRef, E extends EventRef, SF extends string, EF extends string | undefined, Keys extends readonly string[] = [], Out = {}, As = null> = '' extends SF
  ? FieldName<S>
  : MatchStartProblem<S, E, SF, EF, Keys, Out, As> extends infer P
    ? [P] extends [never]
      ? SF
      : P
    : never

/**
 * What is wrong with a match's start field, or never. Kept in the check
 * position of {@link ValidateMatchStart}, where inference does not walk it.
 */
type MatchStartProblem<S extends EventRef, E extends EventRef, SF extends string, EF extends string | undefined, Keys extends readonly string[], Out, As> = string extends SF
  ? never
  : [SF, Keys['length']] extends [string, 3]
    ? `hist triggers take at most 3 keys; this synth would match on ${[...Keys, SF]['length']} fields`
  : Has<{ [K in Keys[number]]: 0 }, SF> extends true
    ? `'${SF}' is already a key of this synth: a repeated key adds nothing; match on another field`
  : [As, Has<Out, SF>] extends [undefined, true]
    ? `'${SF}' is already a field of this synthetic event: name this match's field with the third argument, or pass null for none`
  : HasField<S, SF> extends true
    ? [EF] extends [string]
      ? never
      : HasField<E, SF> extends true
        ? MatchProblem<S, E, SF, SF>
        : `match('${SF}') needs '${SF}' on both sides, but ${EventLabel<E>} has no field '${SF}'; its fields: ${JoinNames<keyof E['fields']>}`
    : UnknownFieldMessage<S, SF>

/** Why two fields cannot be matched, or never. */
type MatchProblem<S extends EventRef, E extends EventRef, SF extends string, EF extends string> = Compatible<FieldOf<S, SF>, FieldOf<E, EF>> extends true
  ? never
  : `${EventLabel<S>}.${SF} (${Describe<FieldOf<S, SF>>}) and ${EventLabel<E>}.${EF} (${Describe<FieldOf<E, EF>>}) cannot be matched: size and flags must be equal`

/** End field of `.match()`: a field of the end event compatible with the start field. */
export type ValidateMatchEnd<S extends EventRef, E extends EventRef, SF extends string, EF extends string | undefined> = [EF] extends [string]
  ? '' extends EF
    ? CompatibleFields<S, E, SF>
    : HasField<E, EF> extends true
      ? MatchCheck<S, E, SF, EF, EF>
      : (string extends EF ? never : UnknownFieldMessage<E, EF>)
  : CompatibleFields<S, E, SF>

type MatchCheck<S extends EventRef, E extends EventRef, SF extends string, EF extends string, Ok> = Compatible<FieldOf<S, SF>, FieldOf<E, EF>> extends true
  ? Ok
  : (string extends EF ? never : `${EventLabel<S>}.${SF} (${Describe<FieldOf<S, SF>>}) and ${EventLabel<E>}.${EF} (${Describe<FieldOf<E, EF>>}) cannot be matched: size and flags must be equal`)

/** End fields compatible with the start field: what completions offer. */
export type CompatibleFields<S extends EventRef, E extends EventRef, SF> = {
  [F in FieldName<E>]: Compatible<FieldOf<S, SF>, FieldOf<E, F>> extends true ? F : never
}[FieldName<E>]

/** Start field of `.compare()`/`.delta()`: a number or timestamp, not a string or array. */
export type ValidateCompareStart<S extends EventRef, SF extends string> = '' extends SF
  ? FieldName<S>
  : HasField<S, SF> extends true
    ? NumericCheck<S, SF, SF>
    : (string extends SF ? never : UnknownFieldMessage<S, SF>)

type NumericCheck<S extends EventRef, F extends string, Ok> = IsNumericField<FieldOf<S, F>> extends true
  ? Ok
  : (string extends F ? never : `${EventLabel<S>}.${F} is ${FieldOf<S, F>['cType']}: only numbers and timestamps can be compared or calculated`)

/** End field of `.compare()`: compatible with the start field. */
export type ValidateCompareEnd<S extends EventRef, E extends EventRef, SF extends string, EF extends string> = '' extends EF
  ? CompatibleFields<S, E, SF>
  : HasField<E, EF> extends true
    ? MatchCheck<S, E, SF, EF, EF>
    : (string extends EF ? never : UnknownFieldMessage<E, EF>)

/** The field of `.delta()`: present on both events, numeric. */
export type ValidateDelta<S extends EventRef, E extends EventRef, Out, F extends string, As extends string> = '' extends F
  ? FieldName<S> & FieldName<E>
  : HasField<S, F> extends true
    ? HasField<E, F> extends true
      ? Has<Out, As> extends true
        ? (string extends As ? never : `'${As}' is already a field of this synthetic event; name this one with the second argument`)
        : NumericCheck<S, F, MatchCheck<S, E, F, F, F>>
      : (string extends F ? never : UnknownFieldMessage<E, F>)
    : (string extends F ? never : UnknownFieldMessage<S, F>)

/** A new output field name: an identifier not used before in this synthetic event. */
export type ValidateNewName<Out, As extends string | undefined> = [As] extends [string]
  ? '' extends As
    ? string
    : Has<Out, As> extends true
      ? (string extends As ? never : `'${As}' is already a field of this synthetic event; give this one another name`)
      : IsIdentifier<As> extends true
        ? As
        : (string extends As ? never : `'${As}' is not a valid field name: use letters, digits and '_', not starting with a digit`)
  : As

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'

/** A cheap identifier test: no separator or quote characters, not empty, no leading digit. */
type IsIdentifier<S extends string> = S extends `${string}${'.' | '-' | ' ' | '$' | ',' | '/' | "'" | '"' | ';' | ':' | '(' | ')'}${string}` | `${Digit}${string}` | '' ? false : true

/**
 * A field the kernel cannot take as a synthetic field: an array of anything but
 * char (strings) or long (stack traces), e.g. `__u8 saddr[4]` ("Invalid type").
 */
type CopyProblem<E extends EventRef, F extends string> = FieldOf<E, F>['flags'] extends `${string}array${string}`
  ? FieldOf<E, F>['cType'] extends `${string}char${string}` | `${string}long[]`
    ? never
    : `${EventLabel<E>}.${F} is ${FieldOf<E, F>['cType']}: the kernel takes only char arrays (strings) as synthetic fields (Invalid type); copy a scalar field`
  : never

/** `.startField(f)`/`.endField(f)` without a name: `f` itself becomes the output name. */
export type ValidateCopiedField<E extends EventRef, Out, F extends string, As extends string | undefined> = '' extends F
  ? FieldName<E>
  : HasField<E, F> extends true
    ? [CopyProblem<E, F>] extends [never]
      ? CopiedName<Out, F, As>
      : (string extends F ? never : CopyProblem<E, F>)
    : (string extends F ? never : UnknownFieldMessage<E, F>)

/** The output name of a copied field that the kernel can take. */
type CopiedName<Out, F extends string, As extends string | undefined> = [As] extends [string]
  ? F
  : Has<Out, F> extends true
    ? (string extends F ? never : `'${F}' is already a field of this synthetic event; give this one another name (name it with the second argument)`)
    : IsIdentifier<F> extends true
      ? F
      : (string extends F ? never : `'${F}' is not a valid field name: name it with the second argument`)

/** The variable of `.onMax()`/`.onChange()`: a numeric field of the synthetic event. */
export type ValidateHandlerVar<Out, V extends string> = '' extends V
  ? NumericOutputs<Out>
  : Has<Out, V> extends true
    ? IsNumericField<Out[V & keyof Out] & Field> extends true
      ? V
      : (string extends V ? never : `'${V}' is ${(Out[V & keyof Out] & Field)['cType']}: onmax/onchange need a numeric variable`)
    : [keyof Out] extends [never]
      ? (string extends V ? never : `'${V}' is not a field of this synthetic event, which has none yet`)
      : (string extends V ? never : `'${V}' is not a field of this synthetic event; onmax/onchange need one of: ${JoinNames<NumericOutputs<Out>>}`)

type NumericOutputs<Out> = { [K in keyof Out]: Out[K] extends Field ? (IsNumericField<Out[K]> extends true ? K : never) : never }[keyof Out] & string

/** Filter operators of libtracefs' COMPARE token. */
export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '&'

/** An operator allowed for the field: `~` on strings only; ordering and `&` on non-strings only; no arrays but strings. */
export type ValidateOp<E extends EventRef, F extends string, Op extends string> = HasField<E, F> extends true
  ? '' extends Op
    ? OpsFor<FieldOf<E, F>>
    : Has<{ [O in OpsFor<FieldOf<E, F>>]: 0 }, Op> extends true
      ? Op
      : Has<{ [O in CompareOp]: 0 }, Op> extends true
        ? (string extends Op ? never : `'${Op}' cannot be used on ${EventLabel<E>}.${F} (${Describe<FieldOf<E, F>>}); it takes ${JoinNames<OpsFor<FieldOf<E, F>>>}`)
        : (string extends Op ? never : `unknown operator '${Op}'; use one of ==, !=, >, >=, <, <=, ~, &`)
  : Op

/** What libtracefs accepts on a field: strings take == != ~; other arrays nothing; numbers all but ~. */
export type OpsFor<F extends Field> = IsStringField<F> extends true
  ? '==' | '!=' | '~'
  : IsNumericField<F> extends true
    ? '==' | '!=' | '>' | '>=' | '<' | '<=' | '&'
    : never

/** A synthetic event name: an identifier. */
export type ValidateSynthName<Name extends string> = '' extends Name
  ? string
  : IsIdentifier<Name> extends true
    ? Name
    : (string extends Name ? never : `'${Name}' is not a valid synthetic event name: use letters, digits and '_', not starting with a digit`)

/** A system whose events can take hist triggers: not `ftrace` (the tracer's own events; the kernel refuses with EACCES). */
export type ValidateTriggerSystem<S extends string> = S extends 'ftrace' ? "the ftrace system's events take no hist triggers (the kernel: EACCES): use a trace event of another system" : S
