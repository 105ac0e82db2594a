import type { KernelRuleText } from '../../definition/kernel-rule-error.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import { keyBytes, MAX_KEY_BYTES } from '../../definition/key-bytes.js'
import type { Problem } from './problem.js'
import { matchSteps } from './too-many-keys.js'

// key-size: a hist trigger's keys take at most 384 bytes together (HIST_KEY_SIZE_MAX: one
// string of MAX_FILTER_STR_VAL plus a stack trace); more fail with EINVAL, nothing logged. A
// string the kernel copies (`__data_loc char[]`, `char *`) takes 256 bytes, a char array its
// size, a stack trace 128 (16 addresses), any other key 8. Seen on Linux 6.1 and 6.12:
// `keys=name,name` on irq_handler_entry and `keys=driver,timeline` on dma_fence_wait_end are
// refused, `keys=prev_comm,next_comm` and `keys=name,stacktrace` are taken.

const TOO_BIG =
  "this synth's matches would make more than 384 bytes of keys (a copied string takes 256, a stack trace 128): drop a match on a string"

/** The advice for matches whose keys take more than {@link MAX_KEY_BYTES} bytes. */
export function keySizeAdvice(): string {
  return TOO_BIG
}

/** The compiler's text for a match that makes the keys too big: {@link keySizeAdvice} and the kernel's side. */
export type KeySizeProblem = KernelRuleText<typeof TOO_BIG, 'EINVAL', ''>

/** The first match at which either side's keys exceed {@link MAX_KEY_BYTES}. */
export function keySizeProblem(def: SynthDefinition): Problem | undefined {
  let start = 0
  let end = 0
  for (const { s, i } of matchSteps(def)) {
    start += keyBytes(s.start.format)
    end += keyBytes(s.end.format)
    if (Math.max(start, end) > MAX_KEY_BYTES)
      return { rule: 'key-size', code: 'EINVAL', kernel: '', advice: keySizeAdvice(), step: i }
  }
  return undefined
}
