import type { CompileOptions } from '../../compile/options.js'
import { schemaFromDir } from '../../schema/load.js'
import type { Schema } from '../../schema/schema.js'
import { checkSpecChain, synthsFromSpec } from '../../synth/spec/from-spec.js'
import { synthWarnings } from '../../definition/warnings.js'
import type { SynthBuilder } from '../../synth/synth-builder.js'
import { defineCommand, groupCommand } from '../command.js'
import type { Command, CommandIO, OptionSpec } from '../command.js'
import { CliError, ExitCode, oneLine, usageError } from '../failure.js'
import { readSpec, regularFile, tracingDir } from '../files.js'
import { evalCommand } from './synth-eval.js'
import { createLive, destroyLive, listLive, readLive } from './synth-live.js'

/** The kernels whose typings ship with the package. */
export const SHIPPED = ['linux-6.1', 'linux-6.12', 'linux-6.18'] as const

export const formatsOptions = {
  formats: {
    type: 'string',
    value: 'DIR',
    help: 'event formats to check against: a tracefs mount, a saved copy of one, or a .tar.gz of it',
  },
  kernel: { type: 'string', value: 'NAME', choices: SHIPPED, help: 'a kernel whose formats ship with typed-ftrace' },
  instance: { type: 'string', value: 'NAME', help: 'put the triggers in instances/NAME' },
  'legacy-actions': {
    type: 'boolean',
    default: false,
    help: 'write onmatch(...).<name>(...) instead of .trace(<name>,...)',
  },
  'synthetic-events': {
    type: 'boolean',
    default: false,
    help: 'define the event in synthetic_events instead of dynamic_events',
  },
} as const satisfies Record<string, OptionSpec>

export const liveOptions = {
  'tracing-dir': { type: 'string', value: 'PATH', help: 'where tracefs is mounted (default: found, or mounted)' },
  instance: { type: 'string', value: 'NAME', help: 'the triggers are in instances/NAME' },
} as const satisfies Record<string, OptionSpec>

const SPEC_ARG = [
  'SPEC.json',
  "the synthetic event in its JSON form, or an array of them where later ones may start or end on earlier ones ('synthetic/<name>'); '-' reads stdin",
] as const

/** The schema of `--formats DIR` or `--kernel NAME` (exactly one of them). */
export async function formatsSchema(values: {
  formats?: string | undefined
  kernel?: string | undefined
}): Promise<Schema> {
  if ((values.formats === undefined) === (values.kernel === undefined))
    throw usageError(`give either --formats DIR or --kernel ${SHIPPED.join('|')}`)
  if (values.formats !== undefined) {
    if (!/\.(tar\.gz|tgz|tar)$/.test(values.formats)) {
      try {
        tracingDir(values.formats)
      } catch (error) {
        const message = (error as Error).message
          .replace(/^--tracing-dir/, '--formats')
          .replace(/is not a tracefs mount/, 'is not a tracefs mount or a copy of one')
        throw new CliError(ExitCode.INPUT, message)
      }
    } else regularFile(values.formats, '--formats')
    return schemaFromDir(values.formats)
  }
  // Not a literal specifier: the typings are loaded at run time only, not type-checked with the CLI.
  const specifier = `../../../types/${values.kernel}.js`
  const module = (await import(specifier)) as { schema: Schema }
  return module.schema
}

export function compileOptions(values: {
  'legacy-actions': boolean
  'synthetic-events': boolean
  instance?: string | undefined
}): CompileOptions {
  return {
    actionSyntax: values['legacy-actions'] ? 'legacy' : 'trace',
    dynamicEvents: !values['synthetic-events'],
    instance: values.instance,
  }
}

/** What the kernel accepts but the author probably did not mean: one line each on stderr. */
export function warn(synths: readonly SynthBuilder[], io: CommandIO): void {
  for (const s of synths)
    for (const w of synthWarnings(s.definition)) io.stderr(`typed-ftrace synth: warning: ${oneLine(w)}\n`)
}

const echo = defineCommand({
  name: 'synth echo',
  summary: "print the shell lines that create the synthetic event (libtracefs' echo_cmd)",
  synopsis: ['synth echo SPEC.json (--formats DIR | --kernel NAME) [options]'],
  positionals: [SPEC_ARG],
  arity: [1, 1],
  options: {
    ...formatsOptions,
    'tracing-dir': {
      type: 'string',
      value: 'PATH',
      help: 'the tracefs path the lines write to (default /sys/kernel/tracing)',
    },
  },
  async run({ values, positionals }, io) {
    const spec = await readSpec(positionals[0]!)
    const options = { ...compileOptions(values), tracingDir: values['tracing-dir'] }
    const synths = synthsFromSpec(spec, await formatsSchema(values))
    warn(synths, io)
    // A chain: the synths in the file's order, so each exists before a later one's triggers name it.
    io.stdout(synths.map((s) => s.echoCmd(options)).join(''))
    return ExitCode.OK
  },
})

const commandsCommand = defineCommand({
  name: 'synth commands',
  summary:
    'print the tracefs writes that create and destroy the synthetic event, as JSON (an array of them for an array of synths)',
  synopsis: ['synth commands SPEC.json (--formats DIR | --kernel NAME) [options]'],
  positionals: [SPEC_ARG],
  arity: [1, 1],
  options: formatsOptions,
  async run({ values, positionals }, io) {
    const spec = await readSpec(positionals[0]!)
    const commands = synthsFromSpec(spec, await formatsSchema(values)).map((s) => s.commands(compileOptions(values)))
    io.stdout(`${JSON.stringify(Array.isArray(spec) ? commands : commands[0], null, 2)}\n`)
    return ExitCode.OK
  },
})

const create = defineCommand({
  name: 'synth create',
  summary:
    "create the synthetic event in the running kernel (checked against its live formats; everything written is removed again if any step fails); a chain in the file's order",
  synopsis: ['synth create SPEC.json [--tracing-dir PATH] [--instance NAME]'],
  positionals: [SPEC_ARG],
  arity: [1, 1],
  options: liveOptions,
  async run({ values, positionals }, io) {
    const spec = await readSpec(positionals[0]!)
    checkSpecChain(spec)
    const root = values['tracing-dir'] === undefined ? undefined : tracingDir(values['tracing-dir'])
    return createLive(
      (schema) => {
        const synths = synthsFromSpec(spec, schema)
        warn(synths, io)
        return synths
      },
      { instance: values.instance, root },
      io,
    )
  },
})

const destroy = defineCommand({
  name: 'synth destroy',
  summary: 'remove a synthetic event (with --name, one created by another process); a chain in reverse order',
  synopsis: ['synth destroy (SPEC.json | --name NAME) [--tracing-dir PATH] [--instance NAME]'],
  positionals: [SPEC_ARG],
  arity: [0, 1],
  options: { ...liveOptions, name: { type: 'string', value: 'NAME', help: 'the synthetic event to remove' } },
  async run({ values, positionals }, io) {
    if ((values.name === undefined) === (positionals[0] === undefined))
      throw usageError('give either SPEC.json or --name NAME')
    const spec = positionals[0] === undefined ? undefined : await readSpec(positionals[0])
    checkSpecChain(spec)
    const root = values['tracing-dir'] === undefined ? undefined : tracingDir(values['tracing-dir'])
    const live = { instance: values.instance, root }
    if (values.name !== undefined) return destroyLive({ name: values.name }, live, io)
    return destroyLive({ build: (schema) => synthsFromSpec(spec, schema) }, live, io)
  },
})

const read = defineCommand({
  name: 'synth read',
  summary:
    "print what the kernel keeps of each synth's end trigger: its section of the end event's hist file, or its rows with the onmax/onchange values, the fields save() kept and the last snapshot's note as JSON",
  synopsis: ['synth read SPEC.json [--format text|json] [--tracing-dir PATH] [--instance NAME]'],
  positionals: [SPEC_ARG],
  arity: [1, 1],
  options: {
    ...liveOptions,
    format: {
      type: 'string',
      value: 'FORMAT',
      choices: ['text', 'json'],
      default: 'text',
      help: 'text: the section as the kernel prints it; json: one object per synth (64-bit values as strings)',
    },
  },
  async run({ values, positionals }, io) {
    const spec = await readSpec(positionals[0]!)
    checkSpecChain(spec)
    const root = values['tracing-dir'] === undefined ? undefined : tracingDir(values['tracing-dir'])
    return readLive(
      (schema) => synthsFromSpec(spec, schema),
      values.format === 'json' ? 'json' : 'text',
      { instance: values.instance, root },
      io,
    )
  },
})

const list = defineCommand({
  name: 'synth list',
  summary: 'the synthetic events of the running kernel and their triggers',
  synopsis: ['synth list [--tracing-dir PATH] [--instance NAME]'],
  positionals: [],
  arity: [0, 0],
  options: liveOptions,
  async run({ values }, io) {
    const root = values['tracing-dir'] === undefined ? undefined : tracingDir(values['tracing-dir'])
    return listLive({ instance: values.instance, root }, io)
  },
})

const SUBCOMMANDS: readonly Command[] = [echo, commandsCommand, create, read, destroy, list, evalCommand]

export const synthCommand: Command = groupCommand(
  'synth',
  'print, create, read, destroy, list or evaluate synthetic events (JSON specs)',
  SUBCOMMANDS,
)
