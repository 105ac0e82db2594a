import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { SynthMachine } from '../../analyze/evaluate.js'
import type { SynthRecord } from '../../analyze/evaluate.js'
import { latencyBars } from '../../analyze/latency/latency-bars.js'
import { latencyHistogram } from '../../analyze/latency/latency-histogram.js'
import { latencySvg } from '../../analyze/latency/latency-svg.js'
import { evaluatePeers } from '../../analyze/cross-peer.js'
import { session } from '../../peer/session.js'
import type { PeerSession } from '../../peer/session.js'
import { TypedFtraceError } from '../../errors.js'
import { synthFromSpec } from '../../synth/spec/from-spec.js'
import { openTrace } from '../../tracedat/open-trace.js'
import type { CommandIO } from '../command.js'
import { batched, jsonValue, lineHead } from '../report-text.js'

/** The synopsis line of `synth eval`. */
export const EVAL_SYNOPSIS = `       typed-ftrace synth eval SPEC.json TRACE.dat [GUEST.dat...] [eval options]\n`

/** What `synth eval` does and its options. */
export const EVAL_OPTIONS = `  eval        evaluate the synthetic event offline over a trace.dat, as the kernel would
              have live (checked against the formats the file holds), and print its records

eval options:
  --format text|jsonl  text: one line per record as 'trace-cmd report -R' prints events
                       (default); jsonl: one JSON object per record
  -t                   nanosecond time stamps in text (default microseconds)
  --instance NAME      the buffer instance to evaluate ('' is the top one, the default; one file only)
  --hist FIELD         print the distribution of FIELD (a synthetic field, e.g. delta)
                       as a latency histogram instead of the records
  --buckets N          with --hist or --svg: buckets N wide (default: powers of two)
  --svg FILE           also write the histogram of --hist's FIELD (or 'delta') as SVG
  GUEST.dat            traces of guests of the same session (trace-cmd record -A): all files
                       are read in the host's time, their formats joined
  --start PEER         with guests: take start events only from PEER: host, guest (every
                       guest), a guest's name, or any (default)
  --end PEER           the same for end events
`

/** `typed-ftrace synth eval SPEC.json TRACE.dat [GUEST.dat...]`. */
export async function runEval(args: readonly string[], spec: unknown, io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      format: { type: 'string', default: 'text' },
      t: { type: 'boolean', short: 't', default: false },
      instance: { type: 'string' },
      hist: { type: 'string' },
      buckets: { type: 'string' },
      svg: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  })
  const [file, ...guests] = positionals
  const buckets = values.buckets === undefined ? undefined : Number(values.buckets)
  if (
    file === undefined ||
    (values.format !== 'text' && values.format !== 'jsonl') ||
    (buckets !== undefined && !(Number.isSafeInteger(buckets) && buckets > 0))
  ) {
    io.stderr(
      `synth eval: expected SPEC.json and TRACE.dat; --format text|jsonl; --buckets a whole number > 0\n${EVAL_SYNOPSIS}\n${EVAL_OPTIONS}`,
    )
    return 2
  }
  const trace = await openTrace<unknown>(file)
  let peers: PeerSession | undefined
  if (guests.length > 0) {
    if (values.instance !== undefined) {
      io.stderr('synth eval: --instance applies to one file only; with guests every buffer of every file is read\n')
      return 2
    }
    peers = session(trace)
    for (const g of await Promise.all(guests.map((f) => openTrace<unknown>(f)))) {
      peers = peers.guest(g, { check: 'none' })
      for (const p of peers.guests.at(-1)!.problems) io.stderr(`synth eval: warning: ${p.message}\n`)
    }
  } else if (values.start !== undefined || values.end !== undefined) {
    io.stderr('synth eval: --start and --end choose among the peers of a host and its guests: give GUEST.dat files\n')
    return 2
  }
  const synth = synthFromSpec(spec, peers ? peers.schema : trace.schema)
  const name = synth.definition.name
  const histField = values.hist ?? (values.svg !== undefined ? 'delta' : undefined)
  if (histField !== undefined && !synth.definition.fields.some((f) => f.name === histField)) {
    throw new TypedFtraceError(
      'EINVAL',
      `'${histField}' is not a field of ${name}: ${synth.definition.fields.map((f) => f.name).join(', ')}`,
    )
  }
  const traced: { fields: object }[] = []
  const out = batched(io)
  const line = values.format === 'jsonl' ? jsonLine(name) : textLine(name, values.t)
  const emit = (r: SynthRecord, cmdlines: ReadonlyMap<number, string>) => {
    if (r.action !== 'trace') return
    if (histField !== undefined) traced.push({ fields: r.fields })
    if (values.hist === undefined) out.write(line(r, cmdlines))
  }
  if (peers) {
    for (const r of evaluatePeers(synth, peers, { start: values.start ?? 'any', end: values.end ?? 'any' }))
      emit(r, r.end.peer.trace.cmdlines)
  } else {
    const machine = new SynthMachine(synth.definition)
    for (const record of trace.records({ instance: values.instance ?? '' }))
      for (const r of machine.push(record)) emit(r, trace.cmdlines)
  }
  if (histField !== undefined) {
    const h = latencyHistogram(traced, histField, buckets === undefined ? {} : { buckets })
    if (values.hist !== undefined) out.write(`${name}.${histField}:\n${latencyBars(h)}`)
    if (values.svg !== undefined) await writeFile(values.svg, latencySvg(h, { title: `${name}.${histField}` }))
  }
  out.flush()
  return 0
}

function textLine(
  name: string,
  nanoseconds: boolean,
): (r: SynthRecord, cmdlines: ReadonlyMap<number, string>) => string {
  return (r, cmdlines) =>
    `${lineHead(cmdlines, { ...r, name }, nanoseconds ? 'nsecs' : 'usecs')} ${Object.entries(r.fields)
      .map(([k, v]) => `${k}=${fieldText(v)}`)
      .join(' ')}\n`
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return value.includes('\0') ? value.slice(0, value.indexOf('\0')) : value
  return String(value)
}

function jsonLine(name: string): (r: SynthRecord) => string {
  return (r) =>
    `${JSON.stringify({ ts: r.ts, cpu: r.cpu, pid: r.pid, event: name, handler: r.handler, fields: r.fields }, jsonValue)}\n`
}
