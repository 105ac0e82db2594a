import type { FieldRef } from '../../definition/synth-definition.js'
import { histValueProblem } from './kernel-fields.js'
import type { Problem } from './problem.js'

// key-type: keys are strings or 1, 2, 4 or 8-byte values (the kernel: EINVAL or ENOMEM).

/** A field of a match (at step `step`) that cannot be a hist key. */
export function keyTypeProblem(ref: FieldRef, step: number): Problem | undefined {
  const bad = histValueProblem(ref)
  if (!bad) return undefined
  return {
    rule: 'key-type',
    code: bad.code,
    kernel: bad.kernel,
    advice: `'${ref.name}' (${ref.format.cType}, ${ref.format.size} bytes) cannot be a hist key: ${bad.reason}`,
    step,
  }
}
