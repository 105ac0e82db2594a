import type { Table } from 'apache-arrow'
import type { HasDefinition } from '../analyze/evaluate.js'
import type { PeerSession } from '../peer/session.js'
import type { AnyTrace } from '../peer/any-trace.js'
import type { SynthSpec } from '../synth/spec/spec-types.js'
import type { TraceRecord } from '../ring-buffer/record.js'
import type { ExportCompression } from './sinks.js'

/** The file format of the tables: Parquet (DuckDB, Spark, ClickHouse) or Arrow IPC files. */
export type ExportFormat = 'parquet' | 'arrow'

/** What {@link exportTrace} reads: a trace, a peer session, or either with the name of its source. */
export type ExportInput =
  AnyTrace | PeerSession<unknown> | { readonly name: string; readonly trace: AnyTrace | PeerSession<unknown> }

/** Options of {@link exportTrace}. */
export interface ExportOptions {
  /** The output directory. One source writes its tables here; several write one folder each, `out/<source>/`. */
  readonly out: string
  /** `parquet` (default) or `arrow` (Arrow IPC files, `.arrow`). */
  readonly format?: ExportFormat | undefined
  /**
   * Only these events get tables (the `records` table still lists every
   * record): `sched:sched_switch`, `sched:*`, or `sched_switch` in any system.
   */
  readonly events?: readonly string[] | undefined
  /** Synthetic events evaluated offline over each source, each written as `synthetic/<name>`: builders or JSON specs (checked against each source's formats). */
  readonly synth?: readonly (HasDefinition | SynthSpec)[] | undefined
  /** Overwrite tables of an earlier export in the output directory (default: refuse when it is not empty). */
  readonly force?: boolean | undefined
  /** Parquet compression (default `zstd`). */
  readonly compression?: ExportCompression | undefined
  /** Rows per batch: a Parquet row group, an Arrow record batch (default 65,536). */
  readonly rowGroupSize?: number | undefined
  /** Which buffer instances of a trace: `'*'` (default, all, with an `instance` column), `''` the top one, or a name. */
  readonly instance?: string | undefined
  /**
   * Encode and write Parquet in a worker thread, beside the decoding (default
   * true; false: in this thread).
   */
  readonly thread?: boolean | undefined
  /** Called after each batch with the records read so far. */
  readonly onProgress?: ((records: number) => void) | undefined
}

/** One table written. */
export interface ExportedTable {
  /** The source it belongs to. */
  readonly source: string
  /** `system/event`, `synthetic/<name>`, or `records`. */
  readonly table: string
  readonly path: string
  readonly rows: number
}

/** What {@link exportTrace} wrote. */
export interface ExportResult {
  readonly out: string
  readonly sources: readonly { readonly name: string; readonly dir: string; readonly records: number }[]
  readonly tables: readonly ExportedTable[]
}

/**
 * Writes traces as tables that query engines read (DuckDB, Spark, ClickHouse,
 * pandas, polars): one table per event, `<system>/<event>.parquet`, its columns
 * typed from the event's format (integers by size and sign, 64-bit ones as
 * INT64/UINT64, strings, byte arrays as binary, integer arrays as lists), with
 * `ts` (a nanosecond time stamp), `common_cpu`, `common_pid`, `common_comm`,
 * the other common fields, `instance` and `source`; a narrow `records.parquet`
 * of every record (ts, common_cpu, common_pid, system, event, instance,
 * missed_events, source); and `synthetic/<name>.parquet` for each synth.
 *
 * A peer session is one source: host and guest records in host time, in the
 * session's order, with `peer` and `host_thread` columns. Several sources
 * write one folder each (`out/<source>/...`), so a glob spans them:
 * `SELECT source, count(*) FROM 'out/*\/sched/sched_switch.parquet' GROUP BY source`.
 *
 * Tables are written in batches (row groups) as the records are read, so
 * memory does not grow with the trace. A file that stops decoding half-way
 * ends every table at the last good record (each file complete and readable)
 * and throws an {@link ExportError} naming the file and offset. An output
 * directory that is not empty is refused unless `force` is set.
 *
 * @example
 * import { exportTrace, openTrace } from 'typed-ftrace'
 *
 * const trace = await openTrace('trace.dat')
 * const result = await exportTrace(trace, { out: 'out' })
 * // out/sched/sched_switch.parquet, out/records.parquet, ...
 * console.log(result.tables.map((t) => `${t.table}: ${t.rows} rows`))
 */
export async function exportTrace(
  input: ExportInput | readonly ExportInput[],
  options: ExportOptions,
): Promise<ExportResult> {
  const { runExport } = await import('./run.js')
  return runExport(Array.isArray(input) ? (input as readonly ExportInput[]) : [input as ExportInput], options)
}

/**
 * Records as an Arrow table in memory (for in-process analysis, or to hand
 * to anything that takes Arrow): the columns of the records' events (for
 * records of several events, every field of each, null where an event lacks
 * it) after `ts`, `common_cpu`, `common_pid`, `common_comm`, `system` and
 * `event`, typed as {@link exportTrace} types them.
 *
 * @example
 * import { openTrace, toArrowTable } from 'typed-ftrace'
 *
 * const trace = await openTrace('trace.dat')
 * const switches = [...trace.records()].filter((r) => r.is('sched', 'sched_switch'))
 * const table = await toArrowTable(switches)
 * console.log(table.numRows, table.getChild('next_pid')?.get(0))
 */
export async function toArrowTable(records: Iterable<TraceRecord<unknown>>): Promise<Table> {
  const { recordsToArrow } = await import('./run.js')
  return recordsToArrow(records)
}
