import { SynthError } from './synth-error.js'
import type { KernelErrno } from './synth-error.js'

/**
 * The kernel's rules for synthetic events and hist triggers that the builder
 * checks (the README's reference lists each with the kernel's message):
 *
 * - `no-fields`: a synthetic event needs a field;
 * - `too-many-fields`: at most 64 fields;
 * - `field-type`: arrays in a synthetic event are strings (`char`) only;
 * - `too-many-keys`: a hist trigger takes at most 3 keys;
 * - `repeated-key`: the same match twice (refused on purpose: it adds nothing);
 * - `key-type`, `variable-type`: keys and variables are strings or 1, 2, 4 or 8-byte values;
 * - `too-many-variables`: at most 16 variables per trigger, handlers and saved fields included;
 * - `ftrace-event`: the `ftrace` system's events take no triggers;
 * - `filter-value`: strings are compared with a quoted text by `==`, `!=` or `~`, numbers with a number;
 * - `handler-variable`: onmax/onchange watch a number (refused on purpose for strings);
 * - `too-many-actions`: at most 8 handlers per trigger;
 * - `one-save`, `one-snapshot`: one `save()` and one `snapshot()` per synth;
 * - `param-type`: a field's value must have the declared field's size and sign;
 * - `variable-clash`: variable names are unique across the triggers of one event;
 * - `action-name`: names the action syntax cannot carry;
 * - `stacktrace`: `common_stacktrace` only on kernels whose README shows the stack as a value (6.12, not 6.1);
 * - `timestamp-units`: a compare has `.usecs` on both sides or on neither;
 * - `timestamp-key`: no time stamp as a match key (refused on purpose: it never matches);
 * - `common-name`: no synthetic field named `common_*` (refused on purpose: it hides a common field).
 */
export type KernelRule =
  | 'no-fields'
  | 'too-many-fields'
  | 'field-type'
  | 'too-many-keys'
  | 'repeated-key'
  | 'key-type'
  | 'key-size'
  | 'variable-type'
  | 'too-many-variables'
  | 'ftrace-event'
  | 'filter-value'
  | 'handler-variable'
  | 'too-many-actions'
  | 'one-save'
  | 'one-snapshot'
  | 'param-type'
  | 'variable-clash'
  | 'action-name'
  | 'stacktrace'
  | 'timestamp-units'
  | 'timestamp-key'
  | 'common-name'

/**
 * Rules the kernel does not enforce: the builder refuses these on purpose (the definition would not do what it says).
 *
 * - `repeated-key`: the same match twice adds nothing;
 * - `handler-variable`: onmax/onchange on a string compare its address, not its text;
 * - `timestamp-key`: a time stamp as a key pairs a start and an end only when both happen at the same instant;
 * - `common-name`: a synthetic field named `common_*` hides a common field of the event (a chained synth then
 *   reads the wrong one).
 */
export const DELIBERATE_RULES: readonly KernelRule[] = [
  'repeated-key',
  'handler-variable',
  'timestamp-key',
  'common-name',
]

/**
 * The text of a broken rule: the advice, then what the kernel does (its errno
 * and its `error_log` line, or that it logs nothing). The compiler prints the
 * same text as {@link KernelRuleText}.
 */
export function kernelRuleText(advice: string, code: KernelErrno, kernelMessage: string): string {
  return `${advice} (the kernel: ${kernelMessage === '' ? `${code} with nothing in error_log` : `${code}, error_log: "${kernelMessage}"`})`
}

/** {@link kernelRuleText} at the type level: the message the compiler prints for a rule broken in a builder call. */
export type KernelRuleText<
  Advice extends string,
  Code extends KernelErrno,
  KernelMessage extends string,
> = `${Advice} (the kernel: ${KernelMessage extends '' ? `${Code} with nothing in error_log` : `${Code}, error_log: "${KernelMessage}"`})`

export interface KernelRuleErrorOptions {
  /** Index of the builder call (or spec step) the problem comes from, when there is one. */
  readonly step?: number | undefined
  /** JSON path of the spec step, when the definition came from a spec. */
  readonly path?: string | undefined
}

/**
 * A definition the kernel would refuse (or, for {@link DELIBERATE_RULES},
 * accept without doing what it says). `rule` names the rule, `kernelMessage`
 * is what the kernel writes to `error_log` (empty when it refuses without a
 * message), `code` the errno its write would fail with. The message says
 * both and what to do instead.
 *
 * @example
 * import { createSynth, KernelRuleError, schemaFromDir } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing/events')
 * const [system = 'ftrace', event = 'hwlat'] = process.argv.slice(2) // names known at run time only
 * try {
 *   createSynth('m', schema).start(system, event)
 * } catch (e) {
 *   if (e instanceof KernelRuleError && e.rule === 'ftrace-event') console.log(e.code, e.kernelMessage, e.advice)
 * }
 */
export class KernelRuleError extends SynthError {
  readonly rule: KernelRule
  readonly kernelMessage: string
  /** What is wrong and what to do, without the kernel's side. */
  readonly advice: string

  constructor(
    rule: KernelRule,
    code: KernelErrno,
    kernelMessage: string,
    advice: string,
    options: KernelRuleErrorOptions = {},
  ) {
    super(
      code,
      `${options.path === undefined ? '' : `${options.path}: `}${kernelRuleText(advice, code, kernelMessage)}`,
      {
        step: options.step,
        path: options.path,
      },
    )
    this.rule = rule
    this.kernelMessage = kernelMessage
    this.advice = advice
  }

  /** The same error, placed at a step of a JSON spec. */
  located(path: string, step: number | undefined): KernelRuleError {
    return new KernelRuleError(this.rule, this.code as KernelErrno, this.kernelMessage, this.advice, {
      path,
      step: step ?? this.step,
    })
  }
}
