import type { CommonNameProblem } from '../../compile/kernel-rules/common-name.js'
import type { FieldTypeProblem } from '../../compile/kernel-rules/field-type.js'
import type { Has, HasField } from './checked.js'
import type { EventRef, FieldOf } from './events.js'
import type { EventLabel, UnknownFieldMessage } from './messages.js'
import type { IsIdentifier } from './name-problems.js'

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
type CopyProblem<E extends EventRef, F extends string> = FieldTypeProblem<EventLabel<E>, F, FieldOf<E, F>>

/** What is wrong with the output name of a copied field the kernel can take, or never. */
type CopiedNameProblem<Out, F extends string, As extends string | undefined> = [As] extends [string]
  ? never
  : Has<Out, F> extends true
    ? `'${F}' is already a field of this synthetic event; give this one another name (name it with the second argument)`
    : IsIdentifier<F> extends true
      ? F extends `common_${string}`
        ? CommonNameProblem<F>
        : never
      : `'${F}' is not a valid field name: name it with the second argument`
