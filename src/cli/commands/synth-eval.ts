import { writeFile } from 'node:fs/promises'
import { ChainMachine } from '../../analyze/chain-machine.js'
import { synthChain } from '../../definition/chain.js'
import { synthWarnings } from '../../definition/warnings.js'
import type { SynthRecord } from '../../analyze/evaluate.js'
import { latencyBars } from '../../analyze/latency/latency-bars.js'
import { latencyHistogram } from '../../analyze/latency/latency-histogram.js'
import { latencySvg } from '../../analyze/latency/latency-svg.js'
import { evaluatePeers } from '../../analyze/cross-peer.js'
import { session } from '../../peer/session.js'
import type { PeerSession } from '../../peer/session.js'
import { TypedFtraceError } from '../../errors.js'
import type { Schema } from '../../schema/schema.js'
import type { SynthBuilder } from '../../synth/synth-builder.js'
import { synthsFromSpec } from '../../synth/spec/from-spec.js'
import { openTrace } from '../../tracedat/open-trace.js'
import type { TraceFile } from '../../tracedat/trace-file.js'
import { defineCommand } from '../command.js'
import type { Command } from '../command.js'
import { ExitCode, oneLine, quoted, usageError } from '../failure.js'
import { outputFile, readSpec, traceInput } from '../files.js'
import { batched, jsonValue, lineHead } from '../report-text.js'

/**
 * A hist computed offline instead of synthetic records (a statement without
 * JOIN): the text of the kernel's `hist` file for the trace's records, or
 * undefined when no record was counted.
 */
export type HistEval = (trace: TraceFile<unknown>, instance: string) => string | undefined

/**
 * Where `eval` gets its synthetic events: a JSON spec (`synth eval`) or an
 * SQL statement (`sql eval`). `load` reads the argument; the synths are made
 * against the trace's formats, and `pick` chooses the one whose records print.
 */
export interface EvalSource {
  /** `synth` or `sql`: the command (its warnings and messages name it). */
  readonly command: string
  readonly argument: readonly [string, string]
  readonly nameHelp: string
  load(
    argument: string,
    name: string | undefined,
  ): Promise<((schema: Schema) => readonly SynthBuilder[]) | { readonly hist: HistEval }>
  pick(synths: readonly SynthBuilder[], name: string | undefined): SynthBuilder
}

const SPEC_SOURCE: EvalSource = {
  command: 'synth',
  argument: [
    'SPEC.json',
    "the synthetic event in its JSON form, or an array of them where later ones start or end on earlier ones ('synthetic/<name>': a chain, evaluated inner first); '-' reads stdin",
  ],
  nameHelp: "with several synths in SPEC.json: print this one's records (default: the last)",
  async load(argument) {
    const spec = await readSpec(argument)
    return (schema) => synthsFromSpec(spec, schema)
  },
  pick(synths, name) {
    const synth = name === undefined ? synths.at(-1)! : synths.find((s) => s.definition.name === name)
    if (!synth)
      throw usageError(`--name ${quoted(name!)}: the spec defines ${synths.map((s) => s.definition.name).join(', ')}`)
    return synth
  },
}

/** `typed-ftrace synth eval SPEC.json TRACE.dat [GUEST.dat...]`. */
export const evalCommand: Command = evalCommandOf(SPEC_SOURCE)

/** The `eval` action over synths from `source`. */
export function evalCommandOf(source: EvalSource): Command {
  const c = source.command
  return defineCommand({
    name: `${c} eval`,
    summary:
      'evaluate the synthetic event offline over a trace.dat, as the kernel would have live (checked against the formats the file holds), and print its records',
    synopsis: [`${c} eval ${source.argument[0]} TRACE.dat [GUEST.dat...] [options]`],
    positionals: [
      source.argument,
      ['TRACE.dat', 'the trace to evaluate over (recognised by its magic bytes)'],
      [
        'GUEST.dat',
        "traces of guests of the same session (trace-cmd record -A): all files are read in the host's time, their formats joined",
      ],
    ],
    arity: [2, Infinity],
    options: {
      format: {
        type: 'string',
        choices: ['text', 'jsonl'],
        default: 'text',
        help: "text: one line per record as 'trace-cmd report -R' prints events; jsonl: one JSON object per record",
      },
      t: { type: 'boolean', short: 't', default: false, help: 'nanosecond time stamps in text (default microseconds)' },
      instance: {
        type: 'string',
        value: 'NAME',
        help: "the buffer instance to evaluate ('' is the top one, the default; one file only)",
      },
      hist: {
        type: 'string',
        value: 'FIELD',
        help: 'print the distribution of FIELD (a synthetic field, e.g. delta) as a latency histogram instead of the records',
      },
      buckets: {
        type: 'string',
        value: 'N',
        number: 'positive',
        help: 'with --hist or --svg: buckets N wide (default: powers of two)',
      },
      svg: { type: 'string', value: 'FILE', help: "also write the histogram of --hist's FIELD (or 'delta') as SVG" },
      start: {
        type: 'string',
        value: 'PEER',
        help: "with guests: take start events only from PEER: host, guest (every guest), a guest's name, or any (default)",
      },
      end: { type: 'string', value: 'PEER', help: 'the same for end events' },
      name: {
        type: 'string',
        value: 'NAME',
        help: source.nameHelp,
      },
    },
    notes: 'When no record matches, nothing is printed, stderr says so and the exit code is 1.',
    async run({ values, positionals }, io) {
      const [specPath, file, ...guests] = positionals as [string, string, ...string[]]
      traceInput(file)
      guests.forEach(traceInput)
      if (values.svg !== undefined) outputFile(values.svg, '--svg')
      if (guests.length > 0 && values.instance !== undefined)
        throw usageError('--instance applies to one file only; with guests every buffer of every file is read')
      if (guests.length === 0 && (values.start !== undefined || values.end !== undefined))
        throw usageError('--start and --end choose among the peers of a host and its guests: give GUEST.dat files')
      const build = await source.load(specPath, values.name)
      const buckets = values.buckets === undefined ? undefined : Number(values.buckets)
      const trace = await openTrace<unknown>(file)
      if (values.instance !== undefined && !trace.instances.includes(values.instance) && values.instance !== '')
        throw usageError(
          `--instance ${quoted(values.instance)}: ${quoted(file)} has ${trace.instances.map((n) => quoted(n)).join(', ') || 'no buffers'}`,
        )
      if (typeof build !== 'function') {
        if (guests.length > 0) throw usageError('a hist is evaluated over one trace.dat: give no GUEST.dat')
        for (const option of ['hist', 'svg', 'buckets'] as const)
          if (values[option] !== undefined) throw usageError(`--${option} applies to synthetic events, not to a hist`)
        const text = build.hist(trace, values.instance ?? '')
        if (text === undefined) {
          io.stderr(`typed-ftrace ${c} eval: the hist counted no record of ${quoted(file)}\n`)
          return ExitCode.NEGATIVE
        }
        io.stdout(text)
        return ExitCode.OK
      }
      let peers: PeerSession | undefined
      if (guests.length > 0) {
        peers = session(trace)
        for (const g of await Promise.all(guests.map((f) => openTrace<unknown>(f)))) {
          peers = peers.guest(g, { check: 'none' })
          for (const p of peers.guests.at(-1)!.problems) io.stderr(`${c} eval: warning: ${oneLine(p.message)}\n`)
        }
      }
      const synth = source.pick(build(peers ? peers.schema : trace.schema), values.name)
      for (const d of synthChain(synth.definition))
        for (const w of synthWarnings(d)) io.stderr(`typed-ftrace ${c}: warning: ${oneLine(w)}\n`)
      const name = synth.definition.name
      const histField = values.hist ?? (values.svg !== undefined ? 'delta' : undefined)
      if (histField !== undefined && !synth.definition.fields.some((f) => f.name === histField)) {
        throw new TypedFtraceError(
          'EINVAL',
          `${quoted(histField)} is not a field of ${name}: ${synth.definition.fields.map((f) => f.name).join(', ')}`,
        )
      }
      const traced: { fields: object }[] = []
      const out = batched(io)
      const line = values.format === 'jsonl' ? jsonLine(name) : textLine(name, values.t)
      let matched = 0
      const emit = (r: SynthRecord, cmdlines: ReadonlyMap<number, string>) => {
        if (r.action !== 'trace') return
        matched++
        if (histField !== undefined) traced.push({ fields: r.fields })
        if (values.hist === undefined) out.write(line(r, cmdlines))
      }
      if (peers) {
        for (const r of evaluatePeers(synth, peers, { start: values.start ?? 'any', end: values.end ?? 'any' }))
          emit(r, r.end.peer.trace.cmdlines)
      } else {
        const machine = new ChainMachine(synth.definition)
        for (const record of trace.records({ instance: values.instance ?? '' }))
          for (const r of machine.push(record)) emit(r, trace.cmdlines)
      }
      if (histField !== undefined && matched > 0) {
        const h = latencyHistogram(traced, histField, buckets === undefined ? {} : { buckets })
        if (values.hist !== undefined) out.write(`${name}.${histField}:\n${latencyBars(h)}`)
        if (values.svg !== undefined) await writeFile(values.svg, latencySvg(h, { title: `${name}.${histField}` }))
      }
      out.flush()
      if (matched === 0) {
        io.stderr(
          `typed-ftrace ${c} eval: no ${name} record: no end event found a matching start event in ${quoted(file)}${guests.length ? ' and its guests' : ''}\n`,
        )
        return ExitCode.NEGATIVE
      }
      return ExitCode.OK
    },
  })
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
