import { histsFromSpec } from '../../analyze/hist/from-spec.js'
import type { SpecHist } from '../../analyze/hist/from-spec.js'
import { histEchoCmd, histTriggerText } from '../../compile/hist-trigger.js'
import type { HistCommand } from '../../compile/hist-trigger.js'
import { schemaFromDir, schemaFromLive } from '../../schema/load.js'
import type { Schema } from '../../schema/schema.js'
import { HistHandle } from '../../tracefs/hist-handle.js'
import { parseHistSection } from '../../tracefs/hist-file.js'
import { tracefs } from '../../tracefs/tracefs.js'
import type { Tracefs } from '../../tracefs/tracefs.js'
import { defineCommand, groupCommand } from '../command.js'
import type { Command, OptionSpec } from '../command.js'
import { ExitCode, oneLine } from '../failure.js'
import { readSpec, tracingDir } from '../files.js'
import { jsonValue } from '../report-text.js'
import { formatsOptions, formatsSchema, liveOptions } from './synth.js'

const SPEC_ARG = [
  'SPEC.json',
  "the hist trigger in its JSON form, or an array of them (see HIST-SPEC.md); '-' reads stdin",
] as const

const HIST_COMMANDS = ['start', 'pause', 'cont', 'clear', 'destroy'] as const

const echoOptions = {
  formats: formatsOptions.formats,
  kernel: formatsOptions.kernel,
  instance: formatsOptions.instance,
  'tracing-dir': {
    type: 'string',
    value: 'PATH',
    help: 'the tracefs path the lines write to (default /sys/kernel/tracing)',
  },
  command: {
    type: 'string',
    value: 'CMD',
    choices: HIST_COMMANDS,
    default: 'start',
    help: "what the lines do, as tracefs_hist_echo_cmd's command: start (create), pause, cont, clear or destroy",
  },
} as const satisfies Record<string, OptionSpec>

/** The live tracing directory and its schema, from `--tracing-dir` and `--instance`. */
async function live(values: { 'tracing-dir'?: string | undefined; instance?: string | undefined }): Promise<{
  tfs: Tracefs
  schema: () => Promise<Schema>
}> {
  const root = values['tracing-dir'] === undefined ? undefined : tracingDir(values['tracing-dir'])
  const tfs = await tracefs({
    ...(values.instance ? { instance: values.instance } : {}),
    ...(root ? { root } : {}),
  })
  tfs.requireHist()
  return { tfs, schema: () => (root ? schemaFromDir(root) : schemaFromLive()) }
}

const where = (h: SpecHist) => `${h.definition.system}/${h.definition.event}`

const echo = defineCommand({
  name: 'hist echo',
  summary: "print the shell lines that create the hist trigger (libtracefs' tracefs_hist_echo_cmd)",
  synopsis: ['hist echo SPEC.json (--formats DIR | --kernel NAME) [options]'],
  positionals: [SPEC_ARG],
  arity: [1, 1],
  options: echoOptions,
  async run({ values, positionals }, io) {
    const spec = await readSpec(positionals[0]!)
    const hists = histsFromSpec(spec, await formatsSchema(values))
    const options = { instance: values.instance, tracingDir: values['tracing-dir'] }
    io.stdout(hists.map((h) => histEchoCmd(h.definition, values.command as HistCommand, options)).join(''))
    return ExitCode.OK
  },
})

const create = defineCommand({
  name: 'hist create',
  summary:
    "create the hist trigger in the running kernel (checked against its live formats); several in the file's order, all removed again if one fails",
  synopsis: ['hist create SPEC.json [--tracing-dir PATH] [--instance NAME]'],
  positionals: [SPEC_ARG],
  arity: [1, 1],
  options: liveOptions,
  async run({ values, positionals }, io) {
    const spec = await readSpec(positionals[0]!)
    const { tfs, schema } = await live(values)
    const hists = histsFromSpec(spec, await schema())
    const created: SpecHist[] = []
    for (const h of hists) {
      try {
        await tfs.create(h)
      } catch (error) {
        for (const done of created.reverse()) {
          try {
            await tfs.destroyHist(done)
          } catch (undo) {
            io.stderr(
              `warning: could not remove the hist on ${where(done)} again: ${oneLine((undo as Error).message)}\n`,
            )
          }
        }
        throw error
      }
      created.push(h)
    }
    for (const h of created) io.stdout(`created hist trigger on ${where(h)}: ${histTriggerText(h.definition)}\n`)
    return ExitCode.OK
  },
})

const read = defineCommand({
  name: 'hist read',
  summary: "print the kernel's table of the hist trigger: its section of the event's hist file, or its rows as JSON",
  synopsis: ['hist read SPEC.json [--format text|json] [--tracing-dir PATH] [--instance NAME]'],
  positionals: [SPEC_ARG],
  arity: [1, 1],
  options: {
    ...liveOptions,
    format: {
      type: 'string',
      value: 'FORMAT',
      choices: ['text', 'json'],
      default: 'text',
      help: 'text: the section as the kernel prints it; json: one object per hist, rows typed by the event (64-bit values as strings)',
    },
  },
  async run({ values, positionals }, io) {
    const spec = await readSpec(positionals[0]!)
    const { tfs, schema } = await live(values)
    for (const h of histsFromSpec(spec, await schema())) {
      const section = await new HistHandle({ tracefs: tfs.untyped(), hist: h }).section()
      if (values.format === 'text') io.stdout(section.text)
      else {
        const parsed = parseHistSection(section.text, h.definition)
        io.stdout(
          `${JSON.stringify({ event: where(h), trigger: section.trigger, paused: section.paused, ...parsed }, jsonValue)}\n`,
        )
      }
    }
    return ExitCode.OK
  },
})

const destroy = defineCommand({
  name: 'hist destroy',
  summary: 'remove the hist trigger (tracefs_hist_destroy); several in reverse order',
  synopsis: ['hist destroy SPEC.json [--tracing-dir PATH] [--instance NAME]'],
  positionals: [SPEC_ARG],
  arity: [1, 1],
  options: liveOptions,
  async run({ values, positionals }, io) {
    const spec = await readSpec(positionals[0]!)
    const { tfs, schema } = await live(values)
    for (const h of histsFromSpec(spec, await schema()).reverse()) {
      const removed = await tfs.destroyHist(h)
      io.stdout(
        removed
          ? `removed hist trigger on ${where(h)}: ${histTriggerText(h.definition)}\n`
          : `nothing to remove: no such hist trigger on ${where(h)}\n`,
      )
    }
    return ExitCode.OK
  },
})

const SUBCOMMANDS: readonly Command[] = [echo, create, read, destroy]

export const histCommand: Command = groupCommand(
  'hist',
  'print, create, read or destroy hist triggers on one event (JSON specs)',
  SUBCOMMANDS,
)
