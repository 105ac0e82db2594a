import type { CommonNameProblem } from '../../compile/kernel-rules/common-name.js'
import type { Has } from './checked.js'

/** What is wrong with a new output field name, or never: an identifier not used before in this synthetic event. */
export type NewNameProblem<Out, As extends string | undefined> = [As] extends [string]
  ? string extends As
    ? never
    : Has<Out, As> extends true
      ? `'${As}' is already a field of this synthetic event; give this one another name`
      : IsIdentifier<As> extends true
        ? As extends `common_${string}`
          ? CommonNameProblem<As>
          : never
        : `'${As}' is not a valid field name: use letters, digits and '_', not starting with a digit`
  : never

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'

/** A cheap identifier test: no separator or quote characters, not empty, no leading digit. */
export type IsIdentifier<S extends string> = S extends `${string}${'.' | '-' | ' ' | '$' | ',' | '/' | "'" | '"' | ';' | ':' | '(' | ')'}${string}` | `${Digit}${string}` | '' ? false : true

/** What is wrong with a synthetic event name, or never: it must be an identifier. */
export type SynthNameProblem<Name extends string> = string extends Name
  ? never
  : IsIdentifier<Name> extends true
    ? never
    : `'${Name}' is not a valid synthetic event name: use letters, digits and '_', not starting with a digit`
