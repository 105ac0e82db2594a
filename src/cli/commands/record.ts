import { readdirSync, statSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { isTracefs } from '../../schema/tracefs-mount.js'
import { TracefsNotFoundError } from '../../schema/errors.js'
import { RecordError } from '../../tracefs/record/record.js'
import type { RecordInstance, RecordResult } from '../../tracefs/record/types.js'
import { tracefs } from '../../tracefs/tracefs.js'
import type { Command, CommandIO } from '../command.js'

type Pair = readonly [string, string]

export const recordCommand: Command = {
  name: 'record',
  summary: 'record events into a trace.dat file (like trace-cmd record)',
  usage: `Usage: typed-ftrace record -e SYSTEM:EVENT [-e ...] [-B INSTANCE -e ...] [-o FILE] [options] [-- COMMAND [ARG...]]

Records the events into FILE (default trace.dat) while COMMAND runs, for --duration seconds,
or until SIGINT (Ctrl-C), as 'trace-cmd record' does. The file is read by trace-cmd report,
KernelShark, libtracecmd and 'typed-ftrace report'.

  -e SYSTEM:EVENT     an event (SYSTEM alone: all its events); before any -B they go to the
                      top buffer, after '-B NAME' to that instance
  -B NAME             record the following -e events in the instance NAME (created when
                      absent, removed afterwards if created)
  -o FILE             the output file (default trace.dat)
  -b KIB              ring-buffer size per CPU in KiB (restored afterwards)
  --duration SECONDS  stop after this long
  --file-version 6|7  file version (default 7)
  --compression zstd|none
                      compression of a version 7 file (default zstd)
  --compression-level N
                      zstd level (default 1; 3 is trace-cmd's, negative levels are faster)
  --poll MS           how often quiet raw buffers are read (default 100; busy ones sooner)
  --no-kallsyms       do not save /proc/kallsyms
  --tracefs DIR       the tracefs mount to use (default: found, or mounted when absent)
  -q                  no per-CPU lines, only the summary

With a COMMAND, the exit code is the command's. Lost events are counted per CPU from
per_cpu/cpuN/stats and printed at the end. If the
recorder is killed, a guard process finishes the file from the pages already saved.
`,
  async run(args, io) {
    const dash = args.indexOf('--')
    const own = dash < 0 ? [...args] : args.slice(0, dash)
    const command = dash < 0 ? undefined : args.slice(dash + 1)
    const { values, tokens } = parseArgs({
      args: own,
      options: {
        e: { type: 'string', short: 'e', multiple: true },
        B: { type: 'string', short: 'B', multiple: true },
        o: { type: 'string', short: 'o', default: 'trace.dat' },
        b: { type: 'string', short: 'b' },
        duration: { type: 'string' },
        'file-version': { type: 'string', default: '7' },
        compression: { type: 'string' },
        'compression-level': { type: 'string' },
        poll: { type: 'string' },
        'no-kallsyms': { type: 'boolean', default: false },
        tracefs: { type: 'string' },
        q: { type: 'boolean', short: 'q', default: false },
      },
      allowPositionals: false,
      strict: true,
      tokens: true,
    })
    const version = values['file-version']
    const compression = values.compression
    if (version !== '6' && version !== '7') return usage(io, this.usage, `--file-version must be 6 or 7`)
    if (compression !== undefined && compression !== 'zstd' && compression !== 'none')
      return usage(io, this.usage, `--compression must be zstd or none`)
    if (command !== undefined && command.length === 0) return usage(io, this.usage, 'nothing to run after --')
    const number = (name: string, text: string | undefined): number | undefined => {
      if (text === undefined) return undefined
      const n = Number(text)
      if (!Number.isFinite(n) || n < 0) throw new RecordError('EINVAL', `${name} '${text}' is not a number`)
      return n
    }
    const duration = number('--duration', values.duration)
    const bufferKiB = number('-b', values.b)
    const pollMs = number('--poll', values.poll)
    const level = values['compression-level']
    const compressionLevel = level === undefined ? undefined : Number(level)
    if (compressionLevel !== undefined && !Number.isInteger(compressionLevel))
      throw new RecordError('EINVAL', `--compression-level '${level}' is not an integer`)

    // -e before any -B: the top buffer; after -B NAME: that instance.
    const top: string[] = []
    const instances: { name: string; events: string[] }[] = []
    for (const t of tokens ?? []) {
      if (t.kind !== 'option') continue
      if (t.name === 'B') instances.push({ name: t.value ?? '', events: [] })
      else if (t.name === 'e') (instances.at(-1)?.events ?? top).push(t.value ?? '')
    }
    if (top.length === 0 && instances.every((i) => i.events.length === 0))
      return usage(io, this.usage, 'no events: give at least one -e SYSTEM:EVENT')

    let root: string | undefined
    if (values.tracefs !== undefined) {
      if (!(await isTracefs(values.tracefs)))
        throw new TracefsNotFoundError('ENOENT', `no tracefs at ${values.tracefs} (it has no events/ and trace)`)
      root = values.tracefs
    }
    const tfs = await tracefs(root === undefined ? {} : { root })
    const expand = (specs: readonly string[]): Pair[] => specs.flatMap((s) => expandEvent(tfs.root, s))
    const abort = new AbortController()
    const onSignal = () => abort.abort()
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    let result: RecordResult
    try {
      result = await tfs.record<Record<string, Record<string, unknown>>>({
        events: expand(top),
        instances: instances.map((i): RecordInstance<Record<string, Record<string, unknown>>> => ({
          name: i.name,
          events: expand(i.events),
        })),
        output: values.o,
        version: version === '6' ? 6 : 7,
        ...(compression !== undefined ? { compression } : {}),
        ...(duration !== undefined ? { duration: duration * 1000 } : {}),
        ...(bufferKiB !== undefined ? { bufferKiB } : {}),
        ...(pollMs !== undefined ? { pollMs } : {}),
        ...(compressionLevel !== undefined ? { compressionLevel } : {}),
        ...(command !== undefined ? { command } : {}),
        signal: abort.signal,
        kallsyms: !values['no-kallsyms'],
        guard: true,
        onStart: () => {
          if (command === undefined)
            io.stderr(
              `typed-ftrace record: recording${duration !== undefined ? ` for ${duration} s` : ''}; Ctrl-C stops\n`,
            )
        },
      })
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
    io.stderr(summary(result, values.q))
    return result.exitCode ?? 0
  },
}

function usage(io: CommandIO, text: string, why: string): number {
  io.stderr(`typed-ftrace record: ${why}\n${text}`)
  return 2
}

/** `system:event`, `system/event`, or a system alone (all of its events, as trace-cmd takes `-e sched`). */
function expandEvent(root: string, spec: string): Pair[] {
  const m = /^([^:/]+)[:/]([^:/]+)$/.exec(spec)
  if (m) return [[m[1]!, m[2]!]]
  if (/^[\w-]+$/.test(spec)) {
    let events: string[] = []
    try {
      events = readdirSync(`${root}/events/${spec}`).filter((e) => {
        try {
          return statSync(`${root}/events/${spec}/${e}/format`).isFile()
        } catch {
          return false
        }
      })
    } catch {
      // reported below
    }
    if (events.length > 0) return events.sort().map((e) => [spec, e] as const)
    throw new RecordError('ENOENT', `unknown event system '${spec}': the kernel has no events/${spec}`)
  }
  throw new RecordError('EINVAL', `'${spec}' is not an event: write SYSTEM:EVENT`)
}

/** Per-CPU lines (unless quiet) and a summary line. */
export function summary(result: RecordResult, quiet = false): string {
  const lines: string[] = []
  if (!quiet) {
    for (const b of result.buffers) {
      const label = b.name === '' ? '' : `${b.name}: `
      for (const c of b.cpus)
        lines.push(
          `${label}CPU ${c.cpu}: ${c.events} events, ${c.lost} lost (${c.pages} pages${c.markedPages ? `, ${c.markedPages} marked as missing events` : ''})`,
        )
    }
  }
  const mb = (result.bytes / 1e6).toFixed(result.bytes < 1e7 ? 2 : 1)
  lines.push(
    `recorded ${result.events} events, ${result.lost} lost, in ${result.seconds.toFixed(2)} s: ${result.output} (${mb} MB, version ${result.version}${result.version === 7 ? `, ${result.compression}` : ''})`,
  )
  return lines.map((l) => `${l}\n`).join('')
}
