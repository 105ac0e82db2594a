/** One CPU's ring-buffer statistics, as `per_cpu/cpuN/stats` prints them (counters only). */
export interface CpuStatValues {
  readonly entries: number
  readonly overrun: number
  readonly commitOverrun: number
  readonly bytes: number
  readonly droppedEvents: number
  readonly readEvents: number
}

const KEYS: Readonly<Record<string, keyof CpuStatValues>> = {
  entries: 'entries',
  overrun: 'overrun',
  'commit overrun': 'commitOverrun',
  bytes: 'bytes',
  'dropped events': 'droppedEvents',
  'read events': 'readEvents',
}

/** Parses a `per_cpu/cpuN/stats` file; missing counters are 0. */
export function parseCpuStats(text: string): CpuStatValues {
  const values: Record<keyof CpuStatValues, number> = {
    entries: 0,
    overrun: 0,
    commitOverrun: 0,
    bytes: 0,
    droppedEvents: 0,
    readEvents: 0,
  }
  for (const line of text.split('\n')) {
    const m = /^([a-z ]+):\s*(\d+)\s*$/.exec(line)
    const key = m ? KEYS[m[1]!] : undefined
    if (key) values[key] = Number(m![2])
  }
  return values
}

/**
 * Events the kernel lost between two readings of a CPU's stats: overwritten
 * before they were read (`overrun`), dropped while the buffer was full
 * (`dropped events`) or by nested writers (`commit overrun`).
 */
export function lostBetween(before: CpuStatValues, after: CpuStatValues): number {
  const d = (k: keyof CpuStatValues) => Math.max(0, after[k] - before[k])
  return d('overrun') + d('commitOverrun') + d('droppedEvents')
}
