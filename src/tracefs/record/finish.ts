import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { machine, hostname, release, type } from 'node:os'
import { join } from 'node:path'
import { parseHeaderPage } from '../../schema/parse-headers.js'
import { writeTraceSync } from '../../tracedat/writer/write-trace.js'
import type { BufferInput, CpuStatInput } from '../../tracedat/writer/write-trace.js'
import { PagePump } from './page-pump.js'
import type { PumpStream, StreamCounts } from './page-pump.js'
import { lostBetween, parseCpuStats } from './stats.js'
import type { CpuStatValues } from './stats.js'
import type { RecordResult } from './types.js'

/** A buffer being recorded: top (`''`) or an instance. */
export interface PlanBuffer {
  readonly name: string
  /** `''` or `instances/<name>/`. */
  readonly prefix: string
  readonly events: readonly (readonly [string, string])[]
  readonly cpus: readonly number[]
  /** Stats when recording began, per CPU. */
  readonly baseline: Readonly<Record<number, CpuStatValues>>
}

/** A change made to tracefs, undone when the recording ends. */
export type UndoStep =
  | { readonly kind: 'disable'; readonly file: string }
  | { readonly kind: 'write'; readonly file: string; readonly text: string }
  | { readonly kind: 'rmdir'; readonly dir: string }

/**
 * Everything needed to finish a recording from its files alone (saved as
 * `plan.json` in the work directory, so a guard process can finish it).
 */
export interface RecordPlan {
  readonly root: string
  readonly output: string
  readonly tempDir: string
  readonly version: 6 | 7
  readonly compression: 'zstd' | 'none'
  readonly compressionLevel?: number | undefined
  readonly kallsyms: boolean
  readonly pageSize: number
  readonly longSize: 4 | 8
  readonly cpuCount: number
  /** The TRACEID, as a decimal string. */
  readonly traceId: string
  readonly startedAt: number
  readonly buffers: readonly PlanBuffer[]
  /** In the order they were made. */
  readonly undo: readonly UndoStep[]
}

/** The file one CPU's pages collect in. */
export function cpuFile(plan: Pick<RecordPlan, 'tempDir'>, bufferIndex: number, cpu: number): string {
  return join(plan.tempDir, `buffer${bufferIndex}.cpu${cpu}`)
}

/** The pump streams of a plan. */
export function planStreams(plan: RecordPlan): PumpStream[] {
  return plan.buffers.flatMap((b, i) =>
    b.cpus.map((cpu) => ({
      buffer: b.name,
      cpu,
      source: join(plan.root, `${b.prefix}per_cpu/cpu${cpu}/trace_pipe_raw`),
      target: cpuFile(plan, i, cpu),
    })),
  )
}

function tryWrite(file: string, text: string, problems: string[]): void {
  try {
    writeFileSync(file, text)
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`)
  }
}

function readText(file: string): Buffer | undefined {
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}

/** Disables the events the recording enabled (first step of finishing, so nothing new arrives). */
export function disableEvents(plan: Pick<RecordPlan, 'root' | 'undo'>, problems: string[] = []): string[] {
  for (const step of [...plan.undo].reverse())
    if (step.kind === 'disable') tryWrite(join(plan.root, step.file), '0', problems)
  return problems
}

/** Restores what the recording changed, newest first (events, tracing_on, buffer size, created instances). */
export function undoChanges(plan: Pick<RecordPlan, 'root' | 'undo'>, problems: string[] = []): string[] {
  for (const step of [...plan.undo].reverse()) {
    if (step.kind === 'disable') tryWrite(join(plan.root, step.file), '0', problems)
    else if (step.kind === 'write') tryWrite(join(plan.root, step.file), step.text, problems)
    else {
      try {
        if (existsSync(join(plan.root, step.dir))) rmdirSync(join(plan.root, step.dir))
      } catch (error) {
        problems.push(`${step.dir}: ${(error as Error).message}`)
      }
    }
  }
  return problems
}

/** Formats of the events of a buffer: those recorded and any other enabled there (`set_event`). */
function eventsOf(plan: RecordPlan): Map<string, Set<string>> {
  const systems = new Map<string, Set<string>>()
  const add = (system: string, event: string) => {
    if (system === 'ftrace') return
    const set = systems.get(system) ?? new Set<string>()
    set.add(event)
    systems.set(system, set)
  }
  for (const b of plan.buffers) {
    for (const [s, e] of b.events) add(s, e)
    const enabled = readText(join(plan.root, `${b.prefix}set_event`))?.toString('latin1') ?? ''
    for (const line of enabled.split('\n')) {
      const m = /^([^:\s]+):([^:\s]+)$/.exec(line.trim())
      if (m) add(m[1]!, m[2]!)
    }
  }
  return systems
}

/**
 * Finishes a recording: disables its events, moves the pages still in the
 * ring buffers, reads the CPU stats and the metadata, restores what was
 * changed in tracefs, and writes the trace.dat file (first in the work
 * directory, then renamed into place, so the output is always whole). Every
 * step runs even when an earlier one failed; what failed is returned.
 */
export function finishRecording(
  plan: RecordPlan,
  options: { readonly pump?: PagePump | undefined; readonly exitCode?: number | undefined } = {},
): { result: RecordResult; problems: string[] } {
  const problems: string[] = []
  const stoppedAt = Date.now()
  disableEvents(plan, problems)
  // A guard process starts from the files: a page half-written when the recorder died is dropped.
  let pump = options.pump
  const ownPump = pump === undefined
  const counts = new Map<string, StreamCounts>()
  if (ownPump) {
    plan.buffers.forEach((b, i) => {
      for (const cpu of b.cpus) {
        const file = cpuFile(plan, i, cpu)
        try {
          const size = statSync(file).size
          if (size % plan.pageSize !== 0) truncateSync(file, size - (size % plan.pageSize))
        } catch {
          writeFileSync(file, '')
        }
      }
    })
    try {
      pump = new PagePump(planStreams(plan), plan.pageSize, plan.longSize)
    } catch (error) {
      problems.push(`reading the ring buffers: ${(error as Error).message}`)
    }
  }
  try {
    if (pump) while (pump.tick() > 0);
  } catch (error) {
    problems.push(`reading the ring buffers: ${(error as Error).message}`)
  } finally {
    pump?.close()
  }
  for (const c of pump?.counts ?? []) counts.set(`${c.buffer}/${c.cpu}`, c)

  const root = plan.root
  const stats: CpuStatInput[] = []
  const lost = new Map<string, number>()
  for (const b of plan.buffers) {
    for (const cpu of b.cpus) {
      const text = readText(join(root, `${b.prefix}per_cpu/cpu${cpu}/stats`))?.toString('latin1') ?? ''
      stats.push({ instance: b.name, cpu, text: `CPU: ${cpu}\n${text}` })
      const before = b.baseline[cpu]
      lost.set(`${b.name}/${cpu}`, before ? lostBetween(before, parseCpuStats(text)) : 0)
    }
  }
  const read = (file: string) => readText(join(root, file))
  const ftraceDir = join(root, 'events/ftrace')
  const ftraceFormats = (existsSync(ftraceDir) ? readdirSync(ftraceDir) : [])
    .map((e) => read(`events/ftrace/${e}/format`))
    .filter((t): t is Buffer => t !== undefined)
  const eventFormats = [...eventsOf(plan)].map(([system, events]) => ({
    system,
    formats: [...events].map((e) => read(`events/${system}/${e}/format`)).filter((t): t is Buffer => t !== undefined),
  }))
  const clockText = read(`${plan.buffers[0]?.prefix ?? ''}trace_clock`)?.toString('latin1') ?? '[local]\n'
  const clock = /\[([^\]]+)\]/.exec(clockText)?.[1] ?? 'local'
  const cmdlines = read('saved_cmdlines') ?? new Uint8Array(0)
  const kallsyms = plan.kallsyms ? (readText('/proc/kallsyms') ?? new Uint8Array(0)) : new Uint8Array(0)
  const printk = read('printk_formats') ?? new Uint8Array(0)
  const headerPage = read('events/header_page') ?? Buffer.from('')
  const headerEvent = read('events/header_event') ?? Buffer.from('')
  undoChanges(plan, problems)

  const buffers: BufferInput[] = plan.buffers.map((b, i) => ({
    name: b.name,
    clock,
    cpus: b.cpus.map((cpu) => ({ cpu, data: { file: cpuFile(plan, i, cpu) } })),
  }))
  const temp = join(plan.tempDir, 'trace.dat')
  parseHeaderPage(headerPage.toString('latin1'), 'events/header_page')
  const written = writeTraceSync(temp, {
    version: plan.version,
    compression: plan.compression,
    ...(plan.compressionLevel !== undefined ? { compressionLevel: plan.compressionLevel } : {}),
    headerPage,
    headerEvent,
    pageSize: plan.pageSize,
    ftraceFormats,
    eventFormats,
    kallsyms,
    printk,
    cmdlines,
    cpuCount: plan.cpuCount,
    clock,
    traceClockText: clockText,
    uname: `${type()} ${hostname()} ${release()} ${machine()}`,
    writer: `typed-ftrace ${VERSION}`,
    traceId: BigInt(plan.traceId),
    cpuStats: stats,
    buffers,
  })
  renameSync(temp, plan.output)
  rmSync(plan.tempDir, { recursive: true, force: true })

  const resultBuffers = plan.buffers.map((b) => ({
    name: b.name,
    cpus: b.cpus.map((cpu) => {
      const c = counts.get(`${b.name}/${cpu}`)
      return {
        cpu,
        events: c?.events ?? 0,
        lost: lost.get(`${b.name}/${cpu}`) ?? 0,
        pages: c?.pages ?? 0,
        markedPages: c?.markedPages ?? 0,
      }
    }),
  }))
  const all = resultBuffers.flatMap((b) => b.cpus)
  const result: RecordResult = {
    output: plan.output,
    bytes: written.bytes,
    version: written.version,
    compression: written.compression,
    seconds: (stoppedAt - plan.startedAt) / 1000,
    buffers: resultBuffers,
    events: all.reduce((n, c) => n + c.events, 0),
    lost: all.reduce((n, c) => n + c.lost, 0),
    ...(options.exitCode !== undefined ? { exitCode: options.exitCode } : {}),
  }
  return { result, problems }
}

/** This package's version, for the VERSION option. */
const VERSION: string = (() => {
  // dist/src/tracefs/record/ or src/tracefs/record/
  for (const up of ['../../../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'typed-ftrace' && pkg.version) return pkg.version
    } catch {
      // not there
    }
  }
  return 'unknown'
})()
