import { parseArgs } from 'node:util'
import { openTrace } from '../../tracedat/open-trace.js'
import { RawPrinter } from '../../tracedat/raw-print.js'
import type { TraceRecord } from '../../tracedat/ring-buffer/record.js'
import type { TraceFile } from '../../tracedat/trace-file.js'
import { processIO } from '../command.js'
import type { Command } from '../command.js'
import { batched, jsonValue, lineHead } from '../report-text.js'

export const reportCommand: Command = {
  name: 'report',
  summary: 'print the records of a trace.dat file (like trace-cmd report)',
  usage: `Usage: typed-ftrace report FILE [--format text|jsonl] [-t] [--instance NAME | --top] [--cpu N] [--raw-ts]

  --format text   one line per record as 'trace-cmd report -R' prints it (default):
                  task-pid, [cpu], time, event name, then the fields as name=value
  --format jsonl  one JSON object per record: file, instance, cpu, ts (ns, as a string),
                  system, event, pid, comm, fields (64-bit values as strings, byte arrays in hex)
  -t              nanosecond time stamps in text (default microseconds, as trace-cmd)
  --instance NAME only that buffer instance ('' is the top one); default: every buffer, merged
  --top           only the top buffer
  --cpu N         only CPU N (may be repeated)
  --raw-ts        time stamps as recorded, without the file's conversions and offsets

A progress bar is drawn on stderr when it is a terminal.
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
    if (positionals.length !== 1 || (values.format !== 'text' && values.format !== 'jsonl')) {
      io.stderr(this.usage)
      return 2
    }
    const file = positionals[0]!
    const trace = await openTrace<unknown>(file, { timestamps: { raw: values['raw-ts'] } })
    const instance = values.top ? '' : (values.instance ?? '*')
    const cpus = values.cpu?.map(Number)
    const bar = process.stderr.isTTY === true && io.stderr === processIO.stderr ? progressBar() : undefined
    const out = batched(io)
    const selection = { instance, cpus, onProgress: bar?.update }
    if (values.format === 'jsonl') {
      for (const r of trace.records(selection)) out.write(`${jsonLine(file, r)}\n`)
    } else {
      out.write(`cpus=${trace.cpuCount}\n`)
      const line = textLine(trace, values.t, new RawPrinter(trace.symbols, trace.littleEndian))
      for (const r of trace.records(selection)) out.write(line(r))
    }
    out.flush()
    bar?.done()
    return 0
  },
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

/** The lines trace-cmd prints: `comm-pid [cpu] secs.usecs: event: fields`, with the instance name first when there are instances. */
function textLine(trace: TraceFile<unknown>, nanoseconds: boolean, printer: RawPrinter): (r: TraceRecord<unknown>) => string {
  const names = trace.instances.filter((n) => n !== '')
  const prefixWidth = names.length > 0 ? Math.max(...names.map((n) => n.length + 2)) : 0
  return (r) => {
    let head = ''
    if (r.missedEvents !== 0) head = r.missedEvents > 0 ? `CPU:${r.cpu} [${r.missedEvents} EVENTS DROPPED]\n` : `CPU:${r.cpu} [EVENTS DROPPED]\n`
    const prefix = prefixWidth ? (r.instance ? `${r.instance}:` : '').padEnd(prefixWidth) : ''
    return `${head}${prefix}${lineHead(trace.cmdlines, r, nanoseconds)} ${printer.fields(r)}\n`
  }
}

function jsonLine(file: string, r: TraceRecord<unknown>): string {
  const fields: Record<string, unknown> = {}
  for (const f of r.event.fields) if (!f.common) fields[f.name] = r.field(f.name)
  const line: Record<string, unknown> = { file, instance: r.instance, cpu: r.cpu, ts: r.ts, system: r.system, event: r.name, pid: r.pid, comm: r.comm ?? null, fields }
  if (r.missedEvents !== 0) line['missedEvents'] = r.missedEvents
  return JSON.stringify(line, jsonValue)
}
