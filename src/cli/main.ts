#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { processIO } from './command.js'
import type { CommandIO } from './command.js'
import { commands } from './commands/index.js'
import { EXIT_CODES_HELP, exitCodeOf, ExitCode, failureText, oneLine } from './failure.js'

/** The package's version (from its package.json). */
export function version(): string {
  // dist/src/cli/main.js, or src/cli/main.ts when run from the sources.
  for (const path of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name: string; version: string }
      if (pkg.name === 'typed-ftrace') return pkg.version
    } catch {
      // not there: try the next
    }
  }
  return 'unknown'
}

function help(): string {
  return `Usage: typed-ftrace <command> [options]
       typed-ftrace --version

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'typed-ftrace <command> --help' for a command's options. Everywhere: --debug prints
the stack trace of a failure.

${EXIT_CODES_HELP}`
}

/**
 * Runs the command line; resolves to the exit code. Every failure is one line
 * on stderr (`typed-ftrace <command>: <problem>`) and a documented exit code;
 * the stack trace only with `--debug`.
 */
export async function main(argv: readonly string[], io: CommandIO = processIO): Promise<number> {
  const debug = argv.includes('--debug')
  const args = argv.filter((a) => a !== '--debug')
  const [name, ...rest] = args
  if (name === undefined) {
    io.stderr(`typed-ftrace: no command given\n${help()}`)
    return ExitCode.USAGE
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help())
    return ExitCode.OK
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`typed-ftrace ${version()}\n`)
    return ExitCode.OK
  }
  const command = commands.find((c) => c.name === name)
  if (!command) {
    io.stderr(
      `typed-ftrace: unknown command ${oneLine(JSON.stringify(name), 80)}: use ${commands.map((c) => c.name).join(', ')} (typed-ftrace --help)\n`,
    )
    return ExitCode.USAGE
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usageFor?.(rest) ?? command.usage)
    return ExitCode.OK
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    io.stderr(`typed-ftrace ${name}: ${failureText(error)}\n`)
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`)
    return exitCodeOf(error)
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
