import type { KernelRuleText } from '../../definition/kernel-rule-error.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { Problem } from './problem.js'

// common-name (deliberate): a synthetic field named `common_*` would sit beside the common fields every event
// has (common_pid, ...) and hide one of them, or take a name the kernel gives its own pseudo-fields; the
// kernel takes the name, the builder refuses it.

const HIDES =
  "names starting with 'common_' belong to the fields every event has (common_pid, common_timestamp, ...), which this one would hide (the kernel takes it; refused as a likely mistake); choose another name"

/** The advice for a synthetic field named `name`. */
export function commonNameAdvice(name: string): string {
  return `'${name}' cannot name a synthetic field: ${HIDES}`
}

/** The compiler's text for a synthetic field named `common_*`: {@link commonNameAdvice} and the kernel's side. */
export type CommonNameProblem<Name extends string> = KernelRuleText<
  `'${Name}' cannot name a synthetic field: ${typeof HIDES}`,
  'EINVAL',
  ''
>

/** A synthetic field whose name starts with `common_`. */
export function commonNameProblem(def: SynthDefinition): Problem | undefined {
  const field = def.fields.find((f) => f.name.startsWith('common_'))
  if (!field) return undefined
  return { rule: 'common-name', code: 'EINVAL', kernel: '', advice: commonNameAdvice(field.name), step: field.step }
}
