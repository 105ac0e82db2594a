import type { RecordClock } from '../ring-buffer/record.js'
import { strtollPrefix } from '../schema/c-integer.js'
import type { TimeShift, TimeShiftCpu, TraceOptions, Tsc2Nsec } from './options.js'

/** How time stamps are converted (trace-cmd's `report` flags of the same meaning). */
export interface TimestampOptions {
  /** No conversion at all: the ring buffer's raw clock values (`--raw-ts`). */
  readonly raw?: boolean | undefined
  /** Apply a guest file's TIME_SHIFT samples to reach host time (default true). */
  readonly timeShift?: boolean | undefined
  /** Add the DATE option's offset to wall-clock time (default true; `--nodate` is false). */
  readonly date?: boolean | undefined
  /** ns added after every other conversion (`--ts-offset`). */
  readonly offset?: bigint | undefined
}

const U64 = (v: bigint) => BigInt.asUintN(64, v)
const S64 = (v: bigint) => BigInt.asIntN(64, v)

/** The kernel's `mul_u64_u32_shr` in 64-bit unsigned arithmetic (TSC2NSEC). */
export function mulU64U32Shr(a: bigint, multiplier: number, shift: number): bigint {
  const mul = U64(BigInt(multiplier))
  const s = BigInt(shift)
  const lo = a & 0xffffffffn
  const hi = a >> 32n
  let r = U64(lo * mul) >> s
  if (hi !== 0n) r = U64(r + U64(U64(hi * mul) << (32n - s)))
  return r
}

/** trace-cmd's correction between two samples (`timestamp_correction_calc`). */
function correct(ts: bigint, lo: number, hi: number, cpu: TimeShiftCpu, interpolate: boolean): bigint {
  const loTime = cpu.times[lo]!
  const loOffset = cpu.offsets[lo]!
  let correction = loOffset
  if (interpolate) {
    const delta = S64(cpu.times[hi]! - loTime)
    if (delta !== 0n) {
      const num = S64(S64(S64(ts) - loTime) * S64(cpu.offsets[hi]! - loOffset))
      correction = S64(loOffset + S64(S64(num + delta / 2n) / delta))
    }
  }
  const scaled = U64(ts * U64(cpu.scalings[lo]!)) >> (U64(cpu.fractions[lo]!) % 64n)
  return U64(scaled + correction)
}

/**
 * A guest's raw time stamp on host time, exactly as trace-cmd's
 * `timestamp_host_sync` computes it: interpolated (or stepped) between the
 * two samples around it, extrapolated outside them; one sample adds its
 * offset only; a CPU without samples is left as it is (trace-cmd reads past
 * its empty array there). The samples are sorted as signed numbers, but the
 * time stamp is compared with them unsigned: a negative sample time is after
 * every time stamp.
 */
export function hostTime(ts: bigint, cpu: number, shift: TimeShift): bigint {
  const samples = shift.cpus[cpu]
  if (samples === undefined) return ts
  const n = samples.times.length
  if (n === 0) return ts
  if (n === 1) return U64(ts + samples.offsets[0]!)
  const interpolate = (shift.flags & 1) !== 0
  const time = (i: number) => U64(samples.times[i]!)
  if (n === 2 || ts <= time(0)) return correct(ts, 0, 1, samples, interpolate)
  if (ts >= time(n - 1)) return correct(ts, n - 2, n - 1, samples, interpolate)
  // trace-cmd's binary search: the pair starting at the last sample not after `ts`.
  let lo = 0
  let hi = n - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (time(mid) <= ts) lo = mid
    else hi = mid
  }
  return correct(ts, lo, lo + 1, samples, interpolate)
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const safe = (v: bigint) => v >= -SAFE && v <= SAFE

/** Floor of `a / b` for safe integers, exact. */
function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b)
  const r = a - q * b
  if (b > 0 ? r < 0 : r > 0) q--
  else if (b > 0 ? r >= b : r <= b) q++
  return q
}

const ceilDiv = (a: number, b: number): number => -floorDiv(-a, b)

/**
 * {@link hostTime} in float arithmetic for the common case (scaling 1,
 * fraction 0, small numbers, as ptp and same-frequency KVM samples are),
 * with the same result: time stamps relative to one base, corrections as
 * small integers. A correction changes only every few thousand nanoseconds,
 * so each CPU remembers the range of time stamps its last one holds for.
 * NaN where a product would leave the exact range (the bigint path decides
 * there).
 */
class NumericShift {
  /** Sample times relative to the base, per CPU. */
  readonly #times: number[][]
  readonly #offsets: number[][]
  readonly #interpolate: boolean
  /** Per CPU: the last correction and the range of relative time stamps it holds for. */
  readonly #from: number[]
  readonly #to: number[]
  readonly #value: number[]

  private constructor(times: number[][], offsets: number[][], interpolate: boolean) {
    this.#times = times
    this.#offsets = offsets
    this.#interpolate = interpolate
    this.#from = times.map(() => 0)
    this.#to = times.map(() => -1)
    this.#value = times.map(() => 0)
  }

  static of(shift: TimeShift, base: bigint): NumericShift | undefined {
    for (const cpu of shift.cpus) {
      if (cpu.scalings.some((v) => v !== 1n) || cpu.fractions.some((v) => v !== 0n)) return undefined
      // Negative sample times compare unsigned in trace-cmd (after every time stamp): the bigint path.
      if (!cpu.times.every((t) => t >= 0n && safe(t - base)) || !cpu.offsets.every(safe)) return undefined
    }
    return new NumericShift(
      shift.cpus.map((c) => c.times.map((t) => Number(t - base))),
      shift.cpus.map((c) => c.offsets.map(Number)),
      (shift.flags & 1) !== 0,
    )
  }

  /** What `cpu`'s time stamp `base + rel` gains on the way to host time, or NaN outside the exact range. */
  correction(rel: number, cpu: number): number {
    // Kept tiny so that it inlines into the reader's loop; the rest is out of line.
    if (rel >= this.#from[cpu]! && rel <= this.#to[cpu]!) return this.#value[cpu]!
    return this.#compute(rel, cpu)
  }

  #compute(rel: number, cpu: number): number {
    const times = this.#times[cpu]
    if (times === undefined || times.length === 0) return this.#remember(cpu, -Infinity, Infinity, 0)
    const offsets = this.#offsets[cpu]!
    const n = times.length
    if (n === 1) return this.#remember(cpu, -Infinity, Infinity, offsets[0]!)
    // The pair of samples trace-cmd interpolates between, and the range of time stamps that use it.
    let lo: number
    if (n === 2 || rel <= times[0]!) lo = 0
    else if (rel >= times[n - 1]!) lo = n - 2
    else {
      lo = 0
      let hi = n - 1
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1
        if (times[mid]! <= rel) lo = mid
        else hi = mid
      }
    }
    // Segment lo serves (times[lo], times[lo+1]) and its exact hits, extended to infinity at both ends.
    const from = lo === 0 ? -Infinity : times[lo]!
    const to = lo + 2 >= n ? Infinity : times[lo + 1]! - 1
    const low = offsets[lo]!
    const delta = times[lo + 1]! - times[lo]!
    const slope = offsets[lo + 1]! - low
    if (!this.#interpolate || delta === 0 || slope === 0) return this.#remember(cpu, from, to, low)
    const u = rel - times[lo]!
    const half = Math.trunc(delta / 2)
    const x = u * slope + half
    if (!Number.isSafeInteger(x) || !Number.isSafeInteger(u)) return NaN
    // q = trunc(x / delta); the x that give the same q, then the u that give those x.
    const q = x >= 0 ? floorDiv(x, delta) : -floorDiv(-x, delta)
    const xLow = q > 0 ? q * delta : q < 0 ? (q - 1) * delta + 1 : -(delta - 1)
    const xHigh = q > 0 ? (q + 1) * delta - 1 : q < 0 ? q * delta : delta - 1
    const uLow = slope > 0 ? ceilDiv(xLow - half, slope) : ceilDiv(xHigh - half, slope)
    const uHigh = slope > 0 ? floorDiv(xHigh - half, slope) : floorDiv(xLow - half, slope)
    return this.#remember(cpu, Math.max(from, times[lo]! + uLow), Math.min(to, times[lo]! + uHigh), low + q)
  }

  #remember(cpu: number, from: number, to: number, value: number): number {
    this.#from[cpu] = from
    this.#to[cpu] = to
    this.#value[cpu] = value
    return value
  }
}

/**
 * The time line of one buffer: raw ring-buffer time stamps (kept as numbers
 * relative to `base`) to the file's time, in trace-cmd's order: guest time
 * shift, TSC to ns, then the offsets (DATE, OFFSET, the caller's).
 */
export class Timeline implements RecordClock {
  readonly base: bigint
  /** Only a constant is added: order is the raw order, and numbers suffice. */
  readonly plain: boolean
  readonly offset: bigint
  readonly #timeShift: TimeShift | undefined
  readonly #tsc: Tsc2Nsec | undefined
  readonly #baseNumber: number | undefined
  /** A guest's time shift in float arithmetic, when exact (see {@link NumericShift}). */
  readonly #numeric: NumericShift | undefined
  /** `base + offset` as a number: a merge key's time stamp is this plus the key. */
  readonly #keyBase: number
  /**
   * Merge keys are numbers relative to `base` even with a time shift (see
   * {@link key}); otherwise time stamps must be compared as bigints.
   */
  readonly numericKeys: boolean
  /** Turns a merge key (see {@link key}) into the time stamp: this time line itself unless keys are shifted. */
  readonly keyClock: RecordClock

  constructor(base: bigint, options: TraceOptions, settings: TimestampOptions = {}, top = true) {
    this.base = base
    const raw = settings.raw === true
    this.#timeShift =
      !raw && top && settings.timeShift !== false && options.timeShift !== undefined ? options.timeShift : undefined
    this.#tsc =
      !raw && options.tsc2nsec !== undefined && options.tsc2nsec.multiplier !== 0 ? options.tsc2nsec : undefined
    let offset = 0n
    if (!raw) {
      if (options.date !== undefined && settings.date !== false) offset += strtollPrefix(options.date) * 1000n
      if (options.offset !== undefined) offset += strtollPrefix(options.offset)
    }
    offset += settings.offset ?? 0n
    this.offset = offset
    this.plain = this.#timeShift === undefined && this.#tsc === undefined
    const b = base + offset
    this.#baseNumber = this.plain && b >= 0n && b <= SAFE ? Number(b) : undefined
    this.#numeric =
      this.#timeShift && !this.#tsc && base >= 0n && base <= SAFE && safe(offset)
        ? NumericShift.of(this.#timeShift, base)
        : undefined
    this.#keyBase = Number(base) + Number(offset)
    this.numericKeys = this.#numeric !== undefined
    this.keyClock = this.numericKeys ? new ShiftedKeyClock(this) : this
  }

  /**
   * The merge key of a raw time stamp `base + rel`: its host time minus
   * `base`, as a number (only when {@link numericKeys}; `rel` otherwise).
   */
  key(rel: number, cpu: number): number {
    const numeric = this.#numeric
    if (numeric === undefined) return rel
    const correction = numeric.correction(rel, cpu)
    // Outside the exact range (NaN) the bigint conversion decides.
    return correction === correction ? rel + correction : this.#bigKey(rel, cpu)
  }

  #bigKey(rel: number, cpu: number): number {
    return Number(this.convert(this.base + BigInt(rel), cpu) - this.offset - this.base)
  }

  /** The time stamp of a merge key (host time minus `base`, see {@link key}). */
  keyTime(key: number): bigint {
    const s = this.#keyBase + key
    return Number.isSafeInteger(s) && s >= 0 ? BigInt(s) : U64(this.base + this.offset + BigInt(key))
  }

  /** The file's time of a raw time stamp of `cpu`. */
  convert(raw: bigint, cpu: number): bigint {
    let ts = raw
    if (this.#timeShift) ts = hostTime(ts, cpu, this.#timeShift)
    if (this.#tsc) ts = mulU64U32Shr(ts, this.#tsc.multiplier, this.#tsc.shift)
    return U64(ts + this.offset)
  }

  /** The time stamp of a record `rel` after the base on `cpu`, with every conversion applied. */
  ts(rel: number, cpu: number): bigint {
    const b = this.#baseNumber
    if (b !== undefined) {
      const s = b + rel
      if (s >= 0 && s <= Number.MAX_SAFE_INTEGER) return BigInt(s)
    }
    if (this.#numeric !== undefined) return this.keyTime(this.key(rel, cpu))
    return this.convert(this.base + BigInt(rel), cpu)
  }
}

/** The clock of records whose relative time is already a shifted merge key. */
class ShiftedKeyClock implements RecordClock {
  readonly #timeline: Timeline
  constructor(timeline: Timeline) {
    this.#timeline = timeline
  }
  ts(key: number): bigint {
    return this.#timeline.keyTime(key)
  }
}
