import { parseArgs } from 'node:util'
import { typegen } from '../../typegen/typegen.js'
import type { Command } from '../command.js'

export const typegenCommand: Command = {
  name: 'typegen',
  summary: 'write a TypeScript module with the typed events of a kernel',
  usage: `Usage: typed-ftrace typegen --from <live|DIR|DUMP.tar.gz|TRACE.dat> [--out FILE] [--import-from MODULE] [--verify]

  --from         live (this machine's tracefs), a tracefs mount or a saved copy
                 of one (a folder with events/<system>/<event>/format), a .tar.gz of it,
                 or a trace.dat file (the formats recorded in it)
  --out          the module to write (stdout when absent)
  --import-from  module the generated file imports typed-ftrace from (default typed-ftrace)
  --verify       do not write: exit 1 when --out differs from what would be generated
`,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        from: { type: 'string' },
        out: { type: 'string' },
        'import-from': { type: 'string' },
        verify: { type: 'boolean', default: false },
      },
      strict: true,
    })
    if (!values.from) {
      io.stderr(`typegen: --from is required\n${this.usage}`)
      return 2
    }
    const importFrom = values['import-from']
    const command = [
      'typed-ftrace typegen --from',
      values.from,
      ...(importFrom ? ['--import-from', importFrom] : []),
    ].join(' ')
    const result = await typegen({ from: values.from, out: values.out, importFrom, verify: values.verify, command })
    for (const error of result.errors) io.stderr(`warning: left out: ${error}\n`)
    if (values.verify) {
      if (result.upToDate) {
        io.stderr(`${values.out} is up to date (${result.events} events)\n`)
        return 0
      }
      io.stderr(`${values.out} is stale: regenerate with ${command} --out ${values.out}\n`)
      return 1
    }
    if (values.out) io.stderr(`wrote ${values.out}: ${result.events} events in ${result.systems} systems\n`)
    else io.stdout(result.text)
    return 0
  },
}
