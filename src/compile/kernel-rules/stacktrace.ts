import type { KernelRuleText } from '../../definition/kernel-rule-error.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { KernelCapabilities } from '../../schema/capabilities.js'
import { STACKTRACE } from '../../filter/special-fields.js'
import type { Problem } from './problem.js'

// stacktrace: the stack as a value (`common_stacktrace` as a key, in a variable, as a synthetic field or a
// saved field) only where the kernel's README shows it (6.12); Linux 6.1 names its stack `stacktrace`, as a
// hist key alone, and looks `common_stacktrace` up as an event field ("Couldn't find field").

const NOT_KNOWN =
  "'common_stacktrace' is not known to this kernel: its tracefs README shows no stack trace a hist variable can hold (Linux 6.1 has only the hist key 'stacktrace'); use the typings of a kernel that has it, such as 6.12"
const KERNEL = "Couldn't find field"

/** The compiler's text for `common_stacktrace` on a kernel without it: the advice and the kernel's side. */
export type StacktraceProblem = KernelRuleText<typeof NOT_KNOWN, 'EINVAL', typeof KERNEL>

/**
 * `'common_stacktrace'` when the kernel of capabilities `C` has the stack as a
 * value (its README names it so and shows stack variables), else never. A
 * kernel whose README was never read (`readme` not `true`) is not held to it.
 */
export type StackOf<C> = C extends { readonly readme: true }
  ? C extends { readonly stacktraceName: 'common_stacktrace'; readonly stacktraceVariables: true }
    ? typeof STACKTRACE
    : never
  : typeof STACKTRACE

/** {@link StackOf} at run time: may a synth use `common_stacktrace` on this kernel? */
export function stacktraceAvailable(caps: KernelCapabilities | undefined): boolean {
  return caps?.readme !== true || (caps.stacktraceName === STACKTRACE && caps.stacktraceVariables)
}

/** Every field name a definition gives the kernel, with its step: keys, compared, copied and saved fields. */
function namedFields(def: SynthDefinition): { name: string; step: number }[] {
  return def.steps.flatMap((s, step) => {
    const names =
      s.kind === 'match' || s.kind === 'compare'
        ? [s.start.name, s.end.name]
        : s.kind === 'start-field' || s.kind === 'end-field'
          ? [s.field.name]
          : s.kind === 'action'
            ? [...s.action.save]
            : []
    return names.map((name) => ({ name, step }))
  })
}

/** `common_stacktrace` anywhere in a definition for a kernel that does not know it. */
export function stacktraceProblem(def: SynthDefinition, caps: KernelCapabilities | undefined): Problem | undefined {
  if (stacktraceAvailable(caps)) return undefined
  const used = namedFields(def).find((f) => f.name === STACKTRACE)
  if (!used) return undefined
  return { rule: 'stacktrace', code: 'EINVAL', kernel: KERNEL, advice: NOT_KNOWN, step: used.step }
}
