import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { CompileOptions } from '../../compile/options.js'
import { schemaFromDir } from '../../schema/load.js'
import type { Schema } from '../../schema/schema.js'
import { synthFromSpec } from '../../synth/spec/from-spec.js'
import { SynthError } from '../../definition/synth-error.js'
import type { Command } from '../command.js'
import { EVAL_OPTIONS, EVAL_SYNOPSIS, runEval } from './synth-eval.js'
import { createLive, destroyLive, listLive } from './synth-live.js'

/** The kernels whose typings ship with the package. */
const SHIPPED = ['linux-6.1', 'linux-6.18'] as const

export const synthCommand: Command = {
  name: 'synth',
  summary: 'print, create, destroy, list or evaluate synthetic events (JSON specs)',
  usage: `Usage: typed-ftrace synth echo SPEC.json (--formats DIR | --kernel NAME) [options]
       typed-ftrace synth commands SPEC.json (--formats DIR | --kernel NAME) [options]
       typed-ftrace synth create SPEC.json [--instance NAME]
       typed-ftrace synth destroy (SPEC.json | --name NAME) [--instance NAME]
       typed-ftrace synth list [--instance NAME]
${EVAL_SYNOPSIS}
  echo        print the shell lines that create the synthetic event (libtracefs' echo_cmd)
  commands    print the tracefs writes that create and destroy it, as JSON
  create      create it in the running kernel (checked against its live formats;
              everything written is removed again if any step fails)
  destroy     remove it (with --name, one created by another process)
  list        the synthetic events of the running kernel and their triggers
  SPEC.json   the synthetic event in its JSON form ('-' reads stdin)

  --formats DIR        event formats to check against: a tracefs mount, a saved copy
                       of one, or a .tar.gz of it
  --kernel NAME        a kernel whose formats ship with typed-ftrace: ${SHIPPED.join(', ')}
  --tracing-dir PATH   where tracefs is mounted (default /sys/kernel/tracing)
  --instance NAME      put the triggers in instances/NAME
  --legacy-actions     write onmatch(...).<name>(...) instead of .trace(<name>,...)
  --synthetic-events   define the event in synthetic_events instead of dynamic_events

${EVAL_OPTIONS}`,
  async run(args, io) {
    if (args[0] === 'eval' && args[1] !== undefined && !args[1].startsWith('-'))
      return runEval(args.slice(2), await readSpec(args[1]), io)
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        formats: { type: 'string' },
        kernel: { type: 'string' },
        'tracing-dir': { type: 'string' },
        instance: { type: 'string' },
        'legacy-actions': { type: 'boolean', default: false },
        'synthetic-events': { type: 'boolean', default: false },
        name: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    })
    const [action, specPath, ...extra] = positionals
    const live = { instance: values.instance }
    if (action === 'list' && specPath === undefined) return listLive(live, io)
    if (action === 'destroy' && values.name !== undefined && specPath === undefined)
      return destroyLive({ name: values.name }, live, io)
    if ((action === 'create' || action === 'destroy') && specPath !== undefined && extra.length === 0) {
      const spec = await readSpec(specPath)
      const build = (schema: Schema) => synthFromSpec(spec, schema)
      return action === 'create' ? createLive(build, live, io) : destroyLive({ build }, live, io)
    }
    if ((action !== 'echo' && action !== 'commands') || specPath === undefined || extra.length > 0) {
      io.stderr(
        `synth: expected 'echo', 'commands', 'create', 'destroy', 'list' or 'eval' and one SPEC.json\n${this.usage}`,
      )
      return 2
    }
    if ((values.formats === undefined) === (values.kernel === undefined)) {
      io.stderr(`synth: give either --formats DIR or --kernel ${SHIPPED.join('|')}\n${this.usage}`)
      return 2
    }
    const schema =
      values.formats !== undefined ? await schemaFromDir(values.formats) : await shippedSchema(values.kernel!)
    const synth = synthFromSpec(await readSpec(specPath), schema)
    const options: CompileOptions = {
      actionSyntax: values['legacy-actions'] ? 'legacy' : 'trace',
      dynamicEvents: !values['synthetic-events'],
      instance: values.instance,
    }
    if (action === 'echo') io.stdout(synth.echoCmd({ ...options, tracingDir: values['tracing-dir'] }))
    else io.stdout(`${JSON.stringify(synth.commands(options), null, 2)}\n`)
    return 0
  },
}

async function shippedSchema(kernel: string): Promise<Schema> {
  if (!(SHIPPED as readonly string[]).includes(kernel)) {
    throw new SynthError('EINVAL', `unknown kernel '${kernel}': the shipped ones are ${SHIPPED.join(', ')}`)
  }
  // Not a literal specifier: the typings are loaded at run time only, not type-checked with the CLI.
  const specifier = `../../../types/${kernel}.js`
  const module = (await import(specifier)) as { schema: Schema }
  return module.schema
}

async function readSpec(specPath: string): Promise<unknown> {
  const text = specPath === '-' ? await readStdin() : await readFile(specPath, 'utf8')
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new SynthError('EINVAL', `${specPath} is not JSON: ${(error as Error).message}`)
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
