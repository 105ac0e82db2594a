import type { Cursor } from './cursor.js'
import type { TimeShift } from './options.js'

/** The most CPUs an option may name. */
export const MAX_CPUS = 1 << 16

/** A TIME_SHIFT option's payload (the cursor is on it; it ends at `end`): samples sorted by time, repeats dropped. */
export function decodeTimeShift(c: Cursor, end: number): TimeShift {
  const peerTraceId = c.u64()
  const flags = c.u32()
  const cpuCount = c.u32()
  if (cpuCount > MAX_CPUS || cpuCount * 4 > end - c.pos)
    c.fail(`TIME_SHIFT option: ${cpuCount} CPUs in ${end - c.pos} bytes`, c.pos - 4)
  const read = (n: number, cpu: number, what: string): bigint[] => {
    if (n * 8 > end - c.pos)
      c.fail(`TIME_SHIFT option: CPU ${cpu}: ${n} samples' ${what} run past the option (${end - c.pos} bytes left)`)
    return Array.from({ length: n }, () => c.i64())
  }
  const raw: { times: bigint[]; offsets: bigint[]; scalings: bigint[]; fractions: bigint[] }[] = []
  for (let i = 0; i < cpuCount; i++) {
    if (end - c.pos < 4) c.fail(`TIME_SHIFT option: CPU ${i}: no room for its sample count`)
    const count = c.u32()
    const times = read(count, i, 'times')
    const offsets = read(count, i, 'offsets')
    const scalings = read(count, i, 'scalings')
    raw.push({ times, offsets, scalings, fractions: times.map(() => 0n) })
  }
  // Newer writers add every CPU's fraction bits after the rest. A block that does not fit
  // (trace-cmd writes the last CPU's count for every CPU) leaves the fractions at 0 here;
  // trace-cmd 3.1.6 stops reading the file's headers there and shows nothing.
  const fractionsAt = c.pos
  try {
    if (c.pos < end) raw.forEach((cpu, i) => (cpu.fractions = read(cpu.times.length, i, 'fractions')))
  } catch {
    c.pos = fractionsAt
    for (const cpu of raw) cpu.fractions = cpu.times.map(() => 0n)
  }
  // Sorted by time, repeated times dropped (as trace-cmd does when loading).
  const cpus = raw.map((cpu) => {
    const order = cpu.times
      .map((_, i) => i)
      .sort((a, b) => (cpu.times[a]! < cpu.times[b]! ? -1 : cpu.times[a]! > cpu.times[b]! ? 1 : a - b))
    const keep = order.filter((i, k) => k === 0 || cpu.times[i] !== cpu.times[order[k - 1]!])
    return {
      times: keep.map((i) => cpu.times[i]!),
      offsets: keep.map((i) => cpu.offsets[i]!),
      scalings: keep.map((i) => cpu.scalings[i]!),
      fractions: keep.map((i) => cpu.fractions[i]!),
    }
  })
  return { peerTraceId, flags, cpus }
}
