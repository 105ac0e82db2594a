import { parseArgs } from 'node:util'
import { RawPrinter } from '../../tracedat/raw-print.js'
import { openTrace } from '../../tracedat/trace-file.js'
import type { TraceRecord } from '../../tracedat/ring-buffer/record.js'
import { processIO } from '../command.js'
import type { Command } from '../command.js'

export const reportCommand: Command = {
  name: 'report',
  summary: 'print the records of a trace.dat file (like trace-cmd report)',
  usage: `Usage: typed-ftrace report FILE [--format text|jsonl] [--instance NAME|--all-instances] [--cpu N]

  --format text   one line per record like 'trace-cmd report -R -t' (default)
  --format jsonl  one JSON object per record: file, instance, cpu, ts, system, event, pid, comm, fields
  --instance      a buffer instance by name (default the top one)
  --all-instances every buffer, merged in time order
  --cpu N         only CPU N
`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        format: { type: 'string', default: 'text' },
        instance: { type: 'string' },
        'all-instances': { type: 'boolean', default: false },
        cpu: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    })
    if (positionals.length !== 1 || (values.format !== 'text' && values.format !== 'jsonl')) {
      io.stderr(this.usage)
      return 2
    }
    const file = positionals[0]!
    const trace = await openTrace(file)
    const instance = values['all-instances'] ? '*' : (values.instance ?? '')
    const cpu = values.cpu === undefined ? undefined : Number(values.cpu)
    const records = cpu === undefined ? trace.records(instance) : trace.cpuRecords(cpu, instance === '*' ? '' : instance)
    if (values.format === 'jsonl') {
      for (const r of records) io.stdout(`${jsonLine(file, r)}\n`)
      return 0
    }
    io.stdout(`cpus=${trace.cpuCount}\n`)
    const printer = new RawPrinter(trace.kallsyms)
    // A progress line on a terminal for long files (records read so far, every 100,000).
    const progress = process.stderr.isTTY && io.stderr === processIO.stderr
    let n = 0
    let batch = ''
    for (const r of records) {
      if (progress && ++n % 100_000 === 0) process.stderr.write(`\r${n.toLocaleString()} records`)
      batch += `${textLine(r, printer)}\n`
      if (batch.length > 1 << 16) {
        io.stdout(batch)
        batch = ''
      }
    }
    io.stdout(batch)
    if (progress && n >= 100_000) process.stderr.write(`\r${n.toLocaleString()} records\n`)
    return 0
  },
}

function textLine(r: TraceRecord, printer: RawPrinter): string {
  const secs = r.ts / 1_000_000_000n
  const nsecs = (r.ts % 1_000_000_000n).toString().padStart(9, '0')
  const task = `${(r.comm ?? '<...>').padStart(16)}-${String(r.pid).padEnd(5)}`
  const prefix = r.instance ? `${r.instance}:` : ''
  return `${prefix}${task} [${String(r.cpu).padStart(3, '0')}] ${String(secs).padStart(5)}.${nsecs}: ${`${r.name}:`.padEnd(22)} ${printer.fields(r)}`
}

function jsonLine(file: string, r: TraceRecord): string {
  const fields: Record<string, unknown> = {}
  for (const f of r.event.fields) if (!f.common) fields[f.name] = r.field(f.name)
  return JSON.stringify({ file, instance: r.instance, cpu: r.cpu, ts: String(r.ts), system: r.system, event: r.name, pid: r.pid, comm: r.comm, fields }, (_, v) =>
    typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
  )
}
