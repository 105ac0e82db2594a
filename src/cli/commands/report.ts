import { basename } from 'node:path'
import { session } from '../../peer/session.js'
import { openTrace } from '../../tracedat/open-trace.js'
import { RawPrinter } from '../../tracedat/raw-print.js'
import { plainObject } from '../../ring-buffer/field-decoder.js'
import type { TraceRecord } from '../../ring-buffer/record.js'
import type { TraceFile } from '../../tracedat/trace-file.js'
import { defineCommand, processIO } from '../command.js'
import type { Command, CommandIO } from '../command.js'
import { quoted, usageError } from '../failure.js'
import { traceInput } from '../files.js'
import { batched, jsonValue, lineHeads } from '../report-text.js'
import type { Output, TimeFormat } from '../report-text.js'

export const reportCommand: Command = defineCommand({
  name: 'report',
  summary: 'print the records of trace.dat files, a host and its guests merged (like trace-cmd report)',
  synopsis: ['report FILE [GUEST_FILE...] [--format text|jsonl] [-t] [--instance NAME | --top] [--cpu N] [--raw-ts]'],
  positionals: [
    ['FILE', 'a trace.dat file (recognised by its magic bytes, whatever its name)'],
    ['GUEST_FILE', "the files of the host's guests in the same session (trace-cmd record -A)"],
  ],
  arity: [1, Infinity],
  options: {
    format: {
      type: 'string',
      choices: ['text', 'jsonl'],
      default: 'text',
      help: "text: one line per record as 'trace-cmd report -R' prints it; jsonl: one JSON object per record (file, instance, cpu, ts in ns as a string, system, event, pid, comm, fields; 64-bit values as strings, byte arrays in hex)",
    },
    t: {
      type: 'boolean',
      short: 't',
      default: false,
      help: 'nanosecond time stamps in text (default microseconds, as trace-cmd)',
    },
    instance: {
      type: 'string',
      value: 'NAME',
      help: "only that buffer instance ('' is the top one); default: every buffer, merged",
    },
    top: { type: 'boolean', default: false, help: 'only the top buffer' },
    cpu: {
      type: 'string',
      value: 'N',
      number: 'int',
      multiple: true,
      help: 'only CPU N (one of the CPUs with data in the file)',
    },
    'raw-ts': {
      type: 'boolean',
      default: false,
      help: "time stamps as recorded, without the file's conversions and offsets",
    },
  },
  notes: `Several files: the first is the host, the others its guests (trace-cmd record -A); all
records are merged in host time (each guest's TIME_SHIFT applied) and each line starts with
the file's name, or the instance's name for a buffer instance, as 'trace-cmd report -i HOST
-i GUEST' prints them. A guest that does not belong to the host is merged anyway, with a
warning on stderr. A progress bar is drawn on stderr when it is a terminal (one file).`,
  async run({ values, positionals }, io) {
    const files = positionals.map(traceInput)
    const raw = values['raw-ts']
    const time: TimeFormat = raw ? 'raw' : values.t ? 'nsecs' : 'usecs'
    if (values.instance !== undefined && values.top) throw usageError('--instance and --top exclude each other')
    // Text lines are made terminal-safe a batch at a time; JSON escapes control characters itself.
    const out = batched(io, values.format === 'jsonl' ? undefined : terminalSafe)
    if (files.length > 1) {
      if (values.instance !== undefined || values.top || values.cpu.length > 0)
        throw usageError('--instance, --top and --cpu apply to one file only')
      await reportPeers(files, values.format, time, raw, out, io)
      out.flush()
      return 0
    }
    const file = files[0]!
    const trace = await openTrace<unknown>(file, { timestamps: { raw } })
    const instance = values.top ? '' : (values.instance ?? '*')
    if (instance !== '*' && !trace.instances.includes(instance) && !(instance === '' && trace.instances.length === 0))
      throw usageError(
        `--instance ${quoted(instance)}: ${quoted(file)} has ${trace.instances.map((n) => quoted(n)).join(', ') || 'no buffers'}`,
      )
    const known = [
      ...new Set(
        (instance === '*' ? trace.buffers : trace.buffers.filter((b) => b.name === instance)).flatMap((b) =>
          b.cpus.map((c) => c.cpu),
        ),
      ),
    ].sort((a, b) => a - b)
    const cpus = values.cpu.length > 0 ? values.cpu.map(Number) : undefined
    for (const cpu of cpus ?? [])
      if (!known.includes(cpu))
        throw usageError(
          `--cpu ${cpu}: ${quoted(file)} has data for CPU${known.length === 1 ? '' : 's'} ${known.join(', ') || 'none'}`,
        )
    const bar = process.stderr.isTTY === true && io.stderr === processIO.stderr ? progressBar() : undefined
    const selection = { instance, cpus, onProgress: bar?.update }
    if (values.format === 'jsonl') {
      for (const r of trace.records(selection)) out.write(`${jsonLine(file, r)}\n`)
    } else {
      out.write(`cpus=${trace.cpuCount}\n`)
      const names = trace.instances.filter((n) => n !== '')
      const width = names.length > 0 ? Math.max(...names.map((n) => n.length + 2)) : 0
      const line = textLine(trace, time, new RawPrinter(() => trace.symbols, trace.littleEndian), (r) =>
        width ? (r.instance ? `${r.instance}:` : '').padEnd(width) : '',
      )
      for (const r of trace.records(selection)) out.write(line(r))
    }
    out.flush()
    bar?.done()
    return 0
  },
})

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
      textLine(
        t,
        time,
        new RawPrinter(() => t.symbols, t.littleEndian),
        (r) => `${label(t, r.instance).padStart(width)}: `,
      ),
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
  const heads = lineHeads(trace.cmdlines, time)
  return (r) => {
    let head = ''
    if (r.missedEvents !== 0)
      head =
        r.missedEvents > 0 ? `CPU:${r.cpu} [${r.missedEvents} EVENTS DROPPED]\n` : `CPU:${r.cpu} [EVENTS DROPPED]\n`
    return `${head}${prefix(r)}${heads(r)} ${printer.fields(r)}\n`
  }
}

/**
 * Text lines as trace-cmd prints them (strings from the file raw), except that the
 * introducers of terminal escape sequences (ESC, CSI) are shown as `\x1b`, `\x9b`: a file
 * cannot drive the terminal.
 */
function terminalSafe(text: string): string {
  return text.includes('\u001b') || text.includes('\u009b')
    ? text.replace(TERMINAL_ESCAPES, (c) => `\\x${c.charCodeAt(0).toString(16)}`)
    : text
}

const TERMINAL_ESCAPES = /[\u001b\u009b]/g

function jsonLine(file: string, r: TraceRecord<unknown>, peer?: string): string {
  // Field names come from the file: a prototype-less object keeps `__proto__` as a field.
  const fields = plainObject()
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
