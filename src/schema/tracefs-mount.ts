import { execFile } from 'node:child_process'
import { access, stat } from 'node:fs/promises'
import { promisify } from 'node:util'
import { TracefsNotFoundError } from './errors.js'

/** Where tracefs lives on current kernels, then where older ones put it. */
export const TRACEFS_CANDIDATES = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'] as const

/** Options for {@link findTracefs}. */
export interface FindTracefsOptions {
  /** Mount tracefs at `/sys/kernel/tracing` when it is not mounted and we are root (default true). */
  readonly mount?: boolean
}

/** True when `dir` holds a mounted tracefs (it has `events/` and `trace`). */
export async function isTracefs(dir: string): Promise<boolean> {
  try {
    const s = await stat(`${dir}/events`)
    if (!s.isDirectory()) return false
    await access(`${dir}/trace`)
    return true
  } catch {
    return false
  }
}

/**
 * Finds a mounted tracefs at `/sys/kernel/tracing`, then
 * `/sys/kernel/debug/tracing`; mounts it at the first when root and it is
 * absent. Throws {@link TracefsNotFoundError} (`EACCES` when not root,
 * `ENOENT` when the kernel has none) with a message saying what to do.
 */
export async function findTracefs(options: FindTracefsOptions = {}): Promise<string> {
  for (const dir of TRACEFS_CANDIDATES) {
    if (await isTracefs(dir)) return dir
    const denied = await access(dir).then(
      () =>
        stat(`${dir}/events`).then(
          () => false,
          (e: NodeJS.ErrnoException) => e.code === 'EACCES',
        ),
      (e: NodeJS.ErrnoException) => e.code === 'EACCES',
    )
    if (denied)
      throw new TracefsNotFoundError(
        'EPERM',
        `tracefs at ${dir} is only open to root (this process runs as uid ${process.getuid?.()}): run it as root`,
      )
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (options.mount === false) {
    throw new TracefsNotFoundError(
      'ENOENT',
      `tracefs is not mounted at ${TRACEFS_CANDIDATES.join(' or ')} (mounting was not allowed)`,
    )
  }
  if (!isRoot) {
    throw new TracefsNotFoundError(
      'EACCES',
      `tracefs is not mounted at ${TRACEFS_CANDIDATES.join(' or ')} and mounting it needs root: run as root or 'mount -t tracefs nodev /sys/kernel/tracing'`,
    )
  }
  const target = TRACEFS_CANDIDATES[0]
  try {
    await promisify(execFile)('mount', ['-t', 'tracefs', 'nodev', target])
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message
    throw new TracefsNotFoundError(
      'ENOENT',
      `could not mount tracefs at ${target}: ${detail} (is CONFIG_TRACING enabled?)`,
      { cause: error },
    )
  }
  if (await isTracefs(target)) return target
  throw new TracefsNotFoundError('ENOENT', `mounted tracefs at ${target} but it has no events/ folder`)
}
