import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseErrorLog } from './error-log.js'
import type { ErrorLogEntry } from './error-log.js'
import { describeEntry } from './error-log.js'
import { TracefsError } from './errors.js'

/** How a write opens its file: `append` (O_APPEND, like `>>`) or `write` (O_TRUNC, like `>`). */
export type WriteMode = 'append' | 'write'

const ERRNO_HINTS: Readonly<Record<string, string>> = {
  EACCES:
    "permission denied: tracefs writes need root, and some files are read-only (ftrace's internal events cannot be enabled or disabled)",
  EPERM: 'operation not permitted: tracefs writes need root (CAP_SYS_ADMIN)',
  ENOENT: 'no such file, or nothing by that name to remove',
  EBUSY: 'in use: something still refers to it (an enabled event, a trigger using its variables)',
  EEXIST: 'already exists',
  EINVAL: 'the kernel refused the text',
  ENODEV: 'no such device or event',
  ENOSPC: 'no space left in the kernel for it',
  ENOMEM: 'the kernel ran out of memory',
}

/**
 * Reads and writes files of one tracing directory (a tracefs mount or one of
 * its instances), turning refusals into {@link TracefsError}s that carry the
 * errno name, the file, the text and the kernel's `error_log` entries.
 */
export class TracefsIO {
  /** The tracefs mount (where `error_log` of the top instance and `dynamic_events` live). */
  readonly root: string

  constructor(root: string) {
    this.root = root
  }

  path(file: string): string {
    return join(this.root, file)
  }

  async read(file: string): Promise<string> {
    try {
      return await readFile(this.path(file), 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
      throw new TracefsError(
        code,
        file,
        undefined,
        [],
        `cannot read ${file}: ${code}${ERRNO_HINTS[code] ? ` (${ERRNO_HINTS[code]})` : ''}`,
        { cause: error },
      )
    }
  }

  async readOptional(file: string): Promise<string | undefined> {
    return readFile(this.path(file), 'utf8').catch(() => undefined)
  }

  async exists(file: string): Promise<boolean> {
    return (await this.readOptional(file)) !== undefined
  }

  /**
   * Writes `text` to `file` in one `write()` call. `error_log` (of the
   * instance that owns the file) is cleared before, so what it holds after a
   * refusal is about this write.
   */
  async write(file: string, text: string, mode: WriteMode = 'append', errorLog = 'error_log'): Promise<void> {
    await this.clearErrorLog(errorLog)
    let handle
    try {
      handle = await open(this.path(file), mode === 'append' ? 'a' : 'w')
      await handle.write(Buffer.from(text))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
      if ((code === 'EACCES' || code === 'EPERM') && !isRoot()) {
        throw new TracefsError(
          'EPERM',
          file,
          text,
          [],
          `writing to ${file} needs root (this process runs as uid ${process.getuid?.()}): run it as root`,
          { cause: error },
        )
      }
      const entries = await this.readErrorLog(errorLog)
      const why = entries.length > 0 ? entries.map(describeEntry).join('; ') : (ERRNO_HINTS[code] ?? 'refused')
      throw new TracefsError(
        code,
        file,
        text,
        entries,
        `writing '${oneLine(text)}' to ${file} failed with ${code}: ${why}`,
        { cause: error },
      )
    } finally {
      await handle?.close().catch(() => undefined)
    }
  }

  async readErrorLog(errorLog = 'error_log'): Promise<ErrorLogEntry[]> {
    const text = await this.readOptional(errorLog)
    return text === undefined ? [] : parseErrorLog(text)
  }

  async clearErrorLog(errorLog = 'error_log'): Promise<void> {
    const handle = await open(this.path(errorLog), 'w').catch(() => undefined)
    await handle?.close()
  }
}

function isRoot(): boolean {
  return typeof process.getuid !== 'function' || process.getuid() === 0
}

function oneLine(text: string): string {
  const t = text.replace(/\n$/, '').replace(/\n/g, '\\n')
  return t.length > 160 ? `${t.slice(0, 157)}...` : t
}
