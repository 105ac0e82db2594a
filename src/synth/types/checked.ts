import type { EventRef, FieldName, FieldOf } from './events.js'
import type { UnknownFieldMessage } from './messages.js'

/*
 * The builder checks each string argument with a parameter type of one shape:
 *
 *   '' extends F ? completions : Checked<F, NoInfer<problem>>
 *
 * which is the list of valid names while nothing is typed yet (what editors
 * offer as completions), the argument itself when it is valid, and a
 * readable message (a string literal the compiler prints) when it is not.
 * This file has the shape's parts; the `*-problems.ts` files beside it have
 * the completions and the problems (`*Problem`: a message, or never), one
 * kind of argument each; the builder writes the shape out inline in each
 * signature.
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
export type Has<T, F> = F extends keyof T ? true : false

export type HasField<E extends EventRef, F> = [FieldOf<E, F>] extends [never] ? false : true

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
 * What is wrong with the fields of `.save(...)` (`F`: all of them, a union),
 * or never: the message for those the end event does not have, beside the
 * good ones, so that only a bad argument is marked.
 */
export type SaveProblem<E extends EventRef, F extends string> = string extends F
  ? never
  : [Exclude<F, FieldName<E>>] extends [never]
    ? never
    : Extract<F, FieldName<E>> | UnknownFieldMessage<E, Exclude<F, FieldName<E>>>
