import type { Field } from '../../schema/field-types.js'
import type { EventRef, FieldName, FieldOf, SpecialFields } from './events.js'
import type { Compatible, Describe, IsNumericField, IsStringField } from './field-rules.js'
import type { EventLabel, JoinNames, UnknownFieldMessage } from './messages.js'

/*
 * The builder checks each string argument with a parameter type of one shape:
 *
 *   '' extends F ? completions : Checked<F, NoInfer<problem>>
 *
 * which is the list of valid names while nothing is typed yet (what editors
 * offer as completions), the argument itself when it is valid, and a
 * readable message (a string literal the compiler prints) when it is not.
 * This file has the completions and the problems (`*Problem`: a message, or
 * never); the builder writes the shape out inline in each signature.
 *
 * Rules that keep them cheap for the compiler: membership is tested with
 * `Has<...> extends true` rather than `F extends Union`, so the argument's
 * type parameter is never narrowed to a union inside a branch (the compiler
 * would otherwise expand every message once per member); and every problem
 * starts with `string extends F ? never`, so nothing is built while the
 * argument is still the unknown `string` the compiler substitutes when it
 * reasons about constraints.
 *
 * The shape itself is for editors. At a string argument the language service
 * resolves the call once more with that argument hidden, and infers from the
 * parameter type to itself: when that type is an instance of a type alias
 * that mentions the argument's type parameter, the compiler first works out
 * the alias's variance, which instantiates every branch and message of it (a
 * few thousand instantiations on every keystroke). Written inline, the
 * parameter type has no alias; `NoInfer` stops that walk at the problem and
 * at completions that depend on an earlier argument, and the problem is only
 * computed for a typed argument.
 */

/** True when `F` names a key of `T`. */
type Has<T, F> = F extends keyof T ? true : false

type HasField<E extends EventRef, F> = [FieldOf<E, F>] extends [never] ? false : true

/**
 * The argument itself when `Problem` is never, else the problem (a message):
 * the false branch of the builder's parameter types. The problem sits in the
 * check position, which the compiler does not walk when it works out the
 * constraint of the parameter type (as it does for every string argument).
 */
export type Checked<Arg, Problem> = [Problem] extends [infer P] ? ([P] extends [never] ? Arg : P) : never

/** A field of `E` (the filter factory's form, with the shape above in one alias). */
export type ValidateField<E extends EventRef, F extends string> = '' extends F ? FieldName<E> : Checked<F, FieldProblem<E, F>>

/** What is wrong with a field name of `E`, or never. */
export type FieldProblem<E extends EventRef, F extends string> = string extends F ? never : HasField<E, F> extends true ? never : UnknownFieldMessage<E, F>

/**
 * What is wrong with a match's start field, or never: with no end field given
 * it must exist, compatibly, on both sides.
 */
export type MatchStartProblem<S extends EventRef, E extends EventRef, SF extends string, EF extends string | undefined, Keys extends readonly string[], Out, As> = string extends SF
  ? never
  : Keys['length'] extends 3
    ? `hist triggers take at most 3 keys; this synth would match on ${[...Keys, SF]['length']} fields`
  : [SF] extends [Keys[number]]
    ? `'${SF}' is already a key of this synth: a repeated key adds nothing; match on another field`
  : [As, SF] extends [undefined, keyof Out]
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

/** What is wrong with the end field of a match or compare, or never (also when there is none). */
export type EndFieldProblem<S extends EventRef, E extends EventRef, SF extends string, EF extends string | undefined> = [EF] extends [string]
  ? string extends EF
    ? never
    : HasField<E, EF> extends true
      ? MatchProblem<S, E, SF, EF>
      : UnknownFieldMessage<E, EF>
  : never

/**
 * End fields compatible with the start field: what completions offer. One
 * conditional per end field, comparing it with the start field's size and flags.
 * Distributive over `SF` with a `string` answer for `string`: that is all the
 * compiler computes when it needs the constraint of the parameter type (for
 * every string argument, before the start field is known).
 */
export type CompatibleFields<S extends EventRef, E extends EventRef, SF> = SF extends string
  ? string extends SF
    ? string
    : FieldOf<S, SF> extends infer A extends Field
      ? (WithSizeAndFlags<E['fields'], A['size'], A['flags']> | WithSizeAndFlags<SpecialFields, A['size'], A['flags']>) & string
      : never
  : never

type WithSizeAndFlags<Fields, Size, Flags> = { [F in keyof Fields]: Fields[F] extends { readonly size: Size; readonly flags: Flags } ? F : never }[keyof Fields]

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

/** What is wrong with a new output field name, or never: an identifier not used before in this synthetic event. */
export type NewNameProblem<Out, As extends string | undefined> = [As] extends [string]
  ? string extends As
    ? never
    : Has<Out, As> extends true
      ? `'${As}' is already a field of this synthetic event; give this one another name`
      : IsIdentifier<As> extends true
        ? never
        : `'${As}' is not a valid field name: use letters, digits and '_', not starting with a digit`
  : never

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'

/** A cheap identifier test: no separator or quote characters, not empty, no leading digit. */
type IsIdentifier<S extends string> = S extends `${string}${'.' | '-' | ' ' | '$' | ',' | '/' | "'" | '"' | ';' | ':' | '(' | ')'}${string}` | `${Digit}${string}` | '' ? false : true

/** What is wrong with `.startField(f)`/`.endField(f)`, or never; without a name, `f` itself becomes the output name. */
export type CopiedFieldProblem<E extends EventRef, Out, F extends string, As extends string | undefined> = string extends F
  ? never
  : HasField<E, F> extends true
    ? [CopyProblem<E, F>] extends [never]
      ? CopiedNameProblem<Out, F, As>
      : CopyProblem<E, F>
    : UnknownFieldMessage<E, F>

/**
 * A field the kernel cannot take as a synthetic field: an array of anything but
 * char (strings) or long (stack traces), e.g. `__u8 saddr[4]` ("Invalid type").
 */
type CopyProblem<E extends EventRef, F extends string> = FieldOf<E, F>['flags'] extends `${string}array${string}`
  ? FieldOf<E, F>['cType'] extends `${string}char${string}` | `${string}long[]`
    ? never
    : `${EventLabel<E>}.${F} is ${FieldOf<E, F>['cType']}: the kernel takes only char arrays (strings) as synthetic fields (Invalid type); copy a scalar field`
  : never

/** What is wrong with the output name of a copied field the kernel can take, or never. */
type CopiedNameProblem<Out, F extends string, As extends string | undefined> = [As] extends [string]
  ? never
  : Has<Out, F> extends true
    ? `'${F}' is already a field of this synthetic event; give this one another name (name it with the second argument)`
    : IsIdentifier<F> extends true
      ? never
      : `'${F}' is not a valid field name: name it with the second argument`

/** What is wrong with the variable of `.onMax()`/`.onChange()`, or never: a numeric field of the synthetic event. */
export type HandlerVarProblem<Out, V extends string> = string extends V
  ? never
  : Has<Out, V> extends true
    ? IsNumericField<Out[V & keyof Out] & Field> extends true
      ? never
      : `'${V}' is ${(Out[V & keyof Out] & Field)['cType']}: onmax/onchange need a numeric variable`
    : [keyof Out] extends [never]
      ? `'${V}' is not a field of this synthetic event, which has none yet`
      : `'${V}' is not a field of this synthetic event; onmax/onchange need one of: ${JoinNames<NumericOutputs<Out>>}`

/** The numeric fields of the synthetic event: what `.onMax()`/`.onChange()` completions offer. */
export type NumericOutputs<Out> = { [K in keyof Out]: Out[K] extends Field ? (IsNumericField<Out[K]> extends true ? K : never) : never }[keyof Out] & string

/** What is wrong with a synthetic event name, or never: it must be an identifier. */
export type SynthNameProblem<Name extends string> = string extends Name
  ? never
  : IsIdentifier<Name> extends true
    ? never
    : `'${Name}' is not a valid synthetic event name: use letters, digits and '_', not starting with a digit`

/** Filter operators of libtracefs' COMPARE token. */
export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '&'

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
      : Has<{ [O in CompareOp]: 0 }, Op> extends true
        ? `'${Op}' cannot be used on ${EventLabel<E>}.${F} (${Describe<FieldOf<E, F>>}); it takes ${JoinNames<OpsFor<FieldOf<E, F>>>}`
        : `unknown operator '${Op}'; use one of ==, !=, >, >=, <, <=, ~, &`
    : never

/** What libtracefs accepts on a field: strings take == != ~; other arrays nothing; numbers all but ~. */
export type OpsFor<F extends Field> = IsStringField<F> extends true
  ? '==' | '!=' | '~'
  : IsNumericField<F> extends true
    ? '==' | '!=' | '>' | '>=' | '<' | '<=' | '&'
    : never

/** Why the `ftrace` system's events cannot be start or end events (the kernel refuses their hist triggers with EACCES). */
export type FtraceSystemProblem = "the ftrace system's events take no hist triggers (the kernel: EACCES): use a trace event of another system"
