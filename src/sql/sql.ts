import { SynthError } from '../definition/synth-error.js'
import type { Schema } from '../schema/schema.js'
import type { AnySynth } from '../synth/types/synth.js'
import { lowerHist } from './lower-hist.js'
import { lowerSynth } from './lower-synth.js'
import type { SqlHistResult, SqlResult } from './result.js'
import { parseSql } from './parser.js'
import type { typedSql } from './typed-sql.js'

/**
 * Reads a statement of libtracefs' SQL dialect (`tracefs_sql`, the
 * `sqlhist` tool) against a schema. With a JOIN it is a synthetic event
 * (`kind: 'synth'`: the same builder and definition the fluent
 * builder makes, so echo, create and offline evaluation work unchanged);
 * without one, a hist trigger on the FROM event (`kind: 'hist'`).
 *
 * - `SELECT` takes fields (`start.pid`, `sched_waking.pid`,
 *   `sched.sched_waking.pid`), `end.f - start.f` or `end.f + start.f` with
 *   `AS name`, the pseudo-fields `TIMESTAMP`, `TIMESTAMP_USECS`,
 *   `STACKTRACE`, `COMM` after a prefix, `TIMESTAMP_DELTA` and
 *   `TIMESTAMP_DELTA_USECS` (end − start time stamp), and
 *   `CAST(f AS HEX|SYM|SYM-OFFSET|SYSCALL|EXECNAME|LOG2|BUCKETS=N|STACKTRACE|_COUNTER_)`
 *   (what a hist key or value is; `_COUNTER_` makes a value).
 * - `FROM system.event [AS a] JOIN system.event [AS b] ON a.f = b.g, a.h = b.i`.
 * - `WHERE` compares fields with numbers and double-quoted strings
 *   (`< > <= >= = == != &`, `~` for globs), with `!`, `||`, and
 *   parentheses; conditions on different events are joined with `&&` (or `,`)
 *   at the top level.
 *
 * As in libtracefs, a calculation reads its right operand on the start event
 * and its left operand on the end event: write `end.x - start.y`.
 * Errors are {@link SqlError}s naming the token and its line and column.
 * For a statement written in the program, {@link typedSql} checks it at
 * compile time as well and gives the typed synth.
 *
 * @example
 * import { sql, schemaFromDir } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing')
 * const lat = sql(
 *   'wakeup_lat',
 *   `SELECT start.pid, TIMESTAMP_DELTA_USECS AS delta
 *      FROM sched.sched_waking AS start JOIN sched.sched_switch AS end ON start.pid = end.next_pid
 *      WHERE end.prev_prio < 100`,
 *   schema,
 * )
 * console.log(lat.echoCmd())
 */
export function sql(name: string, text: string, schema: Schema): SqlResult {
  if (typeof text !== 'string') throw new SynthError('EINVAL', 'sql() takes the statement as a string')
  const stmt = parseSql(text)
  const ctx = { text, schema }
  return stmt.join === undefined ? lowerHist(ctx, stmt) : lowerSynth(ctx, name, stmt)
}

/**
 * {@link sql} for a statement with a JOIN: the synthetic event's builder
 * (EUNATCH when the statement has no JOIN, as libtracefs says of a hist-only object).
 *
 * @example
 * import { sqlSynth, schemaFromDir } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing')
 * const s = sqlSynth('lat', 'SELECT TIMESTAMP_DELTA AS lat FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid', schema)
 * console.log(s.showEvent()) // u64 lat;
 */
export function sqlSynth(name: string, text: string, schema: Schema): AnySynth {
  const result = sql(name, text, schema)
  if (result.kind !== 'synth')
    throw new SynthError('EUNATCH', 'the statement has no JOIN: it makes a hist (use sqlHist() or sql())')
  return result.synth
}

/**
 * {@link sql} for a statement without JOIN: the hist trigger it makes
 * (EINVAL when the statement has a JOIN).
 *
 * @example
 * import { sqlHist, schemaFromDir } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing')
 * const h = sqlHist('SELECT CAST(common_pid AS EXECNAME), CAST(bytes_req AS _COUNTER_) FROM kmem.kmalloc', schema)
 * console.log(h.echoCmd()) // echo 'hist:keys=common_pid.execname:vals=bytes_req' > ...
 */
export function sqlHist(text: string, schema: Schema): SqlHistResult {
  const result = sql('', text, schema)
  if (result.kind !== 'hist')
    throw new SynthError('EINVAL', 'the statement has a JOIN: it makes a synthetic event (use sqlSynth() or sql())')
  return result
}
