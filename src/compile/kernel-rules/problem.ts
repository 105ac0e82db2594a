import type { KernelErrno } from '../../definition/synth-error.js'
import type { KernelRule } from '../../definition/kernel-rule-error.js'

/** A broken rule: the rule, the kernel's errno and error_log text, and the advice (with the step at fault). */
export type Problem = { rule: KernelRule; code: KernelErrno; kernel: string; advice: string; step?: number | undefined }

/** Keys per hist trigger (`TRACING_MAP_KEYS_MAX`). */
export const MAX_KEYS = 3
/** Variables per hist trigger, handler and `save()` variables included (`TRACING_MAP_VARS_MAX`). */
export const MAX_VARIABLES = 16
/** Fields per synthetic event (`SYNTH_FIELDS_MAX` in Linux 6.1). */
export const MAX_SYNTH_FIELDS = 64
/** Actions per hist trigger (`HIST_ACTIONS_MAX`). */
export const MAX_ACTIONS = 8
