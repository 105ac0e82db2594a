// libtracefs 1.6.4 (Debian libtracefs-dev) as the oracle for synthetic-event command text.
//
// `ensureOracle()` installs the Debian packages when missing, compiles
// `synth-oracle.c` into .cache/oracle/, prepares a format dump that
// tracefs_local_events() accepts, and starts a small pool of oracle processes
// (each loads the events once, then forks one child per definition, so every
// definition runs in its own process under a time limit). `oracle.run(spec)`
// translates a JSON spec into the oracle's command language (described at the
// top of synth-oracle.c) and returns what libtracefs made of it.
//
// libtracefs takes two choices from this machine's own tracefs, not from the
// dump: `s:` lines in dynamic_events when that file exists, and the action
// form `.trace(name,args)` when the README mentions it, else `.name(args)`.
// `handle.machine` says which.
import { execFile, spawn } from 'node:child_process'
import type { ChildProcessByStdio } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { promisify } from 'node:util'
import { CACHE, ROOT } from '../helpers/paths.js'

const run = promisify(execFile)

/** The kernels whose real formats the project keeps under test/fixtures/kernels/. */
export type OracleKernel = 'linux-6.1' | 'linux-6.18'

/** A filter entry: a token or `[field, op, value]` (value verbatim). */
export type OracleFilter = string | readonly [string, string, string | number]

/**
 * One step of a JSON spec. Looser than the project's `SpecStep` on purpose:
 * it also takes what only libtracefs refuses (a compare without a name, a
 * snapshot on onMatch), so that the oracle can say how.
 */
export type OracleStep =
  | { readonly match: string | readonly string[]; readonly as?: string }
  | {
      readonly compare: readonly [string, string]
      readonly calc: 'delta-end' | 'delta-start' | 'add'
      readonly as?: string
    }
  | { readonly delta: true | string; readonly as?: string }
  | { readonly startField: string; readonly as?: string }
  | { readonly endField: string; readonly as?: string }
  | { readonly startFilter: OracleFilter }
  | { readonly endFilter: OracleFilter }
  | ({ readonly onMatch: true } & OracleAction)
  | ({ readonly onMax: string } & OracleAction)
  | ({ readonly onChange: string } & OracleAction)

export type OracleAction = { readonly trace: true } | { readonly snapshot: true } | { readonly save: readonly string[] }

/** A definition as the project's JSON spec (SPEC.md of src/synth). */
export interface OracleSpec {
  readonly name: string
  readonly start: string
  readonly end: string
  readonly steps: readonly OracleStep[]
  readonly description?: string
}

/** What libtracefs 1.6.4 made of a definition. */
export type OracleResult =
  | {
      ok: true
      /** The three lines of tracefs_synth_echo_cmd, each ending in a newline. */
      echo: string
      lines: string[]
      /** tracefs_synth_complete(). */
      complete: boolean
      /** tracefs_synth_show_event() once create got past its checks: the field list it would write. */
      event?: string
      /** tracefs_synth_create() would stop before writing anything: EBADE for an unfinished filter. */
      createWouldFail?: string
    }
  | {
      ok: false
      /** Index in `spec.steps` of the refused step; -1 for an allocation without any match step. */
      step: number
      /** The libtracefs function that refused. */
      call: string
      /** errno's symbolic name (of its absolute value). */
      errno: string
      /** libtracefs set errno to the negative value (add_compare_field in 1.6.4). */
      negativeErrno?: true
    }
  | {
      /** echo_cmd did not return within the limit (1.6.4 loops when a save is the last action). */
      timeout: true
      complete?: boolean
      event?: string
      createWouldFail?: string
    }
  | {
      /** libtracefs crashed (1.6.4: onMax/onChange before any end variable exists): the signal. */
      crashed: string
      /** The spec step of the call that crashed (spec.steps.length: in echo_cmd or create). */
      step?: number
      call?: string
      output: string
    }

/** What libtracefs read from this machine's own tracefs (not from the dump) to choose its syntax. */
export interface OracleMachine {
  tracingDir: string
  /** `dynamic_events` exists: definitions are written there with the `s:` prefix. */
  dynamicEvents: boolean
  /** README mentions `trace(<synthetic_event>,param list)`: `.trace(name,args)`; else the older `.name(args)`. */
  actionSyntax: 'trace' | 'legacy'
}

export interface OracleHandle {
  readonly kernel: OracleKernel
  readonly binary: string
  /** The prepared format dump handed to tracefs_local_events(). */
  readonly dump: string
  readonly machine: OracleMachine
  run(spec: OracleSpec): Promise<OracleResult>
  /** Runs all specs (the pool bounds the concurrency); results in the same order. */
  runAll(specs: readonly OracleSpec[]): Promise<OracleResult[]>
  /** Stops the oracle processes (they are started again when needed). */
  close(): void
}

export interface OracleOptions {
  kernel?: OracleKernel
  /** Oracle processes running definitions at the same time; default: the number of CPUs (at most 4). */
  concurrency?: number
  /** Time limit of one definition in ms; default 2000. */
  timeoutMs?: number
  /**
   * Events to add to the kernel's formats, `system/event` -> the text of its
   * `format` file (for events a Debian kernel lacks, such as preemptirq).
   * The dump then lives in its own folder, `.cache/oracle/<kernel>+<hash>`.
   */
  extraFormats?: Readonly<Record<string, string>>
}

const PACKAGES = ['libtracefs-dev', 'libtraceevent-dev', 'gcc', 'pkg-config']
const SOURCE = join(ROOT, 'test/oracle/synth-oracle.c')
const ORACLE_DIR = join(CACHE, 'oracle')
/** Bumped when the dump layout changes. */
const DUMP_LAYOUT = 'synth-oracle dump 1'

/**
 * The oracle, ready to run definitions, or why it cannot run here (then the
 * caller skips, loudly).
 */
export async function ensureOracle(options: OracleOptions = {}): Promise<OracleHandle | { skipped: string }> {
  const kernel = options.kernel ?? 'linux-6.1'
  const missing = await ensurePackages(PACKAGES)
  if (missing) return { skipped: missing }
  let binary: string
  let dump: string
  try {
    binary = await buildOracle()
    dump = await prepareDump(kernel, options.extraFormats ?? {})
  } catch (error) {
    return {
      skipped: `could not build the libtracefs oracle: ${String((error as { stderr?: string }).stderr || error)}`,
    }
  }
  const pool = new OraclePool(
    binary,
    dump,
    options.timeoutMs ?? 2000,
    Math.max(1, options.concurrency ?? Math.min(4, availableParallelism())),
  )
  let machine: OracleMachine
  try {
    machine = await pool.machine()
  } catch (error) {
    pool.close()
    return { skipped: `the libtracefs oracle does not start: ${String(error)}` }
  }
  return {
    kernel,
    binary,
    dump,
    machine,
    run: (spec) => runSpec(pool, spec),
    runAll: (specs) => Promise.all(specs.map((spec) => runSpec(pool, spec))),
    close: () => pool.close(),
  }
}

// ---------------------------------------------------------------- setup

/**
 * Installs the Debian packages that are missing (scripts/ensure-apt.sh: under
 * a flock on .cache/apt.lock, `apt-get update` only when the lists are stale);
 * undefined when all are there, else why not.
 */
export async function ensurePackages(packages: readonly string[]): Promise<string | undefined> {
  try {
    await run(join(ROOT, 'scripts/ensure-apt.sh'), packages, { maxBuffer: 64 << 20 })
    return undefined
  } catch (error) {
    return `could not install ${packages.join(' ')}: ${String((error as { stderr?: string }).stderr || error).trim()}`
  }
}

/** Compiles the oracle into .cache/oracle/, named by a hash of its source and flags (so a changed source is rebuilt). */
async function buildOracle(): Promise<string> {
  const source = await readFile(SOURCE)
  const flags = (await run('pkg-config', ['--cflags', '--libs', 'libtracefs', 'libtraceevent'])).stdout
    .trim()
    .split(/\s+/)
  // -rdynamic: tracefs_synth_create() must reach the oracle's own tracefs_dynevent_create() (see the C file).
  const args = ['-O2', '-Wall', '-rdynamic', ...flags]
  const hash = createHash('sha256').update(source).update(args.join(' ')).digest('hex').slice(0, 12)
  const binary = join(ORACLE_DIR, `synth-oracle-${hash}`)
  if (existsSync(binary)) return binary
  await mkdir(ORACLE_DIR, { recursive: true })
  const tmp = `${binary}.tmp-${randomUUID()}`
  await run('gcc', ['-o', tmp, SOURCE, ...args])
  await rename(tmp, binary) // atomic: a parallel suite sees the old name absent or the whole binary
  // Builds of older sources are of no more use (a running one keeps its file until it exits).
  for (const name of await readdir(ORACLE_DIR)) {
    if (/^synth-oracle-[0-9a-f]{12}$/.test(name) && join(ORACLE_DIR, name) !== binary)
      await rm(join(ORACLE_DIR, name), { force: true })
  }
  return binary
}

/**
 * The project's copy of a kernel's formats (extracted from /work/shared when
 * the fixture folder is missing).
 */
async function fixtureDir(kernel: OracleKernel): Promise<string> {
  const dir = join(ROOT, 'test/fixtures/kernels', kernel)
  if (!existsSync(join(dir, 'events/header_page'))) {
    const tarball = join('/work/shared/kernels', `${kernel}.tar.gz`)
    await mkdir(dir, { recursive: true })
    await run('tar', ['-xzf', tarball, '-C', dir, 'KERNEL_RELEASE', 'events'])
  }
  return dir
}

/**
 * A copy of the formats that tracefs_local_events() accepts: an empty
 * `enable` in every system and event folder, and per_cpu/cpu0..1. Built
 * aside and renamed into place, so parallel suites never see half of one.
 */
export async function prepareDump(kernel: OracleKernel, extra: Readonly<Record<string, string>>): Promise<string> {
  const fixture = await fixtureDir(kernel)
  const extraKeys = Object.keys(extra).sort()
  const extraHash = createHash('sha256')
    .update(JSON.stringify(extraKeys.map((k) => [k, extra[k]])))
    .digest('hex')
    .slice(0, 8)
  const target = join(ORACLE_DIR, extraKeys.length ? `${kernel}+${extraHash}` : kernel)
  const events = join(fixture, 'events')
  const systems = (await readdir(events, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name)
  const listing: string[] = []
  for (const system of systems) {
    for (const event of (await readdir(join(events, system), { withFileTypes: true })).filter((d) => d.isDirectory()))
      listing.push(`${system}/${event.name}`)
  }
  for (const key of extraKeys) {
    if (!/^[\w-]+\/[\w-]+$/.test(key)) throw new Error(`extraFormats: '${key}' is not system/event`)
    if (!systems.includes(key.split('/')[0]!)) systems.push(key.split('/')[0]!)
    if (!listing.includes(key)) listing.push(key)
  }
  systems.sort()
  listing.sort()
  const fingerprint = createHash('sha256')
    .update(DUMP_LAYOUT)
    .update(listing.join('\n'))
    .update(String((await stat(join(events, 'header_page'))).size))
    .update(extraHash)
    .digest('hex')
  const stamp = (dir: string) => join(dir, '.prepared')
  const ready = async (dir: string) => (await readFile(stamp(dir), 'utf8').catch(() => '')) === fingerprint
  if (await ready(target)) return target
  await mkdir(ORACLE_DIR, { recursive: true })
  const tmp = `${target}.tmp-${randomUUID()}`
  await rm(tmp, { recursive: true, force: true })
  await cp(events, join(tmp, 'events'), { recursive: true })
  for (const key of extraKeys) {
    await mkdir(join(tmp, 'events', key), { recursive: true })
    await writeFile(join(tmp, 'events', key, 'format'), extra[key]!)
  }
  await Promise.all(systems.map((system) => writeFile(join(tmp, 'events', system, 'enable'), '')))
  await Promise.all(listing.map((e) => writeFile(join(tmp, 'events', e, 'enable'), '')))
  for (const cpu of ['cpu0', 'cpu1']) await mkdir(join(tmp, 'per_cpu', cpu), { recursive: true })
  if (existsSync(join(fixture, 'KERNEL_RELEASE')))
    await cp(join(fixture, 'KERNEL_RELEASE'), join(tmp, 'KERNEL_RELEASE'))
  await writeFile(stamp(tmp), fingerprint)
  if (await ready(target)) {
    await rm(tmp, { recursive: true, force: true })
    return target
  }
  // Another layout (or an older helper's copy) is in the way: move it aside first.
  if (existsSync(target)) {
    const old = `${target}.old-${randomUUID()}`
    await rename(target, old).catch(() => undefined)
    void rm(old, { recursive: true, force: true })
  }
  try {
    await rename(tmp, target)
  } catch (error) {
    await rm(tmp, { recursive: true, force: true })
    if (!(await ready(target))) throw error // someone else won the race with a good copy: fine
  }
  return target
}

// ---------------------------------------------------------------- the command language

const ALIASES: Readonly<Record<string, string>> = {
  TIMESTAMP: 'common_timestamp',
  TIMESTAMP_USECS: 'common_timestamp.usecs',
  STACKTRACE: 'common_stacktrace',
}
const CALCS: Readonly<Record<string, string>> = { 'delta-end': 'DELTA_END', 'delta-start': 'DELTA_START', add: 'ADD' }
const OPS: Readonly<Record<string, string>> = {
  '==': 'EQ',
  '!=': 'NE',
  '>': 'GT',
  '>=': 'GE',
  '<': 'LT',
  '<=': 'LE',
  '~': 'RE',
  '&': 'AND',
}
const TOKENS: Readonly<Record<string, string>> = {
  '&&': 'AND',
  '||': 'OR',
  '!': 'NOT',
  '(': 'OPEN_PAREN',
  ')': 'CLOSE_PAREN',
}

/** The libtracefs function behind each command, for error reports. */
const FUNCTIONS: Readonly<Record<string, string>> = {
  alloc: 'tracefs_synth_alloc',
  match: 'tracefs_synth_add_match_field',
  compare: 'tracefs_synth_add_compare_field',
  start_field: 'tracefs_synth_add_start_field',
  end_field: 'tracefs_synth_add_end_field',
  start_filter: 'tracefs_synth_append_start_filter',
  end_filter: 'tracefs_synth_append_end_filter',
  trace: 'tracefs_synth_trace',
  snapshot: 'tracefs_synth_snapshot',
  save: 'tracefs_synth_save',
}

const field = (name: string) => ALIASES[name] ?? name

/** One argument of the command language: `\N` for NULL, backslash escapes for `\`, TAB, LF, CR. */
export function encodeArg(value: string | undefined): string {
  if (value === undefined) return '\\N'
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}

/**
 * A spec as oracle commands: the allocation first (built from the first
 * `match` step), then one libtracefs call per remaining step, in order.
 * `stepOf[i]` is the spec step of command i (-1: an allocation without match).
 */
export function oracleScript(spec: OracleSpec): { commands: string[][]; stepOf: number[]; text: string } {
  const slash = (event: string): [string | undefined, string] => {
    const i = event.indexOf('/')
    return i < 0 ? [undefined, event] : [event.slice(0, i), event.slice(i + 1)]
  }
  const [ss, se] = slash(spec.start)
  const [es, ee] = slash(spec.end)
  const commands: (string | undefined)[][] = []
  const stepOf: number[] = []
  const steps = spec.steps as readonly Record<string, unknown>[]
  const first = steps.findIndex((s) => 'match' in s)
  const pair = (m: unknown): [string, string] => {
    const list = typeof m === 'string' ? [m] : (m as string[])
    return [field(list[0]!), field(list[1] ?? list[0]!)]
  }
  const as = (s: Record<string, unknown>) => s['as'] as string | undefined
  if (first < 0) {
    commands.push(['alloc', spec.name, ss, se, es, ee, undefined, undefined, undefined])
    stepOf.push(-1)
  } else {
    commands.push(['alloc', spec.name, ss, se, es, ee, ...pair(steps[first]!['match']), as(steps[first]!)])
    stepOf.push(first)
  }
  steps.forEach((s, i) => {
    if (i === first) return
    const push = (...args: (string | undefined)[]) => {
      commands.push(args)
      stepOf.push(i)
    }
    if ('match' in s) push('match', ...pair(s['match']), as(s))
    else if ('compare' in s) {
      const [a, b] = s['compare'] as [string, string]
      const calc = CALCS[s['calc'] as string]
      if (calc === undefined) throw new Error(`steps[${i}]: unknown calc ${JSON.stringify(s['calc'])}`)
      push('compare', field(a), field(b), calc, as(s))
    } else if ('delta' in s) {
      const f = field(s['delta'] === true ? 'TIMESTAMP_USECS' : (s['delta'] as string))
      push('compare', f, f, 'DELTA_END', as(s) ?? 'delta')
    } else if ('startField' in s) push('start_field', field(s['startField'] as string), as(s))
    else if ('endField' in s) push('end_field', field(s['endField'] as string), as(s))
    else if ('startFilter' in s || 'endFilter' in s) {
      const command = 'startFilter' in s ? 'start_filter' : 'end_filter'
      const entry = (s['startFilter'] ?? s['endFilter']) as OracleFilter
      if (typeof entry === 'string') {
        const token = TOKENS[entry]
        if (token === undefined) throw new Error(`steps[${i}]: unknown filter token ${JSON.stringify(entry)}`)
        push(command, token)
      } else {
        const op = OPS[entry[1]]
        if (op === undefined) throw new Error(`steps[${i}]: unknown operator ${JSON.stringify(entry[1])}`)
        push(command, 'COMPARE', field(entry[0]), op, String(entry[2]))
      }
    } else if ('onMatch' in s || 'onMax' in s || 'onChange' in s) {
      const [handler, variable] =
        'onMatch' in s
          ? ['MATCH', undefined]
          : 'onMax' in s
            ? ['MAX', s['onMax'] as string]
            : ['CHANGE', s['onChange'] as string]
      if ('save' in s) push('save', handler, variable, ...(s['save'] as string[]).map(field))
      else if ('snapshot' in s) push('snapshot', handler, variable)
      else push('trace', handler, variable)
    } else throw new Error(`steps[${i}]: no known verb in ${JSON.stringify(s)}`)
  })
  const text = commands.map((c) => c.map(encodeArg).join('\t')).join('\n') + '\nend\n'
  return { commands: commands as string[][], stepOf, text }
}

// ---------------------------------------------------------------- results

async function runSpec(pool: OraclePool, spec: OracleSpec): Promise<OracleResult> {
  const { commands, stepOf, text } = oracleScript(spec)
  return parseReport(await pool.submit(text), commands, stepOf, spec)
}

/** Reads the child's report (see the header of synth-oracle.c). */
function parseReport(report: Buffer, commands: string[][], stepOf: number[], spec: OracleSpec): OracleResult {
  let at = 0
  let complete: boolean | undefined
  let event: string | undefined
  let createWouldFail: string | undefined
  let echo: string | undefined
  const blob = (n: number) => {
    const text = report.subarray(at, at + n).toString('utf8')
    at += n
    return text
  }
  const extras = () => ({
    ...(complete === undefined ? {} : { complete }),
    ...(event === undefined ? {} : { event }),
    ...(createWouldFail === undefined ? {} : { createWouldFail }),
  })
  while (at < report.length) {
    const nl = report.indexOf(0x0a, at)
    const line = report.subarray(at, nl < 0 ? report.length : nl).toString('utf8')
    at = nl < 0 ? report.length : nl + 1
    const [word, ...rest] = line.split(' ')
    switch (word) {
      case 'ERROR': {
        const call = Number(rest[0])
        return {
          ok: false,
          step: call < stepOf.length ? stepOf[call]! : spec.steps.length,
          call: call < commands.length ? FUNCTIONS[commands[call]![0]!]! : 'tracefs_synth_echo_cmd',
          errno: rest[1]!,
          ...(rest[2] === 'NEGATIVE' ? { negativeErrno: true as const } : {}),
        }
      }
      case 'COMPLETE':
        complete = rest[0] === '1'
        break
      case 'CREATE':
        if (rest[0] !== 'OK' && rest[0] !== 'UNCHECKED') createWouldFail = rest[0]
        break
      case 'EVENT':
        event = blob(Number(rest[0]))
        at += 1 // its newline
        break
      case 'ECHO':
        echo = blob(Number(rest[0]))
        break
      case 'OK':
        if (echo === undefined) break
        return {
          ok: true,
          echo,
          lines: echo.split('\n').filter((l) => l !== ''),
          complete: complete ?? true,
          ...extras(),
        }
      case 'TIMEOUT':
        return { timeout: true, ...extras() }
      case 'CRASHED': {
        const call = Number(rest[0])
        const signal = /^CRASH (\w+)/m.exec(report.toString('utf8'))?.[1]
        return {
          crashed: signal ? `SIG${signal}` : 'unknown signal',
          step: call < stepOf.length ? stepOf[call]! : spec.steps.length,
          call:
            call < commands.length
              ? FUNCTIONS[commands[call]![0]!]!
              : rest[1] === 'create'
                ? 'tracefs_synth_create'
                : 'tracefs_synth_echo_cmd',
          output: report.toString('utf8'),
        }
      }
      default:
        // CRASH, EXIT, BADINPUT or anything unexpected.
        return { crashed: line, output: report.toString('utf8') }
    }
  }
  return { crashed: 'no result', output: report.toString('utf8') }
}

/**
 * libtracefs' random number in generated names, and ours, replaced by a
 * placeholder: `__delta_12316_2` -> `__delta_R_2`. The names are
 * `__<base>_<number>_<counter>`, where `<base>` is the user's name verbatim
 * (it may hold spaces or quotes); the counter is kept (it is deterministic).
 * A name starts after one of `, : = $ (` and ends before one of
 * `, : = $ ( ) ' + -`, a space or the end of the line. Each distinct number gets
 * its own placeholder in order of appearance (R, R2, ...), so names with
 * different numbers stay told apart; a number already written as `R` counts
 * as one.
 */
export function normaliseVars(text: string): string {
  const placeholders = new Map<string, string>()
  return text.replace(
    /(?<=[,:=$(])(__[^,:=()\n]*?)_(\d+|R\d*)_(\d+)(?=[,:=$()'+\-\s]|$)/gm,
    (_, base: string, number: string, counter: string) => {
      let p = placeholders.get(number)
      if (p === undefined) {
        p = placeholders.size === 0 ? 'R' : `R${placeholders.size + 1}`
        placeholders.set(number, p)
      }
      return `${base}_${p}_${counter}`
    },
  )
}

// ---------------------------------------------------------------- the processes

type OracleProcess = ChildProcessByStdio<Writable, Readable, Readable>

/** One `synth-oracle --report` process: definitions in, framed reports out, in order. */
class OracleServer {
  readonly #child: OracleProcess
  readonly #waiting: { resolve: (b: Buffer) => void; reject: (e: Error) => void }[] = []
  #buffer = Buffer.alloc(0)
  #stderr = ''
  #dead: Error | undefined
  readonly ready: Promise<OracleMachine>
  #onReady!: (m: OracleMachine) => void
  #onReadyFail!: (e: Error) => void

  constructor(binary: string, dump: string, timeoutMs: number) {
    this.ready = new Promise((resolve, reject) => {
      this.#onReady = resolve
      this.#onReadyFail = reject
    })
    this.ready.catch(() => undefined)
    this.#child = spawn(binary, ['--report', '--timeout-ms', String(timeoutMs), dump], {
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.#child.stdout.on('data', (chunk: Buffer) => this.#read(chunk))
    this.#child.stderr.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString('utf8')))
    this.#child.stdin.on('error', () => undefined)
    this.#child.on('error', (error) => this.#fail(error))
    this.#child.on('exit', (code, signal) =>
      this.#fail(new Error(`synth-oracle exited (${signal ?? code}) ${this.#stderr.trim()}`)),
    )
    this.#idle()
  }

  get dead(): boolean {
    return this.#dead !== undefined
  }

  submit(text: string): Promise<Buffer> {
    if (this.#dead) return Promise.reject(this.#dead)
    this.#busy()
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject })
      this.#child.stdin.write(text)
    })
  }

  close(): void {
    this.#child.stdin.end()
  }

  #read(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk])
    for (;;) {
      const nl = this.#buffer.indexOf(0x0a)
      if (nl < 0) return
      const line = this.#buffer.subarray(0, nl).toString('utf8')
      if (line.startsWith('READY ')) {
        const [, dir, dyn, trace] = line.split(' ')
        this.#onReady({
          tracingDir: dir!,
          dynamicEvents: dyn === '1',
          actionSyntax: trace === '1' ? 'trace' : 'legacy',
        })
        this.#buffer = this.#buffer.subarray(nl + 1)
        continue
      }
      const m = /^RESULT (\d+)$/.exec(line)
      if (!m) return this.#fail(new Error(`synth-oracle: unexpected output ${JSON.stringify(line)}`))
      const n = Number(m[1])
      if (this.#buffer.length < nl + 1 + n) return
      const report = Buffer.from(this.#buffer.subarray(nl + 1, nl + 1 + n))
      this.#buffer = this.#buffer.subarray(nl + 1 + n)
      this.#waiting.shift()?.resolve(report)
      if (this.#waiting.length === 0) this.#idle()
    }
  }

  #fail(error: Error): void {
    if (this.#dead) return
    this.#dead = error
    this.#onReadyFail(error)
    for (const w of this.#waiting.splice(0)) w.reject(error)
  }

  // An idle oracle must not keep the test process alive.
  #idle(): void {
    this.#child.unref()
    for (const stream of this.#pipes()) stream.unref?.()
  }

  #busy(): void {
    this.#child.ref()
    for (const stream of this.#pipes()) stream.ref?.()
  }

  /** The stdio pipes, which are sockets that can be (un)referenced. */
  #pipes(): { ref?: () => void; unref?: () => void }[] {
    return [this.#child.stdin, this.#child.stdout, this.#child.stderr] as { ref?: () => void; unref?: () => void }[]
  }
}

/**
 * Up to `size` servers, started when needed. Definitions wait in one queue
 * and each goes to the next free server, so a definition that runs into the
 * time limit holds up only its own server.
 */
class OraclePool {
  readonly #servers: OracleServer[] = []
  readonly #busy = new Set<OracleServer>()
  readonly #queue: { text: string; resolve: (b: Buffer) => void; reject: (e: Error) => void }[] = []

  constructor(
    readonly binary: string,
    readonly dump: string,
    readonly timeoutMs: number,
    readonly size: number,
  ) {}

  machine(): Promise<OracleMachine> {
    this.#prune()
    return (this.#servers[0] ?? this.#start()).ready
  }

  submit(text: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ text, resolve, reject })
      this.#pump()
    })
  }

  close(): void {
    for (const s of this.#servers.splice(0)) s.close()
    this.#busy.clear()
  }

  #start(): OracleServer {
    const server = new OracleServer(this.binary, this.dump, this.timeoutMs)
    this.#servers.push(server)
    return server
  }

  #prune(): void {
    for (let i = this.#servers.length - 1; i >= 0; i--)
      if (this.#servers[i]!.dead) this.#busy.delete(this.#servers.splice(i, 1)[0]!)
  }

  #pump(): void {
    this.#prune()
    while (this.#queue.length) {
      const server =
        this.#servers.find((s) => !this.#busy.has(s)) ?? (this.#servers.length < this.size ? this.#start() : undefined)
      if (!server) return
      const job = this.#queue.shift()!
      this.#busy.add(server)
      server
        .submit(job.text)
        .then(job.resolve, job.reject)
        .finally(() => {
          this.#busy.delete(server)
          this.#pump()
        })
    }
  }
}
