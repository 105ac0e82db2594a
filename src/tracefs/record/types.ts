import type { RegisteredKernel } from '../../schema/field-types.js'

/**
 * An event to record, `[system, event]`, checked against the registered
 * kernel (any strings without one): `['sched', 'sched_switch']`.
 */
export type RecordEvent<K = RegisteredKernel> = {
  readonly [S in keyof K & string]: readonly [system: S, event: keyof K[S] & string]
}[keyof K & string]

/** A buffer instance to record as well (`trace-cmd record -B NAME -e ...`). */
export interface RecordInstance<K = RegisteredKernel> {
  /** The instance (`instances/<name>`); created when absent and removed again afterwards. */
  readonly name: string
  readonly events: readonly RecordEvent<K>[]
}

/** Options of `Tracefs.record()`. */
export interface RecordOptions<K = RegisteredKernel> {
  /** Events to record into the handle's buffer (the top one, or `instance`). */
  readonly events: readonly RecordEvent<K>[]
  /** The trace.dat file to write (replaced when it exists; written when the recording ends). */
  readonly output: string
  /** Record `events` into this instance instead of the top buffer (created when absent, removed afterwards if created). */
  readonly instance?: string
  /** Further buffer instances, each with its own events (`-B`). */
  readonly instances?: readonly RecordInstance<K>[]
  /** Stop after this many milliseconds. */
  readonly duration?: number
  /** Stop when this signal aborts (e.g. on SIGINT). */
  readonly signal?: AbortSignal
  /** Run this command (`[file, ...args]`, output inherited) and stop when it exits. */
  readonly command?: readonly string[]
  /** Ring-buffer size per CPU in KiB (`buffer_size_kb`; restored afterwards). */
  readonly bufferKiB?: number
  /** Compression of a version 7 file: `'zstd'` (default, as trace-cmd 3.x) or `'none'`. */
  readonly compression?: 'zstd' | 'none'
  /** zstd level (default 1; see `writeTrace`). */
  readonly compressionLevel?: number
  /** File version: 7 (default) or 6. */
  readonly version?: 7 | 6
  /** How often the raw buffers are read when little arrives, in milliseconds (default 100; busy buffers are read every few ms). */
  readonly pollMs?: number
  /** Save `/proc/kallsyms` in the file (default true, as trace-cmd does). */
  readonly kallsyms?: boolean
  /**
   * Start a small guard process that finishes the recording when this process
   * dies without doing so (SIGKILL, a crash): it disables the events, removes
   * a created instance and writes the file from the pages already read
   * (default false; the command line turns it on).
   */
  readonly guard?: boolean
  /** Called once the events are enabled and recording has begun. */
  readonly onStart?: () => void
}

/** One CPU of a recorded buffer. */
export interface RecordedCpu {
  readonly cpu: number
  /** Events in the pages written. */
  readonly events: number
  /** Events the kernel lost on this CPU while recording (from `per_cpu/cpuN/stats`: overrun, dropped, commit overrun). */
  readonly lost: number
  /** Pages written. */
  readonly pages: number
  /** Pages that carry the kernel's missed-events mark. */
  readonly markedPages: number
}

/** What a recording wrote. */
export interface RecordResult {
  readonly output: string
  readonly bytes: number
  readonly version: 6 | 7
  readonly compression: 'zstd' | 'none'
  /** Wall time recorded, in seconds. */
  readonly seconds: number
  readonly buffers: readonly { readonly name: string; readonly cpus: readonly RecordedCpu[] }[]
  /** Events written, all buffers. */
  readonly events: number
  /** Events lost, all buffers. */
  readonly lost: number
  /** The command's exit code (or 128 + signal number), when one was run. */
  readonly exitCode?: number
}
