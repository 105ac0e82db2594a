import type { KernelRuleText } from '../../definition/kernel-rule-error.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import { TIMESTAMP, TIMESTAMP_USECS } from '../../filter/special-fields.js'
import type { Problem } from './problem.js'
import { matchSteps } from './too-many-keys.js'

// timestamp-key (deliberate): a time stamp as a match key pairs a start and an end event only when both
// happen at the same instant; the kernel takes the key, the builder refuses it.

const NEVER_MATCHES =
  'is a time stamp: as a match key it pairs a start and an end event only when both happen at the same instant (the kernel takes it; refused as a likely mistake); match on a field such as a pid, and take the time with delta()'

/** The time stamp pseudo-fields. */
export type TimestampName = typeof TIMESTAMP | typeof TIMESTAMP_USECS

/** The advice for time stamp `field` as a match key. */
export function timestampKeyAdvice(field: string): string {
  return `'${field}' ${NEVER_MATCHES}`
}

/** The compiler's text for a time stamp given to `.match()`: {@link timestampKeyAdvice} and the kernel's side. */
export type TimestampKeyProblem<Field extends string> = KernelRuleText<
  `'${Field}' ${typeof NEVER_MATCHES}`,
  'EINVAL',
  ''
>

/** The `n`th match has a time stamp on either side. */
export function timestampKeyProblem(def: SynthDefinition, n: number): Problem | undefined {
  const { s, i } = matchSteps(def)[n]!
  const stamp = [s.start.name, s.end.name].find((f) => f === TIMESTAMP || f === TIMESTAMP_USECS)
  if (stamp === undefined) return undefined
  return { rule: 'timestamp-key', code: 'EINVAL', kernel: '', advice: timestampKeyAdvice(stamp), step: i }
}
