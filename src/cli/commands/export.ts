import { exportTrace } from '../../export/export-trace.js'
import type { ExportFormat, ExportInput } from '../../export/export-trace.js'
import type { ExportCompression } from '../../export/sinks.js'
import { session } from '../../peer/session.js'
import type { SynthSpec } from '../../synth/spec/spec-types.js'
import { openTrace } from '../../tracedat/open-trace.js'
import { defineCommand } from '../command.js'
import type { Command } from '../command.js'
import { usageError } from '../failure.js'
import { outputFolder, readSpec, traceInput } from '../files.js'

/** Splits comma-separated list options. */
function list(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).filter((v) => v !== '')
}

export const exportCommand: Command = defineCommand({
  name: 'export',
  summary: 'write traces as Parquet or Arrow tables for DuckDB, Spark, ClickHouse',
  synopsis: ['export TRACE.dat... --out DIR [--format parquet|arrow] [--events LIST] [--synth SPEC.json]...'],
  positionals: [['TRACE.dat', 'trace.dat files (one source each, or one session with --peers)']],
  arity: [1, Infinity],
  options: {
    out: { type: 'string', short: 'o', value: 'DIR', help: 'the output directory (required)' },
    format: {
      type: 'string',
      value: 'F',
      choices: ['parquet', 'arrow'],
      default: 'parquet',
      help: 'Parquet files, or Arrow IPC files (.arrow)',
    },
    events: {
      type: 'string',
      multiple: true,
      value: 'LIST',
      help: 'tables only for these events: system:event, system:*, or an event name, comma-separated',
    },
    synth: {
      type: 'string',
      multiple: true,
      value: 'SPEC.json',
      help: 'a synthetic event (JSON spec) evaluated offline and written as its own table',
    },
    peers: {
      type: 'boolean',
      help: 'the files are one session: the host first, then its guests (written in host time)',
    },
    'source-name': {
      type: 'string',
      multiple: true,
      value: 'NAME',
      help: "a source's name (default: the file name without .dat); one per source, in order",
    },
    force: { type: 'boolean', help: 'overwrite the tables of an earlier export in DIR' },
    compression: {
      type: 'string',
      value: 'C',
      choices: ['zstd', 'snappy', 'lz4', 'none'],
      default: 'zstd',
      help: 'Parquet compression',
    },
    'row-group-size': { type: 'string', value: 'N', number: 'positive', help: 'rows per row group (default 65536)' },
    instance: {
      type: 'string',
      value: 'NAME',
      help: "one buffer instance ('' the top one); default every buffer, with an instance column",
    },
  },
  notes: `Writes, per source:
  DIR/<system>/<event>.parquet   one table per event, its columns typed from the event's format,
                                 with ts (TIMESTAMP_NS), common_cpu, common_pid, common_comm,
                                 the other common fields, instance and source
  DIR/records.parquet            every record: ts, common_cpu, common_pid, system, event,
                                 instance, missed_events, source
  DIR/synthetic/<name>.parquet   each --synth spec evaluated offline over the trace
Several files write DIR/<source>/... each, so 'DIR/*/sched/sched_switch.parquet' spans them all.`,
  async run({ values, positionals }, io) {
    if (values.out === undefined) throw usageError('--out DIR is required')
    const out = outputFolder(values.out, '--out')
    const names = list(values['source-name'])
    const sources = values.peers ? 1 : positionals.length
    if (names.length > 0 && names.length !== sources)
      throw usageError(`--source-name: give one name per source (${sources}), in order`)
    const specs = (await Promise.all(list(values.synth).map((path) => readSpec(path)))) as SynthSpec[]
    const traces = await Promise.all(positionals.map((f) => openTrace<unknown>(traceInput(f))))
    let inputs: ExportInput[]
    if (values.peers) {
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
      out,
      format: values.format as ExportFormat,
      events: list(values.events),
      synth: specs,
      force: values.force,
      compression: values.compression as ExportCompression,
      rowGroupSize: values['row-group-size'] === undefined ? undefined : Number(values['row-group-size']),
      instance: values.instance,
    })
    for (const s of result.sources) {
      const tables = result.tables.filter((t) => t.source === s.name)
      io.stdout(`${s.name}: ${s.records} records, ${tables.length} tables in ${s.dir}\n`)
    }
    return 0
  },
})
