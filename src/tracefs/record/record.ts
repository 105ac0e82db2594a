import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { constants as osConstants } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TypedFtraceError } from '../../errors.js'
import { nameProblem } from '../../schema/name-rule.js'
import { parseHeaderPage } from '../../schema/parse-headers.js'
import type { TracefsIO } from '../io.js'
import { cpuFile, disableEvents, finishRecording, planStreams, undoChanges } from './finish.js'
import type { PlanBuffer, RecordPlan, UndoStep } from './finish.js'
import { PagePump } from './page-pump.js'
import { parseCpuStats } from './stats.js'
import type { CpuStatValues } from './stats.js'
import type { RecordOptions, RecordResult } from './types.js'
import type { AnyKernel } from '../../schema/field-types.js'

/** A recording refused before anything was enabled, or one that failed (the file is still written). */
export class RecordError extends TypedFtraceError {}

/** The output file cannot be written (its folder is missing, not writable, or the path is a folder). */
export class RecordOutputError extends RecordError {}

/** Pages moved in one tick that make the next one come sooner, and how soon (ms). */
const BUSY_PAGES = 64
const BUSY_POLL_MS = 10

function isRoot(): boolean {
  return typeof process.getuid !== 'function' || process.getuid() === 0
}

/** The checks made before anything is changed: root, events, instance names, the output path. */
function preflight(io: TracefsIO, handleInstance: string | undefined, options: RecordOptions<AnyKernel>) {
  if (!isRoot())
    throw new RecordError(
      'EPERM',
      `recording needs root (this process runs as uid ${process.getuid?.()}): run it as root`,
    )
  if (options.duration === undefined && options.signal === undefined && options.command === undefined)
    throw new RecordError('EINVAL', 'say when to stop: give a duration, a signal or a command')
  if (options.duration !== undefined && !(options.duration >= 0))
    throw new RecordError('EINVAL', `duration ${options.duration} is not a number of milliseconds`)
  if (options.bufferKiB !== undefined && !(Number.isInteger(options.bufferKiB) && options.bufferKiB > 0))
    throw new RecordError('EINVAL', `bufferKiB ${options.bufferKiB} is not a positive integer`)
  if (options.version === 6 && options.compression === 'zstd')
    throw new RecordError('EINVAL', 'version 6 files are not compressed: use version 7 for zstd')
  if (options.command !== undefined && options.command.length === 0)
    throw new RecordError('EINVAL', 'the command to run is empty')
  const top = options.instance ?? handleInstance
  const wanted: { name: string; events: readonly (readonly [string, string])[] }[] = []
  if (options.events.length > 0 || (options.instances ?? []).length === 0)
    wanted.push({ name: top ?? '', events: options.events as readonly (readonly [string, string])[] })
  for (const i of options.instances ?? [])
    wanted.push({ name: i.name, events: i.events as readonly (readonly [string, string])[] })
  const seen = new Set<string>()
  for (const w of wanted) {
    const badName = w.name === '' ? undefined : nameProblem(w.name, 'instance')
    if (badName !== undefined) throw new RecordError('EINVAL', badName)
    if (seen.has(w.name)) throw new RecordError('EINVAL', `buffer '${w.name || '(top)'}' is named twice`)
    seen.add(w.name)
    if (w.events.length === 0)
      throw new RecordError('EINVAL', `no events to record${w.name ? ` in instance '${w.name}'` : ''}`)
    for (const e of w.events) {
      const [system, event] = e
      const badEvent = nameProblem(system, 'system') ?? nameProblem(event, 'event')
      if (badEvent !== undefined) throw new RecordError('EINVAL', badEvent)
      try {
        statSync(io.path(`events/${system}/${event}/format`))
      } catch {
        const known = (() => {
          try {
            return readdirSync(io.path(`events/${system}`)).length > 0
          } catch {
            return false
          }
        })()
        throw new RecordError(
          'ENOENT',
          known
            ? `unknown event '${system}:${event}': the kernel's system '${system}' has no such event (see ${io.path(`events/${system}`)})`
            : `unknown event '${system}:${event}': the kernel has no event system '${system}'`,
        )
      }
    }
  }
  const output = resolve(options.output)
  const dir = dirname(output)
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })
    accessSync(dir, constants.W_OK)
    const existing = statSync(output, { throwIfNoEntry: false })
    if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
    throw new RecordOutputError(code, `cannot write ${output}: ${code === 'ENOENT' ? `no directory ${dir}` : code}`, {
      cause: error,
    })
  }
  let tempDir: string
  try {
    tempDir = mkdtempSync(join(dir, `.${basename(output)}.record-`))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
    throw new RecordOutputError(code, `cannot write ${output}: ${code} creating a work directory in ${dir}`, {
      cause: error,
    })
  }
  return { wanted, output, tempDir }
}

function readStats(io: TracefsIO, prefix: string, cpus: readonly number[]): Record<number, CpuStatValues> {
  const out: Record<number, CpuStatValues> = {}
  for (const cpu of cpus) {
    try {
      out[cpu] = parseCpuStats(readFileText(io, `${prefix}per_cpu/cpu${cpu}/stats`))
    } catch {
      // a CPU without stats counts from zero
    }
  }
  return out
}

function readFileText(io: TracefsIO, file: string): string {
  return readFileSync(io.path(file), 'latin1')
}

function cpusOf(io: TracefsIO, prefix: string): number[] {
  return readdirSync(io.path(`${prefix}per_cpu`))
    .filter((d) => /^cpu\d+$/.test(d))
    .map((d) => Number(d.slice(3)))
    .sort((a, b) => a - b)
}

/**
 * Spawns the guard that finishes the recording if this process dies first: a
 * shell (cheap to keep waiting) reading one line from a pipe this process
 * holds. 'done' ends it; end of file without it (this process is gone)
 * starts node on `guard.js`, which finishes the recording from its files.
 */
function startGuard(planFile: string): ChildProcess | undefined {
  const here = fileURLToPath(import.meta.url)
  if (!here.endsWith('.js')) return undefined // running from the TypeScript sources: no compiled guard
  const script = 'read -r message; [ "$message" = done ] || exec "$0" "$1" "$2"'
  const guard = spawn('/bin/sh', ['-c', script, process.execPath, join(dirname(here), 'guard.js'), planFile], {
    detached: true,
    stdio: ['pipe', 'ignore', 'inherit'],
  })
  guard.on('error', () => undefined)
  guard.unref()
  ;(guard.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  return guard
}

/**
 * Records events into a trace.dat file: enables them (in the top buffer or
 * instances), moves the raw ring-buffer pages from `per_cpu/cpuN/trace_pipe_raw`
 * to per-CPU work files while recording, and when it stops (duration, signal,
 * or the command's exit) disables them, reads what is left, restores what it
 * changed and writes the file. Bad input (an unknown event, an unwritable
 * output, not root) fails before anything is enabled; a failure while
 * recording still finishes the file and restores tracefs, then throws.
 */
export async function recordTrace(
  io: TracefsIO,
  handleInstance: string | undefined,
  options: RecordOptions<AnyKernel>,
): Promise<RecordResult> {
  const { wanted, output, tempDir } = preflight(io, handleInstance, options)
  const undo: UndoStep[] = []
  const buffers: PlanBuffer[] = []
  let plan: RecordPlan | undefined
  let pump: PagePump | undefined
  try {
    const headerText = readFileText(io, 'events/header_page')
    const header = parseHeaderPage(headerText, 'events/header_page')
    const pageSize = header.dataOffset + header.dataSize
    const longSize = header.commitSize === 4 ? 4 : 8
    const cpuCount = cpusOf(io, '').length
    const write = async (file: string, text: string) => {
      await io.write(
        file,
        text,
        'write',
        file.startsWith('instances/') ? `${file.split('/').slice(0, 2).join('/')}/error_log` : 'error_log',
      )
    }
    for (const w of wanted) {
      const prefix = w.name === '' ? '' : `instances/${w.name}/`
      if (w.name !== '' && statSync(io.path(`instances/${w.name}`), { throwIfNoEntry: false }) === undefined) {
        mkdirSync(io.path(`instances/${w.name}`))
        undo.push({ kind: 'rmdir', dir: `instances/${w.name}` })
      } else if (options.bufferKiB !== undefined) {
        const old = readFileText(io, `${prefix}buffer_size_kb`).trim()
        if (/^\d+$/.test(old)) undo.push({ kind: 'write', file: `${prefix}buffer_size_kb`, text: old })
      }
      if (options.bufferKiB !== undefined) await write(`${prefix}buffer_size_kb`, String(options.bufferKiB))
      if (readFileText(io, `${prefix}tracing_on`).trim() !== '1') {
        await write(`${prefix}tracing_on`, '1')
        undo.push({ kind: 'write', file: `${prefix}tracing_on`, text: '0' })
      }
      await write(`${prefix}trace`, '')
      const cpus = cpusOf(io, prefix)
      buffers.push({ name: w.name, prefix, events: w.events, cpus, baseline: readStats(io, prefix, cpus) })
    }
    plan = {
      root: io.root,
      output,
      tempDir,
      version: options.version ?? 7,
      compression: (options.version ?? 7) === 6 ? 'none' : (options.compression ?? 'zstd'),
      compressionLevel: options.compressionLevel,
      kallsyms: options.kallsyms ?? true,
      pageSize,
      longSize,
      cpuCount,
      traceId: BigInt.asUintN(64, randomBytes(8).readBigUInt64LE()).toString(),
      startedAt: Date.now(),
      buffers,
      undo,
    }
    buffers.forEach((b, i) => b.cpus.forEach((cpu) => writeFileSync(cpuFile({ tempDir }, i, cpu), '')))
    pump = new PagePump(planStreams(plan), pageSize, longSize)
    for (const b of buffers) {
      for (const [system, event] of b.events) {
        const file = `${b.prefix}events/${system}/${event}/enable`
        if (readFileText(io, file).trim() === '1') continue
        undo.push({ kind: 'disable', file })
        await write(file, '1')
      }
    }
  } catch (error) {
    pump?.close()
    undoChanges({ root: io.root, undo })
    rmSync(tempDir, { recursive: true, force: true })
    throw error
  }
  const planFile = join(tempDir, 'plan.json')
  writeFileSync(planFile, JSON.stringify(plan))
  const guard = options.guard ? startGuard(planFile) : undefined

  let failure: unknown
  let exitCode: number | undefined
  let child: ChildProcess | undefined
  const started = pump
  try {
    await new Promise<void>((done) => {
      let finished = false
      const stop = () => {
        if (finished) return
        finished = true
        clearTimeout(timer)
        if (timeout) clearTimeout(timeout)
        options.signal?.removeEventListener('abort', stop)
        done()
      }
      // Read every pollMs while little arrives; when a tick moved many pages, again soon, so a
      // busy CPU's buffer never fills between two reads.
      const pollMs = options.pollMs ?? 100
      let timer: NodeJS.Timeout
      const tick = () => {
        if (finished) return
        let moved = 0
        try {
          moved = started.tick()
        } catch (error) {
          failure = error
          stop()
          return
        }
        timer = setTimeout(tick, moved >= BUSY_PAGES ? Math.min(pollMs, BUSY_POLL_MS) : pollMs)
      }
      timer = setTimeout(tick, pollMs)
      const timeout = options.duration !== undefined ? setTimeout(stop, options.duration) : undefined
      if (options.signal?.aborted) stop()
      options.signal?.addEventListener('abort', stop)
      if (options.command !== undefined && !finished) {
        const [file, ...args] = options.command
        child = spawn(file!, args, { stdio: 'inherit' })
        child.on('error', (error) => {
          failure = new RecordError(
            (error as NodeJS.ErrnoException).code ?? 'EIO',
            `cannot run ${file}: ${(error as NodeJS.ErrnoException).code ?? error.message}`,
            { cause: error },
          )
          stop()
        })
        child.on('exit', (code, signal) => {
          exitCode = code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0)
          stop()
        })
      }
      if (!finished) {
        try {
          options.onStart?.()
        } catch (error) {
          failure = error
          stop()
        }
      }
    })
  } catch (error) {
    failure = error
  }
  if (child && exitCode === undefined && child.exitCode === null) child.kill('SIGTERM')
  const { result, problems } = finishRecording(plan, { pump, exitCode })
  if (guard?.stdin && guard.exitCode === null) {
    // The guard exits on 'done'; waiting for it reaps it here (its CPU time counts as ours).
    const exited = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000)
      guard.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
    })
    guard.stdin.end('done\n')
    await exited
  }
  if (failure !== undefined) throw failure
  if (problems.length > 0)
    throw new RecordError(
      'EIO',
      `the recording was written to ${output}, but restoring tracefs failed: ${problems.join('; ')}`,
    )
  return result
}
