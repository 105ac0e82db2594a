import { statSync } from 'node:fs'
import { typegen } from '../../typegen/typegen.js'
import { defineCommand } from '../command.js'
import type { Command } from '../command.js'
import { CliError, ExitCode, oneLine, quoted, usageError } from '../failure.js'
import { outputFile } from '../files.js'

export const typegenCommand: Command = defineCommand({
  name: 'typegen',
  summary: 'write a TypeScript module with the typed events of a kernel',
  synopsis: [
    'typegen --from <live|DIR|DUMP.tar.gz|TRACE.dat> [--out FILE] [--import-from MODULE] [--register-as NAME] [--verify]',
  ],
  positionals: [],
  arity: [0, 0],
  options: {
    from: {
      type: 'string',
      value: 'SOURCE',
      help: "live (this machine's tracefs), a tracefs mount or a saved copy of one (a folder with events/<system>/<event>/format), a .tar.gz of it, or a trace.dat file (recognised by its magic bytes; the formats recorded in it)",
    },
    out: { type: 'string', value: 'FILE', help: 'the module to write (stdout when absent)' },
    'import-from': {
      type: 'string',
      value: 'MODULE',
      help: 'module the generated file imports typed-ftrace from (default typed-ftrace)',
    },
    'register-as': {
      type: 'string',
      value: 'NAME',
      help: "the name the module registers its kernel under (default the kernel's release); two modules imported together need different names",
    },
    verify: {
      type: 'boolean',
      default: false,
      help: 'do not write: exit 1 when --out differs from what would be generated',
    },
  },
  async run({ values }, io) {
    if (values.from === undefined) throw usageError('--from is required')
    if (values.verify && values.out === undefined) throw usageError('--verify needs --out, the file to compare with')
    if (values.from !== 'live') {
      try {
        statSync(values.from)
      } catch {
        throw new CliError(ExitCode.INPUT, `--from ${quoted(values.from)} does not exist`)
      }
    }
    if (values.out !== undefined && !values.verify) outputFile(values.out, '--out')
    const importFrom = values['import-from']
    const registerAs = values['register-as']
    const command = [
      'typed-ftrace typegen --from',
      values.from,
      ...(importFrom ? ['--import-from', importFrom] : []),
      ...(registerAs ? ['--register-as', registerAs] : []),
    ].join(' ')
    const result = await typegen({
      from: values.from,
      out: values.out,
      importFrom,
      registerAs,
      verify: values.verify,
      command,
    })
    for (const error of result.errors) io.stderr(`warning: left out: ${oneLine(error, 300)}\n`)
    if (values.verify) {
      if (result.upToDate) {
        io.stderr(`${values.out} is up to date (${result.events} events)\n`)
        return ExitCode.OK
      }
      io.stderr(`typed-ftrace typegen: ${values.out} is stale: regenerate with ${command} --out ${values.out}\n`)
      return ExitCode.NEGATIVE
    }
    if (values.out) io.stderr(`wrote ${values.out}: ${result.events} events in ${result.systems} systems\n`)
    else io.stdout(result.text)
    return ExitCode.OK
  },
})
