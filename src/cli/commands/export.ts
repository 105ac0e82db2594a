import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { TypedFtraceError } from '../../errors.js'
import { exportTrace } from '../../export/index.js'
import type { ExportCompression, ExportFormat, ExportInput } from '../../export/index.js'
import { session } from '../../peer/index.js'
import type { SynthSpec } from '../../synth/index.js'
import { openTrace } from '../../tracedat/index.js'
import type { Command, CommandIO } from '../command.js'

/** The options of `typed-ftrace export`, parsed (whatever parses them). */
export interface ExportCommandOptions {
  readonly files: readonly string[]
  readonly out: string
  readonly format?: string | undefined
  /** Comma-separated lists, as given (`sched:sched_switch,irq:*`). */
  readonly events?: readonly string[] | undefined
  readonly synth?: readonly string[] | undefined
  readonly peers?: boolean | undefined
  readonly sourceName?: readonly string[] | undefined
  readonly force?: boolean | undefined
  readonly compression?: string | undefined
  readonly rowGroupSize?: string | number | undefined
  readonly instance?: string | undefined
}

const USAGE = `Usage: typed-ftrace export TRACE.dat... --out DIR [--format parquet|arrow] [--events LIST]
                           [--synth SPEC.json]... [--peers] [--source-name NAME]... [--force]
                           [--compression zstd|snappy|lz4|none] [--row-group-size N] [--instance NAME]

Writes each trace as tables for query engines (DuckDB, Spark, ClickHouse, pandas, polars):
  DIR/<system>/<event>.parquet   one table per event, its columns typed from the event's format,
                                 with ts (TIMESTAMP_NS), common_cpu, common_pid, common_comm,
                                 the other common fields, instance and source
  DIR/records.parquet            every record: ts, common_cpu, common_pid, system, event,
                                 instance, missed_events, source
  DIR/synthetic/<name>.parquet   each --synth spec evaluated offline over the trace

  --out DIR             the output directory; several files write DIR/<source>/... each, so
                        'DIR/*/sched/sched_switch.parquet' spans them all
  --format F            parquet (default) or arrow (Arrow IPC files, .arrow)
  --events LIST         tables only for these events: system:event, system:*, or an event
                        name, comma-separated (the records table still lists every record)
  --synth SPEC.json     a synthetic event (JSON spec) to evaluate and write (may be repeated)
  --peers               the files are one session: the first the host, the others its guests
                        (trace-cmd record -A); written as one source in host time, with peer
                        and host_thread columns
  --source-name NAME    the source's name (default: the file name without .dat); with several
                        files give one per file, in order
  --force               overwrite the tables of an earlier export in DIR
  --compression C       zstd (default), snappy, lz4 or none (Parquet only)
  --row-group-size N    rows per row group (default 65536)
  --instance NAME       one buffer instance ('' the top one); default every buffer, with an
                        instance column
`

/** Splits comma-separated list options. */
function list(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '')
}

/**
 * Runs `typed-ftrace export` on parsed options: opens the files, exports
 * them and prints one line per source. Resolves to the exit code.
 *
 * @example
 * await runExportCommand({ files: ['trace.dat'], out: 'out' }, processIO)
 */
export async function runExportCommand(options: ExportCommandOptions, io: CommandIO): Promise<number> {
  const format = options.format ?? 'parquet'
  const compression = options.compression ?? 'zstd'
  const rowGroupSize = options.rowGroupSize === undefined ? undefined : Number(options.rowGroupSize)
  if (
    options.files.length === 0 ||
    options.out === '' ||
    (format !== 'parquet' && format !== 'arrow') ||
    !['zstd', 'snappy', 'lz4', 'none'].includes(compression) ||
    (rowGroupSize !== undefined && !(Number.isSafeInteger(rowGroupSize) && rowGroupSize > 0))
  ) {
    io.stderr(USAGE)
    return 2
  }
  const names = list(options.sourceName)
  const sources = options.peers ? 1 : options.files.length
  if (names.length > 0 && names.length !== sources) {
    io.stderr(`typed-ftrace export: --source-name: give one name per source (${sources}), in order\n`)
    return 2
  }
  const specs = await Promise.all(
    list(options.synth).map(async (path) => {
      try {
        return JSON.parse(await readFile(path, 'utf8')) as SynthSpec
      } catch (error) {
        throw new TypedFtraceError('EINVAL', `${path}: ${(error as Error).message}`, { cause: error })
      }
    }),
  )
  const traces = await Promise.all(options.files.map((f) => openTrace<unknown>(f)))
  let inputs: ExportInput[]
  if (options.peers) {
    let s = session(traces[0]!)
    for (const guest of traces.slice(1)) {
      s = s.guest(guest, { check: 'none' })
      for (const p of s.guests.at(-1)!.problems) io.stderr(`typed-ftrace export: warning: ${p.message}\n`)
    }
    inputs = [names[0] === undefined ? s : { name: names[0], trace: s }]
  } else {
    inputs = traces.map((t, i) => (names[i] === undefined ? t : { name: names[i], trace: t }))
  }
  const result = await exportTrace(inputs, {
    out: options.out,
    format: format as ExportFormat,
    events: list(options.events),
    synth: specs,
    force: options.force === true,
    compression: compression as ExportCompression,
    rowGroupSize,
    instance: options.instance,
  })
  for (const s of result.sources) {
    const tables = result.tables.filter((t) => t.source === s.name)
    io.stdout(`${s.name}: ${s.records} records, ${tables.length} tables in ${s.dir}\n`)
  }
  return 0
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write traces as Parquet or Arrow tables for DuckDB, Spark, ClickHouse',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        out: { type: 'string', short: 'o' },
        format: { type: 'string' },
        events: { type: 'string', multiple: true },
        synth: { type: 'string', multiple: true },
        peers: { type: 'boolean', default: false },
        'source-name': { type: 'string', multiple: true },
        force: { type: 'boolean', default: false },
        compression: { type: 'string' },
        'row-group-size': { type: 'string' },
        instance: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    })
    if (values.out === undefined) {
      io.stderr(`typed-ftrace export: --out DIR is required\n${USAGE}`)
      return 2
    }
    return runExportCommand(
      {
        files: positionals,
        out: values.out,
        format: values.format,
        events: values.events,
        synth: values.synth,
        peers: values.peers,
        sourceName: values['source-name'],
        force: values.force,
        compression: values.compression,
        rowGroupSize: values['row-group-size'],
        instance: values.instance,
      },
      io,
    )
  },
}
