import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { hostTime, mulU64U32Shr } from '../../src/tracedat/timestamps.js'
import type { TimeShift } from '../../src/index.js'
import { emptyOptions } from '../../src/tracedat/option-decode.js'
import { strtollPrefix } from '../../src/schema/c-integer.js'
import { Timeline } from '../../src/tracedat/timestamps.js'

const shift = (
  flags: number,
  samples: [time: bigint, offset: bigint, scaling?: bigint, fraction?: bigint][],
): TimeShift => ({
  peerTraceId: 1n,
  flags,
  cpus: [
    {
      times: samples.map((s) => s[0]),
      offsets: samples.map((s) => s[1]),
      scalings: samples.map((s) => s[2] ?? 1n),
      fractions: samples.map((s) => s[3] ?? 0n),
    },
  ],
})

describe("guest time on the host's clock (trace-cmd's timestamp_host_sync)", () => {
  it('interpolates between two samples (a net7-guest record, as trace-cmd printed it)', () => {
    const s = shift(1, [
      [12476675060593n, -656n],
      [12477083165598n, -536n],
    ])
    expect(hostTime(12476875231626n, 0, s)).toBe(12476875231029n)
  })

  it('extrapolates before the first and after the last sample; steps use the lower sample (the second to last after the end)', () => {
    const interpolate = shift(1, [
      [1000n, 0n],
      [2000n, 100n],
      [3000n, 300n],
    ])
    expect(hostTime(500n, 0, interpolate)).toBe(500n - 49n) // -49.5 + rounding, truncated toward 0
    expect(hostTime(1500n, 0, interpolate)).toBe(1500n + 50n)
    expect(hostTime(2000n, 0, interpolate)).toBe(2000n + 100n)
    expect(hostTime(4000n, 0, interpolate)).toBe(4000n + 500n)
    const step = shift(0, [
      [1000n, 10n],
      [2000n, 20n],
      [3000n, 30n],
    ])
    expect(hostTime(2500n, 0, step)).toBe(2520n)
    expect(hostTime(3500n, 0, step)).toBe(3520n)
    expect(hostTime(500n, 0, step)).toBe(510n)
  })

  it('one sample adds its offset only; scaling applies otherwise; no samples or an unknown CPU: unchanged', () => {
    expect(hostTime(1000n, 0, shift(1, [[1n, -5n, 3n, 1n]]))).toBe(995n)
    expect(
      hostTime(
        1000n,
        0,
        shift(0, [
          [0n, 0n, 3n, 1n],
          [5000n, 0n, 3n, 1n],
        ]),
      ),
    ).toBe(1500n)
    expect(hostTime(1000n, 0, shift(1, []))).toBe(1000n)
    expect(hostTime(1000n, 3, shift(1, [[1n, 5n]]))).toBe(1000n)
  })
})

describe('TSC to ns, offsets', () => {
  it("mul_u64_u32_shr as the kernel's (64-bit wrap)", () => {
    expect(mulU64U32Shr(1000n, 1398101, 22)).toBe((1000n * 1398101n) >> 22n)
    const big = 0x123456789abcdefn
    expect(mulU64U32Shr(big, 1398101, 22)).toBe(BigInt.asUintN(64, (big * 1398101n) >> 22n))
  })

  it('C integers as strtoll reads them', () => {
    expect(strtollPrefix('0x10')).toBe(16n)
    expect(strtollPrefix('-0x10')).toBe(-16n)
    expect(strtollPrefix('010')).toBe(8n)
    expect(strtollPrefix('  42abc')).toBe(42n)
    expect(strtollPrefix('junk')).toBe(0n)
  })

  it('DATE (µs) and OFFSET (ns) are added after TSC2NSEC, all skipped for raw time stamps', () => {
    const options = {
      ...emptyOptions(),
      date: '0x10',
      offset: '7',
      tsc2nsec: { multiplier: 1 << 21, shift: 22, offset: 0n },
    }
    expect(new Timeline(0n, options).ts(1000, 0)).toBe(500n + 16_000n + 7n)
    expect(new Timeline(0n, options, { date: false }).ts(1000, 0)).toBe(507n)
    expect(new Timeline(0n, options, { raw: true }).ts(1000, 0)).toBe(1000n)
    expect(new Timeline(5n, emptyOptions(), { offset: -2n }).ts(1, 0)).toBe(4n)
  })
})

describe('the fast (float) guest time path equals the bigint one', () => {
  // Timeline takes float arithmetic with cached correction ranges when the samples allow it
  // (scaling 1, fraction 0); every time stamp must come out as hostTime() computes it.
  it('random samples, interpolated and stepped, time stamps in order and at random, both around and far outside the samples', () => {
    // Small numbers too, so that time stamps land exactly where a correction changes.
    const samples = (time: bigint, offset: bigint) =>
      fc
        .array(fc.tuple(fc.bigInt({ min: -time, max: time }), fc.bigInt({ min: -offset, max: offset })), {
          maxLength: 6,
        })
        .map((xs) => {
          const sorted = [...new Map(xs).entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
          return {
            times: sorted.map((x) => x[0]),
            offsets: sorted.map((x) => x[1]),
            scalings: sorted.map(() => 1n),
            fractions: sorted.map(() => 0n),
          }
        })
    const cpuSamples = fc.oneof(samples(2_000_000n, 5_000n), samples(60n, 25n))
    // Mostly small steps forward (as a CPU's records come), sometimes back near the samples or far away.
    const walk = fc.array(
      fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 30 },
        { arbitrary: fc.integer({ min: -100, max: -51 }), weight: 2 },
        { arbitrary: fc.integer({ min: -3_000_000, max: 3_000_000 }), weight: 1 },
      ),
      { minLength: 1, maxLength: 400 },
    )
    fc.assert(
      fc.property(
        fc.array(cpuSamples, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        walk,
        fc.bigInt({ min: 3_000_000n, max: 1n << 40n }),
        (cpus, interpolate, steps, base) => {
          const timeShift: TimeShift = {
            peerTraceId: 1n,
            flags: interpolate ? 1 : 0,
            cpus: cpus.map((c) => ({ ...c, times: c.times.map((t) => t + base) })),
          }
          const timeline = new Timeline(base, { ...emptyOptions(), timeShift })
          expect(timeline.numericKeys).toBe(true)
          let rel = 0
          steps.forEach((step, i) => {
            rel = step > 3 || step < 0 ? (step < -50 && step >= -100 ? step + 50 : step) : rel + step
            const cpu = Math.floor(i / 40) % (cpus.length + 1) // and one CPU beyond the samples' count
            expect(timeline.ts(rel, cpu)).toBe(hostTime(base + BigInt(rel), cpu, timeShift))
          })
        },
      ),
      { numRuns: 3000 },
    )
  })
})
