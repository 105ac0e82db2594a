/** One sub-command of the `typed-ftrace` command line. */
export interface Command {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** Full usage text printed by `--help`. */
  readonly usage: string
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: CommandIO): Promise<number>
}

/** Where a command writes; tests pass their own. */
export interface CommandIO {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
}

export const processIO: CommandIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}
