import type { BufferData } from './container.js'
import type { ReadProgress } from './cpu-data.js'
import type { RecordSelection } from './selection.js'

/** The bytes read so far (the CPU data sources add to `done`), reported every 16,384 records and at the end. */
export interface Progress extends ReadProgress {
  tick(): void
  finish(): void
}

/** Progress over the CPU data of the selected buffers and CPUs, reported to `sel.onProgress`. */
export function readProgress(sel: RecordSelection, buffers: readonly BufferData[]): Progress {
  const report = sel.onProgress
  const total =
    buffers.reduce(
      (sum, b) => sum + b.cpus.reduce((s, c) => s + (!sel.cpus || sel.cpus.includes(c.cpu) ? c.size : 0), 0),
      0,
    ) || 1
  let n = 0
  const p = {
    done: 0,
    tick() {
      if (report !== undefined && (++n & 0x3fff) === 0) report(Math.min(1, p.done / total))
    },
    finish() {
      report?.(1)
    },
  }
  return p
}
