import { parseArgs } from 'node:util'
import { EXIT_CODES_HELP, oneLine, usageError } from './failure.js'

/** One sub-command of the `typed-ftrace` command line. */
export interface Command {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** Full usage text printed by `--help`. */
  readonly usage: string
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: CommandIO): Promise<number>
  /** The `--help` text for these arguments, when it is not {@link usage} (a sub-command's). */
  usageFor?(args: readonly string[]): string | undefined
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

/** One option of a command's table: how it parses, what values it takes, and its help line. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean'
  readonly short?: string
  readonly multiple?: boolean
  /** The value's placeholder in the help (`N`, `FILE`). */
  readonly value?: string
  /** The only values allowed (checked, and listed in the help). */
  readonly choices?: readonly string[]
  /** `int`: a whole number >= 0; `positive`: a whole number > 0. */
  readonly number?: 'int' | 'positive'
  readonly default?: string | boolean
  readonly help: string
}

/** A command as one table: its arguments, its options and what it does with them. */
export interface CommandSpec<O extends Record<string, OptionSpec>> {
  readonly name: string
  readonly summary: string
  /** The synopsis lines after `Usage:` (without the program name). */
  readonly synopsis: readonly string[]
  /** Positional arguments: name and help. */
  readonly positionals: readonly (readonly [string, string])[]
  readonly options: O
  /** Fewest and most positional arguments. */
  readonly arity: readonly [number, number]
  /** Text after the options in `--help`. */
  readonly notes?: string
  run(parsed: Parsed<O>, io: CommandIO): Promise<number>
}

type Value<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['multiple'] extends true
    ? string[]
    : S['default'] extends string
      ? string
      : string | undefined

/** What a command's table parses to. */
export interface Parsed<O extends Record<string, OptionSpec>> {
  readonly values: { readonly [K in keyof O]: Value<O[K]> }
  readonly positionals: readonly string[]
  /** The options in command-line order (for commands where order matters, as `record -B`). */
  readonly order: readonly { readonly name: keyof O & string; readonly value: string | undefined }[]
}

function optionHelp(options: Record<string, OptionSpec>): string {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? (o.choices ? o.choices.join('|') : 'VALUE')}` : ''}`
    const extra = [
      o.choices && o.value ? `one of ${o.choices.join(', ')}` : undefined,
      o.default !== undefined && o.type === 'string' ? `default ${o.default}` : undefined,
      o.multiple ? 'may be repeated' : undefined,
    ].filter((x) => x !== undefined)
    return [flag, `${o.help}${extra.length ? ` (${extra.join('; ')})` : ''}`] as const
  })
  rows.push(['-h, --help', 'this help'], ['--debug', 'print the stack trace of a failure'])
  const width = Math.min(28, Math.max(...rows.map(([f]) => f.length)) + 2)
  return rows
    .map(([flag, help]) =>
      flag.length + 2 > width ? `  ${flag}\n  ${''.padEnd(width)}${help}` : `  ${flag.padEnd(width)}${help}`,
    )
    .join('\n')
}

/** The `--help` text of a command, made from its table. */
export function usageOf(spec: CommandSpec<Record<string, OptionSpec>>): string {
  const synopsis = spec.synopsis.map((s, i) => `${i === 0 ? 'Usage: ' : '       '}typed-ftrace ${s}`).join('\n')
  const args = spec.positionals.map(([n, h]) => `  ${n.padEnd(14)}${h}`).join('\n')
  return `${synopsis}\n\n${spec.summary}\n\n${args ? `Arguments:\n${args}\n\n` : ''}Options:\n${optionHelp(spec.options)}\n${spec.notes ? `\n${spec.notes.trimEnd()}\n` : ''}\n${EXIT_CODES_HELP}`
}

/**
 * Parses a command line against a command's option table with Node's
 * `util.parseArgs` (strict: unknown options and missing values are errors),
 * then checks choices, numbers and the count of arguments. Every mistake is
 * a usage error (exit code 2) naming the option.
 */
export function parseWith<O extends Record<string, OptionSpec>>(
  spec: Pick<CommandSpec<O>, 'options' | 'arity' | 'positionals'>,
  args: readonly string[],
): Parsed<O> {
  const options: Record<
    string,
    { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }
  > = {}
  for (const [name, o] of Object.entries(spec.options)) {
    options[name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
      ...(o.default !== undefined ? { default: o.default } : {}),
    }
  }
  let parsed: {
    values: Record<string, unknown>
    positionals: string[]
    order?: { name: string; value: string | undefined }[]
  }
  try {
    const { values, positionals, tokens } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
      tokens: true,
    })
    const order = tokens.flatMap((t) => (t.kind === 'option' ? [{ name: t.name, value: t.value }] : []))
    parsed = { values, positionals, order }
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '')
    throw usageError(message)
  }
  for (const [name, o] of Object.entries(spec.options)) {
    if (parsed.values[name] === undefined && o.multiple) parsed.values[name] = []
    else if (parsed.values[name] === undefined && o.type === 'boolean') parsed.values[name] = false
    const raw = parsed.values[name]
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
    for (const v of values) {
      if (typeof v !== 'string') continue
      if (o.choices && !o.choices.includes(v))
        throw usageError(`--${name} ${JSON.stringify(v)}: use ${o.choices.join(' or ')}`)
      if (o.number && !(/^\d+$/.test(v) && Number.isSafeInteger(Number(v)) && (o.number === 'int' || Number(v) > 0)))
        throw usageError(
          `--${name} ${JSON.stringify(v)}: expected a whole number${o.number === 'positive' ? ' above 0' : ' (0 or more)'}`,
        )
    }
  }
  const [least, most] = spec.arity
  const n = parsed.positionals.length
  if (n < least) {
    const missing = spec.positionals[Math.min(n, spec.positionals.length - 1)]?.[0] ?? 'an argument'
    throw usageError(`missing ${missing}`)
  }
  if (n > most) throw usageError(`unexpected argument ${JSON.stringify(parsed.positionals[most])}`)
  return parsed as unknown as Parsed<O>
}

/** Makes a {@link Command} of a table: `--help` and the parsing come from it. */
export function defineCommand<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: usageOf(spec as unknown as CommandSpec<Record<string, OptionSpec>>),
    run: (args, io) => spec.run(parseWith(spec, args), io),
  }
}

/**
 * A command of actions (`typed-ftrace synth echo|create|...`): its usage lists
 * each action's first usage line and summary, and it runs the action named by
 * its first argument.
 */
export function groupCommand(name: string, summary: string, actions: readonly Command[]): Command {
  const actionOf = (command: Command) => command.name.slice(`${name} `.length)
  const names = actions.map(actionOf)
  const choices = `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`
  const find = (action: string | undefined) => actions.find((c) => c.name === `${name} ${action}`)
  return {
    name,
    summary,
    usage: `${actions.map((c, i) => `${i === 0 ? 'Usage: ' : '       '}${c.usage.split('\n')[0]!.replace(/^Usage: /, '')}`).join('\n')}

${actions.map((c) => `  ${actionOf(c).padEnd(10)}${c.summary}`).join('\n')}

Run 'typed-ftrace ${name} <action> --help' for an action's arguments, options and exit codes.
`,
    async run(args: readonly string[], io: CommandIO): Promise<number> {
      const [action, ...rest] = args
      const sub = find(action)
      if (!sub)
        throw usageError(
          action === undefined
            ? `no action given: use ${choices}`
            : `unknown action ${oneLine(JSON.stringify(action), 80)}: use ${choices}`,
        )
      return sub.run(rest, io)
    },
    usageFor(args) {
      return find(args[0])?.usage
    },
  }
}
