import { TypedFtraceError } from '../errors.js'

/**
 * A hist's JSON form (`histFromSpec`, `typed-ftrace hist ...`) that is
 * refused: a bad shape (`EINVAL`), an event or field the formats do not
 * have (`ENODEV`), an unfinished filter (`EBADE`). `path` is the JSON path
 * of the offending entry (`keys[1]`, `filter[0][1]`); the message starts
 * with it.
 *
 * @example
 * import { histFromSpec, HistSpecError, schemaFromDir } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing/events')
 * try {
 *   histFromSpec({ event: 'sched/sched_switch', keys: ['next_pdi'] }, schema)
 * } catch (e) {
 *   if (e instanceof HistSpecError) console.log(e.path, e.code) // keys[0] ENODEV
 * }
 */
export class HistSpecError extends TypedFtraceError {
  /** JSON path of the offending entry. */
  readonly path: string

  constructor(code: string, path: string, message: string, options?: ErrorOptions) {
    super(code, `${path}: ${message}`, options)
    this.name = 'HistSpecError'
    this.path = path
  }
}
