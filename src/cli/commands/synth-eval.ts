import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { SynthMachine } from '../../analyze/evaluate.js'
import type { SynthRecord } from '../../analyze/evaluate.js'
import { latencyBars } from '../../analyze/latency/latency-bars.js'
import { latencyHistogram } from '../../analyze/latency/latency-histogram.js'
import { latencySvg } from '../../analyze/latency/latency-svg.js'
import type { EvalRecord } from '../../analyze/records.js'
import { TypedFtraceError } from '../../errors.js'
import { synthFromSpec } from '../../synth/spec/from-spec.js'
import { openTrace } from '../../tracedat/open-trace.js'
import type { TraceFile } from '../../tracedat/trace-file.js'
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
  --instance NAME      the buffer instance to evaluate ('' is the top one, the default)
  --hist FIELD         print the distribution of FIELD (a synthetic field, e.g. delta)
                       as a latency histogram instead of the records
  --buckets N          with --hist or --svg: buckets N wide (default: powers of two)
  --svg FILE           also write the histogram of --hist's FIELD (or 'delta') as SVG
  GUEST.dat            traces of guests of the same session (cross-peer evaluation)
`

/**
 * Where cross-peer evaluation joins: the records of a host trace and its
 * guests' traces, in the host's time, merged. It needs the peer-session API
 * (pairing guests to the host by trace id, time correction), which this build
 * does not include.
 */
export function peerRecords(host: TraceFile<unknown>, guests: readonly string[]): Iterable<EvalRecord> {
  void host
  throw new TypedFtraceError('ENOSYS', `cross-peer evaluation needs the peer-session API (sessions pairing host and guest traces in host time), which this build of typed-ftrace does not include; evaluate each file on its own meanwhile (guest files given: ${guests.join(', ')})`)
}

/** `typed-ftrace synth eval SPEC.json TRACE.dat [GUEST.dat...]`. */
export async function runEval(args: readonly string[], spec: unknown, io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      format: { type: 'string', default: 'text' },
      t: { type: 'boolean', short: 't', default: false },
      instance: { type: 'string', default: '' },
      hist: { type: 'string' },
      buckets: { type: 'string' },
      svg: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  })
  const [file, ...guests] = positionals
  const buckets = values.buckets === undefined ? undefined : Number(values.buckets)
  if (file === undefined || (values.format !== 'text' && values.format !== 'jsonl') || (buckets !== undefined && !(Number.isSafeInteger(buckets) && buckets > 0))) {
    io.stderr(`synth eval: expected SPEC.json and TRACE.dat; --format text|jsonl; --buckets a whole number > 0\n${EVAL_SYNOPSIS}\n${EVAL_OPTIONS}`)
    return 2
  }
  const trace = await openTrace<unknown>(file)
  const synth = synthFromSpec(spec, trace.schema)
  const source: Iterable<EvalRecord> = guests.length > 0 ? peerRecords(trace, guests) : trace.records({ instance: values.instance })
  const machine = new SynthMachine(synth.definition)
  const name = synth.definition.name
  const histField = values.hist ?? (values.svg !== undefined ? 'delta' : undefined)
  if (histField !== undefined && !synth.definition.fields.some((f) => f.name === histField)) {
    throw new TypedFtraceError('EINVAL', `'${histField}' is not a field of ${name}: ${synth.definition.fields.map((f) => f.name).join(', ')}`)
  }
  const traced: { fields: object }[] = []
  const out = batched(io)
  const line = values.format === 'jsonl' ? jsonLine(name) : textLine(trace, name, values.t)
  for (const record of source) {
    for (const r of machine.push(record)) {
      if (r.action !== 'trace') continue
      if (histField !== undefined) traced.push({ fields: r.fields })
      if (values.hist === undefined) out.write(line(r))
    }
  }
  if (histField !== undefined) {
    const h = latencyHistogram(traced, histField, buckets === undefined ? {} : { buckets })
    if (values.hist !== undefined) out.write(`${name}.${histField}:\n${latencyBars(h)}`)
    if (values.svg !== undefined) await writeFile(values.svg, latencySvg(h, { title: `${name}.${histField}` }))
  }
  out.flush()
  return 0
}

function textLine(trace: TraceFile<unknown>, name: string, nanoseconds: boolean): (r: SynthRecord) => string {
  return (r) => `${lineHead(trace.cmdlines, { ...r, name }, nanoseconds)} ${Object.entries(r.fields).map(([k, v]) => `${k}=${fieldText(v)}`).join(' ')}\n`
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return value.includes('\0') ? value.slice(0, value.indexOf('\0')) : value
  return String(value)
}

function jsonLine(name: string): (r: SynthRecord) => string {
  return (r) => `${JSON.stringify({ ts: r.ts, cpu: r.cpu, pid: r.pid, event: name, handler: r.handler, fields: r.fields }, jsonValue)}\n`
}
