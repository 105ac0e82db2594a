import type { KernelRuleText } from '../../definition/kernel-rule-error.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import { TIMESTAMP_USECS } from '../../filter/special-fields.js'
import type { Problem } from './problem.js'

// timestamp-units: in one expression both operands are in microseconds (`.usecs`) or neither is: the kernel
// compares the .usecs flag of the two sides, a variable by the field it holds ("Timestamp units in
// expression don't match").

const UNITS =
  'one side is in microseconds (.usecs) and the other not: use TIMESTAMP_USECS on both sides, or TIMESTAMP on both'
const KERNEL = "Timestamp units in expression don't match"

/** The advice for a compare of `start` with `end`. */
export function timestampUnitsAdvice(start: string, end: string): string {
  return `compare('${start}', '${end}'): ${UNITS}`
}

/** The compiler's text for a compare whose sides differ in units: {@link timestampUnitsAdvice} and the kernel's side. */
export type TimestampUnitsProblem<Start extends string, End extends string> = KernelRuleText<
  `compare('${Start}', '${End}'): ${typeof UNITS}`,
  'EINVAL',
  typeof KERNEL
>

/** Exactly one of `start` and `end` is `common_timestamp.usecs`. */
export type UnitsDiffer<Start extends string, End extends string> = [Start, End] extends [
  typeof TIMESTAMP_USECS,
  typeof TIMESTAMP_USECS,
]
  ? false
  : [Start] extends [typeof TIMESTAMP_USECS]
    ? true
    : [End] extends [typeof TIMESTAMP_USECS]
      ? true
      : false

/** A compare with `.usecs` on one side only. */
export function timestampUnitsProblem(def: SynthDefinition): Problem | undefined {
  for (const [i, s] of def.steps.entries()) {
    if (s.kind !== 'compare') continue
    if ((s.start.name === TIMESTAMP_USECS) === (s.end.name === TIMESTAMP_USECS)) continue
    return {
      rule: 'timestamp-units',
      code: 'EINVAL',
      kernel: KERNEL,
      advice: timestampUnitsAdvice(s.start.name, s.end.name),
      step: i,
    }
  }
  return undefined
}
