import { TypedFtraceError } from '../errors.js'

/** The errno names libtracefs sets for synthetic-event calls, which {@link SynthError} reuses as its `code`. */
export type SynthErrno = 'EINVAL' | 'ENODEV' | 'EBADE' | 'EBADF' | 'EUNATCH' | KernelErrno

/** What the kernel returns for the definitions {@link KernelRuleError} stands for. */
export type KernelErrno = 'EINVAL' | 'EACCES' | 'EBUSY' | 'EEXIST' | 'ENOMEM'

/** Where in a JSON spec an error was found. */
export interface SynthErrorOptions extends ErrorOptions {
  /** Index of the spec step that failed. */
  readonly step?: number | undefined
  /** JSON path of the offending entry (`steps[4].startFilter[1]`). */
  readonly path?: string | undefined
}

/**
 * A synthetic-event definition that libtracefs (or the kernel, for names and
 * unsafe text) would refuse. `code` is the errno libtracefs sets for the same
 * call: `ENODEV` (no such event or field), `EBADE` (fields that cannot be
 * matched or compared, an unfinished filter), `EBADF` (no synthetic type for
 * a field), `EINVAL` (a bad argument or call order), `EUNATCH` (no end event).
 *
 * @example
 * import { createSynth, schemaFromDir, SynthError } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing/events')
 * const wake = createSynth('lat', schema).start('sched', 'sched_waking').end('sched', 'sched_switch')
 * try {
 *   wake.match('pid', 'prev_comm')
 * } catch (e) {
 *   if (e instanceof SynthError && e.code === 'EBADE') console.log('not matchable:', e.message)
 * }
 */
export class SynthError extends TypedFtraceError {
  readonly step: number | undefined
  readonly path: string | undefined

  constructor(code: SynthErrno, message: string, options: SynthErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause })
    this.step = options.step
    this.path = options.path
  }
}
