// Evaluation overhead over plain decoding, on the reader benchmark's large trace (over a
// million records; scripts/fixtures/record-large.sh records it into .cache/bench/large.dat
// when missing): each run in its own process (bench/evaluate/run.mjs), decode and evaluate
// runs interleaved round by round (their order alternating), since this machine's speed
// drifts between runs (and other work shares its two cores): the overhead is the median of
// each round's own ratio, in CPU time of the process (less disturbed by other processes than
// wall time, which is printed beside it).
//
//   npm run bench:evaluate        (builds first; BENCH_FILE=... BENCH_ROUNDS=... to change)
import { execFileSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const file = process.env.BENCH_FILE ?? join(ROOT, '.cache/bench/large.dat')
const rounds = Number(process.env.BENCH_ROUNDS ?? 9)
const TARGET = 0.25

if (!existsSync(file)) execFileSync(join(ROOT, 'scripts/fixtures/record-large.sh'), { stdio: 'inherit' })
const run = (mode) => {
  const [n, seconds, made, , cpu] = execFileSync(process.execPath, [join(ROOT, 'bench/evaluate/run.mjs'), file, mode], {
    encoding: 'utf8',
  })
    .trim()
    .split(' ')
  return { n: Number(n), seconds: Number(seconds), made: Number(made), cpu: Number(cpu) }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const modes = ['decode', 'evaluate', 'hist']
const times = Object.fromEntries(modes.map((m) => [m, []]))
const cpus = Object.fromEntries(modes.map((m) => [m, []]))
const ratios = { evaluate: [], hist: [] }
const wallRatios = { evaluate: [], hist: [] }
let records = 0
let made = 0
for (let i = 0; i < rounds; i++) {
  const order = i % 2 === 0 ? modes : [...modes].reverse()
  const round = {}
  const wall = {}
  for (const mode of order) {
    const r = run(mode)
    round[mode] = r.cpu
    wall[mode] = r.seconds
    times[mode].push(r.seconds)
    cpus[mode].push(r.cpu)
    if (mode === 'decode') records = r.n
    else made = r.made
  }
  for (const mode of ['evaluate', 'hist']) {
    ratios[mode].push(round[mode] / round.decode)
    wallRatios[mode].push(wall[mode] / wall.decode)
  }
}
const log = (s) => process.stdout.write(`${s}\n`)
log(
  `\noffline evaluation: ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB, ${records.toLocaleString('en')} records), ${rounds} interleaved rounds, medians (times include opening the file)`,
)
log(
  `  wakeup_lat (sched_waking -> sched_switch, pid = next_pid, delta in usecs): ${made.toLocaleString('en')} synthetic records`,
)
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`
log(
  `    ${'decode (records(), time stamp and event)'.padEnd(42)} CPU ${median(cpus.decode).toFixed(3)} s, wall ${median(times.decode).toFixed(3)} s (${(records / median(times.decode) / 1e6).toFixed(2)} M records/s)`,
)
for (const mode of ['evaluate', 'hist']) {
  const overhead = median(ratios[mode]) - 1
  const label = mode === 'evaluate' ? 'decode + evaluateAll()' : 'decode + evaluateAll() + hist(.log2)'
  log(
    `    ${label.padEnd(42)} CPU ${median(cpus[mode]).toFixed(3)} s, wall ${median(times[mode]).toFixed(3)} s; overhead ${pct(overhead)} CPU (wall ${pct(median(wallRatios[mode]) - 1)})${mode === 'evaluate' ? `; target at most +${TARGET * 100}%: ${overhead <= TARGET ? 'met' : 'NOT MET'}` : ''}`,
  )
}
