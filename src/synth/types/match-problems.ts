import type { RepeatedKeyProblem } from '../../compile/kernel-rules/repeated-key.js'
import type { TooManyKeysProblem } from '../../compile/kernel-rules/too-many-keys.js'
import type { KeySizeProblem } from '../../compile/kernel-rules/key-size.js'
import type { TimestampKeyProblem } from '../../compile/kernel-rules/timestamp-key.js'
import type { TimestampUnitsProblem, UnitsDiffer } from '../../compile/kernel-rules/timestamp-units.js'
import type { CommonNameProblem } from '../../compile/kernel-rules/common-name.js'
import type { Field } from '../../schema/field-types.js'
import type { HasField } from './checked.js'
import type { EventRef, FieldOf, SpecialFields, TimestampName } from './events.js'
import type { Compatible, Describe } from './field-rules.js'
import type { EventLabel, JoinNames, UnknownFieldMessage } from './messages.js'

/**
 * What is wrong with a match's start field, or never: with no end field given
 * it must exist, compatibly, on both sides.
 */
export type MatchStartProblem<S extends EventRef, E extends EventRef, SF extends string, EF extends string | undefined, Keys extends readonly string[], Out, As> = string extends SF
  ? never
  : Keys['length'] extends 3
    ? TooManyKeysProblem<[...Keys, SF]['length']>
  : [SF] extends [Keys[number]]
    ? RepeatedKeyProblem<SF>
  : Keys extends []
    ? MatchFieldProblem<S, E, SF, EF, Out, As>
  : KeysTooBig<S, [...Keys, SF]> extends true
    ? KeySizeProblem
    : MatchFieldProblem<S, E, SF, EF, Out, As>

/** What is wrong with a match's start field itself (its name, its existence on both sides), or never. */
type MatchFieldProblem<S extends EventRef, E extends EventRef, SF extends string, EF extends string | undefined, Out, As> = [As, SF] extends [undefined, keyof Out]
    ? `'${SF}' is already a field of this synthetic event: name this match's field with the third argument, or pass null for none`
  : HasField<S, SF> extends true
    ? SF extends `common_${string}`
      ? SF extends TimestampName
        ? TimestampKeyProblem<SF>
        : [As] extends [undefined]
          ? CommonNameProblem<SF>
          : [EF] extends [string]
            ? never
            : HasField<E, SF> extends true
              ? MatchProblem<S, E, SF, SF>
              : UnknownFieldMessage<E, SF>
      : [EF] extends [string]
        ? never
        : HasField<E, SF> extends true
          ? MatchProblem<S, E, SF, SF>
          : UnknownFieldMessage<E, SF>
    : UnknownFieldMessage<S, SF>

/**
 * The kernel's key-size rule at compile time (`key-size`): two strings the kernel copies
 * (256 bytes each) or one with a stack trace and a third key make more than 384 bytes of keys.
 * Char arrays count as small here; their exact sizes are checked at run time.
 */
type KeysTooBig<S extends EventRef, Keys extends readonly string[]> = KeyKinds<S, Keys> extends infer K extends string[]
  ? CountOf<K, 'string'> extends 0 | 1
    ? [CountOf<K, 'string'>, CountOf<K, 'stack'>, K['length']] extends [1, 1, 3]
      ? true
      : false
    : true
  : false

type KeyKinds<S extends EventRef, Keys extends readonly string[]> = {
  -readonly [I in keyof Keys]: FieldOf<S, Keys[I]> extends infer F extends Field
    ? F['flags'] extends `${string}dynamic${string}`
      ? F['flags'] extends `${string}string${string}`
        ? 'string'
        : F['cType'] extends `${string}long[]`
          ? 'stack'
          : 'small'
      : 'small'
    : 'small'
}

type CountOf<K extends string[], Kind extends string> = K extends [infer H, ...infer T extends string[]]
  ? H extends Kind
    ? [unknown, ...CountTuple<T, Kind>]['length']
    : CountOf<T, Kind>
  : 0

type CountTuple<K extends string[], Kind extends string> = K extends [infer H, ...infer T extends string[]]
  ? H extends Kind
    ? [unknown, ...CountTuple<T, Kind>]
    : CountTuple<T, Kind>
  : []

/** Why two fields cannot be matched (`Then` when they can). */
export type MatchProblem<S extends EventRef, E extends EventRef, SF extends string, EF extends string, Then = never> = Compatible<FieldOf<S, SF>, FieldOf<E, EF>> extends true
  ? Then
  : `${EventLabel<S>}.${SF} (${Describe<FieldOf<S, SF>>}) and ${EventLabel<E>}.${EF} (${Describe<FieldOf<E, EF>>}) cannot be matched: size and flags must be equal`

/**
 * What is wrong with the end field of a match or compare, or never (also when
 * there is none): a match takes no time stamp; a compare's sides agree in units.
 */
export type EndFieldProblem<S extends EventRef, E extends EventRef, SF extends string, EF extends string | undefined, Call extends 'match' | 'compare' = 'match'> = [EF] extends [string]
  ? string extends EF
    ? never
    : HasField<E, EF> extends true
      ? MatchProblem<
          S,
          E,
          SF,
          EF & string,
          Call extends 'compare'
            ? UnitsDiffer<SF, EF & string> extends true
              ? TimestampUnitsProblem<SF, EF & string>
              : never
            : EF extends TimestampName
              ? TimestampKeyProblem<EF>
              : never
        >
      : UnknownFieldMessage<E, EF & string>
  : never

/**
 * End fields compatible with the start field: what completions offer (the
 * pseudo-fields among them: `Specials`; a match passes the stack alone). One
 * conditional per end field, comparing it with the start field's size and flags.
 * Distributive over `SF` with a `string` answer for `string`: that is all the
 * compiler computes when it needs the constraint of the parameter type (for
 * every string argument, before the start field is known).
 */
export type CompatibleFields<S extends EventRef, E extends EventRef, SF, Specials extends string = TimestampName | E['stack']> = SF extends string
  ? string extends SF | keyof E['fields']
    ? string // no start field yet, or an untyped schema's end event
    : FieldOf<S, SF> extends infer A extends Field
      ? (WithSizeAndFlags<E['fields'], A['size'], A['flags']> | (WithSizeAndFlags<SpecialFields, A['size'], A['flags']> & Specials)) & string
      : never
  : never

type WithSizeAndFlags<Fields, Size, Flags> = { [F in keyof Fields]: Fields[F] extends { readonly size: Size; readonly flags: Flags } ? F : never }[keyof Fields]
