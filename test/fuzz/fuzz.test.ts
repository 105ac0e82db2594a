// The structure-aware fuzzer in the suite: cases parse a committed fixture, change its structures
// (formats, options, sections, compression flags, chunks, pages, counts, links), write it back and
// read it with the library and `typed-ftrace report`, each batch in a child process with a 512 MB
// heap and every case under a time limit. Anything but success or a typed error fails the test.
// A longer run by hand: `npm run fuzz -- --cases 50000` (add `--seed N` to repeat one).
import { expect, test } from 'vitest'
import { runFuzz } from './run.mjs'
import type { Tally } from './run.mjs'

const FIXED_SEED = 20_261_203
const cases = Number(process.env['TYPED_FTRACE_FUZZ_CASES'] ?? 2000)
const fresh = Number(process.env['TYPED_FTRACE_FUZZ_SEED'] ?? (Math.random() * 2 ** 32) >>> 0)

function show(seed: number, t: Tally, seconds: number): string {
  return `fuzz seed ${seed}: ${t.cases} cases, ${t.typed} typed errors, ${t.ok} successes, ${t.other} other, ${t.hang} hangs, ${t.oom} OOM (${seconds.toFixed(0)} s)`
}

test.each([
  ['fixed', FIXED_SEED, Math.ceil(cases * 0.6)],
  ['fresh', fresh, Math.floor(cases * 0.4)],
])(
  '%s seed: every damaged file reads or fails with a typed error, in time and memory',
  async (_kind, seed, n) => {
    const started = Date.now()
    const { tally, bad } = await runFuzz({ cases: n, seed, jobs: 2, timeoutMs: 15_000 })
    // The seed is printed so that a failure can be repeated: npm run fuzz -- --seed N --cases M.
    console.log(show(seed, tally, (Date.now() - started) / 1000))
    for (const b of bad) console.log(`  ${b.kind}: seed ${b.seed} case ${b.case}: ${b.detail.slice(0, 400)}`)
    expect(bad.map((b) => `${b.kind} seed ${b.seed} case ${b.case}`)).toEqual([])
    expect(tally.cases).toBe(n)
    // The cases reach both outcomes (a generator that only breaks files, or never, tests little).
    expect(tally.typed).toBeGreaterThan(n / 5)
    expect(tally.ok).toBeGreaterThan(n / 5)
  },
  600_000,
)
