import type { RecordClock } from './ring-buffer/record.js'
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

/** A C integer as `strtoll(text, NULL, 0)` reads it: optional sign, `0x` hex, leading-0 octal, else decimal; stops at the first other character. */
export function parseCInteger(text: string): bigint {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)?/.exec(text)
  const body = m?.[2]
  if (!body) return 0n
  const v = /^0[xX]/.test(body) ? BigInt(body) : body.length > 1 && body.startsWith('0') ? BigInt(`0o${body.slice(1)}`) : BigInt(body)
  return m[1] === '-' ? -v : v
}

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
  const scaled = U64(ts * U64(cpu.scalings[lo]!)) >> U64(cpu.fractions[lo]!) % 64n
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

  constructor(base: bigint, options: TraceOptions, settings: TimestampOptions = {}, top = true) {
    this.base = base
    const raw = settings.raw === true
    this.#timeShift = !raw && top && settings.timeShift !== false && options.timeShift !== undefined ? options.timeShift : undefined
    this.#tsc = !raw && options.tsc2nsec !== undefined && options.tsc2nsec.multiplier !== 0 ? options.tsc2nsec : undefined
    let offset = 0n
    if (!raw) {
      if (options.date !== undefined && settings.date !== false) offset += parseCInteger(options.date) * 1000n
      if (options.offset !== undefined) offset += parseCInteger(options.offset)
    }
    offset += settings.offset ?? 0n
    this.offset = offset
    this.plain = this.#timeShift === undefined && this.#tsc === undefined
    const b = base + offset
    this.#baseNumber = this.plain && b >= 0n && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : undefined
  }

  /** The file's time of a raw time stamp of `cpu`. */
  convert(raw: bigint, cpu: number): bigint {
    let ts = raw
    if (this.#timeShift) ts = hostTime(ts, cpu, this.#timeShift)
    if (this.#tsc) ts = mulU64U32Shr(ts, this.#tsc.multiplier, this.#tsc.shift)
    return U64(ts + this.offset)
  }

  ts(rel: number, cpu: number): bigint {
    const b = this.#baseNumber
    if (b !== undefined) {
      const s = b + rel
      if (s >= 0 && s <= Number.MAX_SAFE_INTEGER) return BigInt(s)
    }
    return this.convert(this.base + BigInt(rel), cpu)
  }
}
