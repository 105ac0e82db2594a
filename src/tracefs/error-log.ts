/** One entry of tracefs' `error_log`. */
export interface ErrorLogEntry {
  /** Seconds since boot, as printed (`117.404795`). */
  readonly timestamp: string
  /** Where it happened: `hist:sched:sched_switch`, `synthetic_events`, `event filter parse error`, ... */
  readonly location: string
  /** The kernel's message: `Couldn't find field`. */
  readonly message: string
  /** The command the kernel was given (as it logged it). */
  readonly command: string
  /** Offset of the caret under `command`: where the kernel saw the problem. */
  readonly position: number
}

const HEAD = /^\[\s*([\d.]+)\]\s+(.*?): error: (.*)$/
const COMMAND_PREFIX = '  Command: '

/**
 * Parses `error_log`. Each entry is three lines:
 * `[ 117.404795] hist:sched:sched_switch: error: Couldn't find field`,
 * `  Command: hist:keys=x`, and a caret line placed under the offending text.
 */
export function parseErrorLog(text: string): ErrorLogEntry[] {
  const lines = text.split('\n')
  const entries: ErrorLogEntry[] = []
  for (let i = 0; i < lines.length; i++) {
    const head = HEAD.exec(lines[i]!)
    if (!head) continue
    let command = ''
    let position = 0
    const next = lines[i + 1]
    if (next?.startsWith(COMMAND_PREFIX)) {
      command = next.slice(COMMAND_PREFIX.length)
      const caret = lines[i + 2]
      const at = caret?.indexOf('^') ?? -1
      if (caret !== undefined && at >= 0 && caret.trim() === '^') {
        position = Math.max(0, at - COMMAND_PREFIX.length)
        i += 2
      } else i += 1
    }
    entries.push({ timestamp: head[1]!, location: head[2]!, message: head[3]!, command, position })
  }
  return entries
}

/** `Couldn't find field at 'hist:keys=x' position 10` style summary of an entry. */
export function describeEntry(entry: ErrorLogEntry): string {
  if (!entry.command) return `${entry.location}: ${entry.message}`
  const near = entry.command.slice(entry.position, entry.position + 24)
  return `${entry.location}: ${entry.message} (at ${entry.position} in the command: '${near}')`
}
