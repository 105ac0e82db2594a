import type { CommandIO } from './command.js'

/** Text written out in batches. */
export interface Output {
  write(text: string): void
  flush(): void
}

/** Output gathered into 64 KiB writes, each passed through `transform` (once per batch, not per line). */
export function batched(io: CommandIO, transform: (batch: string) => string = (batch) => batch): Output {
  let batch = ''
  return {
    write(text) {
      batch += text
      if (batch.length > 1 << 16) {
        io.stdout(transform(batch))
        batch = ''
      }
    },
    flush() {
      if (batch) io.stdout(transform(batch))
      batch = ''
    },
  }
}

/** JSON.stringify's replacer for records: 64-bit values as strings, byte arrays in hex. */
export function jsonValue(_key: string, v: unknown): unknown {
  return typeof v === 'bigint'
    ? String(v)
    : v instanceof Uint8Array
      ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
      : v
}

/** What a line's head needs of a record. */
export interface LineRecord {
  readonly ts: bigint
  readonly cpu: number
  readonly pid: number
  readonly name: string
}

/** How a line shows time: `secs.usecs` (trace-cmd's default), `secs.nsecs` (`-t`) or the recorded value (`--raw-ts`). */
export type TimeFormat = 'usecs' | 'nsecs' | 'raw'

/** The head of a `trace-cmd report` line: `comm-pid [cpu] secs.usecs: event:`. */
export function lineHead(cmdlines: ReadonlyMap<number, string>, r: LineRecord, format: TimeFormat): string {
  // --raw-ts prints `%12llu` glued to the CPU.
  const time = format === 'raw' ? String(r.ts).padStart(12) : ` ${format === 'nsecs' ? nsecs(r.ts) : usecs(r.ts)}`
  const comm = r.pid === 0 ? '<idle>' : (cmdlines.get(r.pid) ?? '<...>')
  return `${comm.padStart(16)}-${String(r.pid).padEnd(5)} [${String(r.cpu).padStart(3, '0')}]${time}: ${`${r.name}:`.padEnd(22)}`
}

/**
 * {@link lineHead} for one file's records, with what repeats from line to line kept: the
 * `comm-pid` of each task, the `[cpu]` of each CPU and the padded event name (a report
 * prints millions of lines from a few hundred of each).
 */
export function lineHeads(cmdlines: ReadonlyMap<number, string>, format: TimeFormat): (r: LineRecord) => string {
  if (format === 'raw') return (r) => lineHead(cmdlines, r, format)
  const tasks = new Map<number, string>()
  const cpus: string[] = []
  const events = new Map<string, string>()
  const time = format === 'nsecs' ? nsecs : usecs
  return (r) => {
    let task = tasks.get(r.pid)
    if (task === undefined) {
      const comm = r.pid === 0 ? '<idle>' : (cmdlines.get(r.pid) ?? '<...>')
      tasks.set(r.pid, (task = `${comm.padStart(16)}-${String(r.pid).padEnd(5)} [`))
    }
    const cpu = (cpus[r.cpu] ??= `${String(r.cpu).padStart(3, '0')}] `)
    let event = events.get(r.name)
    if (event === undefined) events.set(r.name, (event = `: ${`${r.name}:`.padEnd(22)}`))
    return task + cpu + time(r.ts) + event
  }
}

/** `n / d` and its remainder for integers below 2^53, exactly (the float quotient corrected by one when it rounded). */
function divmod(n: number, d: number): [number, number] {
  let q = Math.floor(n / d)
  let r = n - q * d
  if (r < 0) {
    q--
    r += d
  } else if (r >= d) {
    q++
    r -= d
  }
  return [q, r]
}

/** `%5llu.%09llu` of the time in ns. */
function nsecs(ts: bigint): string {
  if (ts <= 9_007_199_254_740_991n) {
    const [secs, rest] = divmod(Number(ts), 1e9)
    return `${String(secs).padStart(5)}.${String(rest).padStart(9, '0')}`
  }
  return `${String(ts / 1_000_000_000n).padStart(5)}.${String(ts % 1_000_000_000n).padStart(9, '0')}`
}

/** `%5llu.%06llu` of the time rounded to microseconds, as trace-cmd prints it. */
function usecs(ts: bigint): string {
  if (ts <= 9_007_199_254_740_000n) {
    const [us] = divmod(Number(ts) + 500, 1000)
    const [secs, rest] = divmod(us, 1e6)
    return `${String(secs).padStart(5)}.${String(rest).padStart(6, '0')}`
  }
  const us = (ts + 500n) / 1000n
  return `${String(us / 1_000_000n).padStart(5)}.${String(us % 1_000_000n).padStart(6, '0')}`
}
