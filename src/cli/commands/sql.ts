import { parseSql } from '../../sql/parser.js'
import { hist } from '../../analyze/hist/hist.js'
import type { HistDefinition } from '../../definition/hist-definition.js'
import { filterText } from '../../filter/filter-state.js'
import { sql, sqlHist, sqlSynth } from '../../sql/sql.js'
import type { Schema } from '../../schema/schema.js'
import type { SynthBuilder } from '../../synth/synth-builder.js'
import type { TraceFile } from '../../tracedat/trace-file.js'
import { defineCommand, groupCommand } from '../command.js'
import type { Command, OptionSpec } from '../command.js'
import { ExitCode, usageError } from '../failure.js'
import { readSpecText, tracingDir } from '../files.js'
import { compileOptions, formatsOptions, formatsSchema, warn } from './synth.js'
import { evalCommandOf } from './synth-eval.js'
import { createLive } from './synth-live.js'

const STATEMENT_ARG = [
  'STATEMENT',
  "the SQL statement (libtracefs' dialect, as sqlhist takes it), or '-' to read it from stdin, or @FILE",
] as const

const nameOption = {
  name: {
    type: 'string',
    value: 'NAME',
    help: 'the synthetic event made by a statement with JOIN (a statement without JOIN makes a hist and takes no name)',
  },
} as const satisfies Record<string, OptionSpec>

const NOTES = `A statement with JOIN makes a synthetic event, one without a hist trigger on the FROM event:
  SELECT start.pid, TIMESTAMP_DELTA_USECS AS lat FROM sched.sched_waking AS start
    JOIN sched.sched_switch AS end ON start.pid = end.next_pid WHERE end.prev_prio < 100
  SELECT CAST(common_pid AS EXECNAME), CAST(bytes_req AS _COUNTER_) FROM kmem.kmalloc`

/** The statement: the argument itself, stdin for `-`, a file for `@FILE`. */
async function statementText(arg: string): Promise<string> {
  if (arg === '-') return readSpecText('-')
  if (arg.startsWith('@')) return readSpecText(arg.slice(1))
  return arg
}

function needName(name: string | undefined): string {
  if (name === undefined) throw usageError('the statement has a JOIN: give --name NAME for its synthetic event')
  return name
}

const echo = defineCommand({
  name: 'sql echo',
  summary: 'print the shell lines that create what the statement makes (a synthetic event, or a hist without JOIN)',
  synopsis: ['sql echo STATEMENT (--formats DIR | --kernel NAME) [--name NAME] [options]'],
  positionals: [STATEMENT_ARG],
  arity: [1, 1],
  options: {
    ...formatsOptions,
    ...nameOption,
    'tracing-dir': {
      type: 'string',
      value: 'PATH',
      help: 'the tracefs path the lines write to (default /sys/kernel/tracing)',
    },
  },
  notes: NOTES,
  async run({ values, positionals }, io) {
    const text = await statementText(positionals[0]!)
    const schema = await formatsSchema(values)
    const options = { ...compileOptions(values), tracingDir: values['tracing-dir'] }
    const join = parseSql(text).join !== undefined
    if (join) needName(values.name)
    else if (values.name !== undefined)
      throw usageError('the statement has no JOIN: it makes a hist, which takes no --name')
    const result = sql(values.name ?? '', text, schema)
    if (result.kind === 'synth') warn([runtimeBuilder(result.synth)], io)
    io.stdout(result.echoCmd(options))
    return ExitCode.OK
  },
})

const create = defineCommand({
  name: 'sql create',
  summary:
    'create the synthetic event of a statement with JOIN in the running kernel (checked against its live formats)',
  synopsis: ['sql create STATEMENT --name NAME [--tracing-dir PATH] [--instance NAME]'],
  positionals: [STATEMENT_ARG],
  arity: [1, 1],
  options: {
    ...nameOption,
    'tracing-dir': { type: 'string', value: 'PATH', help: 'where tracefs is mounted (default: found, or mounted)' },
    instance: { type: 'string', value: 'NAME', help: 'put the triggers in instances/NAME' },
  },
  notes: NOTES,
  async run({ values, positionals }, io) {
    const text = await statementText(positionals[0]!)
    if (parseSql(text).join === undefined)
      throw usageError(
        'the statement has no JOIN: it makes a hist, which sql create does not make (sql echo prints its line)',
      )
    const name = needName(values.name)
    const root = values['tracing-dir'] === undefined ? undefined : tracingDir(values['tracing-dir'])
    return createLive(
      (schema) => {
        const synth = sqlBuilder(name, text, schema)
        warn([synth], io)
        return [synth]
      },
      { instance: values.instance, root },
      io,
    )
  },
})

/** The hist over the trace's records of its event, as the kernel's `hist` file prints it; undefined when none counted. */
function histText(def: HistDefinition, trace: TraceFile<unknown>, instance: string): string | undefined {
  type Offline = {
    keys(...k: string[]): Offline
    values(...v: string[]): Offline
    filter(text: string): Offline
    rows(): unknown[]
    text(options: { symbol: (address: bigint) => { name: string; address: bigint } | undefined }): string
  }
  const records = [...trace.records({ instance })].filter(
    (r) => r.event.system === def.system && r.event.name === def.event,
  )
  let h = (hist as unknown as (records: Iterable<unknown>) => Offline)(records).keys(...def.keys.map((k) => k.spec))
  if (def.values.length > 0) h = h.values(...def.values.map((v) => v.spec))
  if (def.filter.text !== '') h = h.filter(filterText(def.filter))
  if (h.rows().length === 0) return undefined
  return h.text({ symbol: (address) => trace.symbols.find(address) })
}

/** The run-time builder behind the typed one a statement gives: what the CLI's commands drive. */
function runtimeBuilder(synth: unknown): SynthBuilder {
  return synth as SynthBuilder
}

function sqlBuilder(name: string, text: string, schema: Schema): SynthBuilder {
  return runtimeBuilder(sqlSynth(name, text, schema))
}

const evalCommand = evalCommandOf({
  command: 'sql',
  argument: STATEMENT_ARG,
  nameHelp: 'the synthetic event made by a statement with JOIN (without JOIN the hist of the FROM event is printed)',
  async load(argument, name) {
    const text = await statementText(argument)
    if (parseSql(text).join === undefined) {
      if (name !== undefined) throw usageError('the statement has no JOIN: it makes a hist, which takes no --name')
      return { hist: (trace, instance) => histText(sqlHist(text, trace.schema).definition, trace, instance) }
    }
    const synthName = needName(name)
    return (schema) => [sqlBuilder(synthName, text, schema)]
  },
  pick: (synths) => synths[0]!,
})

const SUBCOMMANDS: readonly Command[] = [echo, create, evalCommand]

export const sqlCommand: Command = groupCommand(
  'sql',
  "print, create or evaluate what an SQL statement makes (libtracefs' tracefs_sql dialect)",
  SUBCOMMANDS,
)
