#!/usr/bin/env node
import { TypedFtraceError } from '../errors.js'
import { processIO } from './command.js'
import type { CommandIO } from './command.js'
import { commands } from './commands/index.js'

/** Runs the command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv
  const help = `Usage: typed-ftrace <command> [options]\n\nCommands:\n${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}\n\nRun 'typed-ftrace <command> --help' for a command's options.\n`
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout(help)
    return name === undefined ? 2 : 0
  }
  const command = commands.find((c) => c.name === name)
  if (!command) {
    io.stderr(`typed-ftrace: unknown command '${name}'\n${help}`)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage)
    return 0
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof TypedFtraceError) {
      io.stderr(`typed-ftrace ${name}: ${error.code}: ${error.message}\n`)
      return 1
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`typed-ftrace ${name}: ${error.message}\n${command.usage}`)
      return 2
    }
    throw error
  }
}

const invokedDirectly =
  process.argv[1] !== undefined &&
  import.meta.url === new URL(`file://${(await import('node:fs')).realpathSync(process.argv[1])}`).href
if (invokedDirectly) {
  // A closed pipe (`typed-ftrace report x.dat | head`) ends the output quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
    throw error
  })
  process.exitCode = await main(process.argv.slice(2))
}
