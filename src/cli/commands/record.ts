import { readdirSync, statSync } from 'node:fs'
import { isTracefs } from '../../schema/tracefs-mount.js'
import { TracefsNotFoundError } from '../../schema/errors.js'
import { RecordError } from '../../tracefs/record/record.js'
import type { RecordInstance, RecordResult } from '../../tracefs/record/types.js'
import { tracefs } from '../../tracefs/tracefs.js'
import { defineCommand } from '../command.js'
import type { Command } from '../command.js'
import { quoted, usageError } from '../failure.js'

type Pair = readonly [string, string]

export const recordCommand: Command = defineCommand({
  name: 'record',
  summary: 'record events into a trace.dat file (like trace-cmd record)',
  synopsis: ['record -e SYSTEM:EVENT [-e ...] [-B INSTANCE -e ...] [-o FILE] [options] [-- COMMAND [ARG...]]'],
  positionals: [['COMMAND', 'a command to run while recording (put -- before its own options)']],
  arity: [0, Infinity],
  options: {
    event: {
      type: 'string',
      short: 'e',
      multiple: true,
      value: 'SYSTEM:EVENT',
      help: 'an event (SYSTEM alone: all its events); after -B NAME it goes to that instance',
    },
    buffer: {
      type: 'string',
      short: 'B',
      multiple: true,
      value: 'NAME',
      help: 'record the following -e events in the instance NAME (created when absent, removed if created)',
    },
    output: { type: 'string', short: 'o', value: 'FILE', default: 'trace.dat', help: 'the output file' },
    'buffer-size': {
      type: 'string',
      short: 'b',
      value: 'KIB',
      number: 'positive',
      help: 'ring-buffer KiB per CPU (restored afterwards)',
    },
    duration: { type: 'string', value: 'SECONDS', help: 'stop after this long' },
    'file-version': { type: 'string', value: 'N', choices: ['6', '7'], default: '7', help: 'file version' },
    compression: {
      type: 'string',
      value: 'KIND',
      choices: ['zstd', 'none'],
      help: 'compression of a version 7 file (default zstd)',
    },
    'compression-level': {
      type: 'string',
      value: 'N',
      help: "zstd level (default 1; 3 is trace-cmd's; negative levels are faster)",
    },
    poll: {
      type: 'string',
      value: 'MS',
      number: 'positive',
      help: 'how often quiet raw buffers are read (default 100; busy ones sooner)',
    },
    'no-kallsyms': { type: 'boolean', help: 'do not save /proc/kallsyms' },
    tracefs: {
      type: 'string',
      value: 'DIR',
      help: 'the tracefs mount to use (default: found, or mounted when absent)',
    },
    quiet: { type: 'boolean', short: 'q', help: 'no per-CPU lines, only the summary' },
  },
  notes: `Records the events into FILE while COMMAND runs, for --duration seconds, or until SIGINT
(Ctrl-C), as 'trace-cmd record' does. The file is read by trace-cmd report, KernelShark,
libtracecmd and 'typed-ftrace report'. With a COMMAND, the exit code is the command's. Lost
events are counted per CPU from per_cpu/cpuN/stats and printed at the end. If the recorder is
killed, a guard process finishes the file from the pages already saved.`,
  async run({ values, positionals, order }, io) {
    const command = positionals.length > 0 ? positionals : undefined
    const duration = values.duration === undefined ? undefined : Number(values.duration)
    if (duration !== undefined && !(values.duration!.trim() !== '' && Number.isFinite(duration) && duration >= 0))
      throw usageError(`--duration ${quoted(values.duration!)}: expected a number of seconds (0 or more)`)
    const level = values['compression-level']
    const compressionLevel = level === undefined ? undefined : Number(level)
    if (level !== undefined && !/^-?\d+$/.test(level))
      throw usageError(`--compression-level ${quoted(level)}: expected a whole number`)
    const version = values['file-version'] === '6' ? 6 : 7
    const compression = values.compression as 'zstd' | 'none' | undefined
    if (version === 6 && compression === 'zstd')
      throw usageError('--compression zstd needs --file-version 7 (version 6 files are not compressed)')

    // -e before any -B: the top buffer; after -B NAME: that instance.
    const top: string[] = []
    const instances: { name: string; events: string[] }[] = []
    for (const o of order) {
      if (o.name === 'buffer') instances.push({ name: o.value ?? '', events: [] })
      else if (o.name === 'event') (instances.at(-1)?.events ?? top).push(o.value ?? '')
    }
    if (top.length === 0 && instances.every((i) => i.events.length === 0))
      throw usageError('no events: give at least one -e SYSTEM:EVENT')

    let root: string | undefined
    if (values.tracefs !== undefined) {
      if (!(await isTracefs(values.tracefs)))
        throw new TracefsNotFoundError(
          'ENOENT',
          `no tracefs at ${quoted(values.tracefs)} (it has no events/ and trace)`,
        )
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
        output: values.output,
        version,
        ...(compression !== undefined ? { compression } : {}),
        ...(duration !== undefined ? { duration: duration * 1000 } : {}),
        ...(values['buffer-size'] !== undefined ? { bufferKiB: Number(values['buffer-size']) } : {}),
        ...(values.poll !== undefined ? { pollMs: Number(values.poll) } : {}),
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
    io.stderr(summary(result, values.quiet))
    return result.exitCode ?? 0
  },
})

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
    throw new RecordError('ENOENT', `unknown event system ${quoted(spec)}: the kernel has no events/${spec}`)
  }
  throw usageError(`-e ${quoted(spec)} is not an event: write SYSTEM:EVENT`)
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
