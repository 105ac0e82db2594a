import { parseArgs } from 'node:util'
import { basename } from 'node:path'
import { session } from '../../peer/session.js'
import { openTrace } from '../../tracedat/open-trace.js'
import { RawPrinter } from '../../tracedat/raw-print.js'
import type { TraceRecord } from '../../ring-buffer/record.js'
import type { TraceFile } from '../../tracedat/trace-file.js'
import { processIO } from '../command.js'
import type { Command, CommandIO } from '../command.js'
import { batched, jsonValue, lineHead } from '../report-text.js'
import type { Output, TimeFormat } from '../report-text.js'

export const reportCommand: Command = {
  name: 'report',
  summary: 'print the records of trace.dat files, a host and its guests merged (like trace-cmd report)',
  usage: `Usage: typed-ftrace report FILE [GUEST_FILE...] [--format text|jsonl] [-t] [--instance NAME | --top] [--cpu N] [--raw-ts]

  --format text   one line per record as 'trace-cmd report -R' prints it (default):
                  task-pid, [cpu], time, event name, then the fields as name=value
  --format jsonl  one JSON object per record: file, instance, cpu, ts (ns, as a string),
                  system, event, pid, comm, fields (64-bit values as strings, byte arrays in hex)
  -t              nanosecond time stamps in text (default microseconds, as trace-cmd)
  --instance NAME only that buffer instance ('' is the top one); default: every buffer, merged
  --top           only the top buffer
  --cpu N         only CPU N (may be repeated)
  --raw-ts        time stamps as recorded, without the file's conversions and offsets

Several files: the first is the host, the others its guests (trace-cmd record -A); all
records are merged in host time (each guest's TIME_SHIFT applied) and each line starts with
the file's name, or the instance's name for a buffer instance, as 'trace-cmd report -i HOST
-i GUEST' prints them. A guest that does not belong to the host is merged anyway, with a
warning on stderr. A progress bar is drawn on stderr when it is a terminal (one file).
`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        format: { type: 'string', default: 'text' },
        t: { type: 'boolean', short: 't', default: false },
        instance: { type: 'string' },
        top: { type: 'boolean', default: false },
        cpu: { type: 'string', multiple: true },
        'raw-ts': { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    })
    if (positionals.length < 1 || (values.format !== 'text' && values.format !== 'jsonl')) {
      io.stderr(this.usage)
      return 2
    }
    const raw = values['raw-ts']
    const time: TimeFormat = raw ? 'raw' : values.t ? 'nsecs' : 'usecs'
    const out = batched(io)
    if (positionals.length > 1) {
      if (values.instance !== undefined || values.top || values.cpu !== undefined) {
        io.stderr('typed-ftrace report: --instance, --top and --cpu apply to one file only\n')
        return 2
      }
      await reportPeers(positionals, values.format, time, raw, out, io)
      out.flush()
      return 0
    }
    const file = positionals[0]!
    const trace = await openTrace<unknown>(file, { timestamps: { raw } })
    const instance = values.top ? '' : (values.instance ?? '*')
    const cpus = values.cpu?.map(Number)
    const bar = process.stderr.isTTY === true && io.stderr === processIO.stderr ? progressBar() : undefined
    const selection = { instance, cpus, onProgress: bar?.update }
    if (values.format === 'jsonl') {
      for (const r of trace.records(selection)) out.write(`${jsonLine(file, r)}\n`)
    } else {
      out.write(`cpus=${trace.cpuCount}\n`)
      const names = trace.instances.filter((n) => n !== '')
      const width = names.length > 0 ? Math.max(...names.map((n) => n.length + 2)) : 0
      const line = textLine(trace, time, new RawPrinter(trace.symbols, trace.littleEndian), (r) =>
        width ? (r.instance ? `${r.instance}:` : '').padEnd(width) : '',
      )
      for (const r of trace.records(selection)) out.write(line(r))
    }
    out.flush()
    bar?.done()
    return 0
  },
}

/** A host and its guests merged in host time, as `trace-cmd report -i HOST -i GUEST...` prints them. */
async function reportPeers(
  files: readonly string[],
  format: string,
  time: TimeFormat,
  raw: boolean,
  out: Output,
  io: CommandIO,
): Promise<void> {
  const traces = await Promise.all(files.map((f) => openTrace<unknown>(f)))
  let s = session(traces[0]!)
  for (const guest of traces.slice(1)) {
    s = s.guest(guest, { check: 'none' })
    for (const p of s.guests.at(-1)!.problems) io.stderr(`typed-ftrace report: warning: ${p.message}\n`)
  }
  if (raw) s = s.rawTimestamps()
  const fileOf = new Map(traces.map((t, i) => [t, basename(files[i]!)]))
  // trace-cmd labels a file's top buffer with the file name, an instance with its name alone.
  const label = (trace: TraceFile<unknown>, instance: string) => (instance === '' ? fileOf.get(trace)! : instance)
  const labels = traces.flatMap((t) => t.instances.map((i) => label(t, i)))
  const width = Math.max(...labels.map((l) => l.length))
  if (format === 'jsonl') {
    for (const r of s.records())
      out.write(`${jsonLine(fileOf.get(r.peer.trace as TraceFile<unknown>)!, r, r.peer.name)}\n`)
    return
  }
  for (const t of traces) out.write(`${fileOf.get(t)!.padStart(width)}: cpus=${t.cpuCount}\n`)
  const lines = new Map(
    traces.map((t) => [
      t,
      textLine(t, time, new RawPrinter(t.symbols, t.littleEndian), (r) => `${label(t, r.instance).padStart(width)}: `),
    ]),
  )
  for (const r of s.records()) out.write(lines.get(r.peer.trace as TraceFile<unknown>)!(r))
}

/** A bar on stderr, redrawn when the percentage changes. */
function progressBar(): { update(fraction: number): void; done(): void } {
  let shown = -1
  const draw = (fraction: number) => {
    const percent = Math.floor(fraction * 100)
    if (percent === shown) return
    shown = percent
    const width = 30
    const filled = Math.round(fraction * width)
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}%`)
  }
  return {
    update: draw,
    done() {
      if (shown >= 0) process.stderr.write('\r\x1b[K')
    },
  }
}

/** The lines trace-cmd prints: `comm-pid [cpu] secs.usecs: event: fields`, after the prefix (instance or file). */
function textLine(
  trace: TraceFile<unknown>,
  time: TimeFormat,
  printer: RawPrinter,
  prefix: (r: TraceRecord<unknown>) => string,
): (r: TraceRecord<unknown>) => string {
  return (r) => {
    let head = ''
    if (r.missedEvents !== 0)
      head =
        r.missedEvents > 0 ? `CPU:${r.cpu} [${r.missedEvents} EVENTS DROPPED]\n` : `CPU:${r.cpu} [EVENTS DROPPED]\n`
    return `${head}${prefix(r)}${lineHead(trace.cmdlines, r, time)} ${printer.fields(r)}\n`
  }
}

function jsonLine(file: string, r: TraceRecord<unknown>, peer?: string): string {
  const fields: Record<string, unknown> = {}
  for (const f of r.event.fields) if (!f.common) fields[f.name] = r.field(f.name)
  const line: Record<string, unknown> = {
    file,
    ...(peer === undefined ? {} : { peer }),
    instance: r.instance,
    cpu: r.cpu,
    ts: r.ts,
    system: r.system,
    event: r.name,
    pid: r.pid,
    comm: r.comm ?? null,
    fields,
  }
  if (r.missedEvents !== 0) line['missedEvents'] = r.missedEvents
  return JSON.stringify(line, jsonValue)
}
