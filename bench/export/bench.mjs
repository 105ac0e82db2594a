// Export throughput and its cost over plain decoding of the same file, on several file sizes:
// a committed fixture, and the reader benchmark's large trace (scripts/fixtures/record-large.sh
// records it into .cache/bench/large.dat when missing; one recorded for 1 s,
// .cache/bench/export-1s.dat, is used too when present). Each run is its own process
// (bench/export/run.mjs); decode and export runs are interleaved round by round, their order
// alternating, since this machine's speed drifts (other work shares its two cores): the cost is
// the median of each round's own ratio, in CPU time of the process and in wall time.
//
//   npm run bench:export     (builds first; BENCH_FILES=a.dat,b.dat BENCH_ROUNDS=... BENCH_MODES=... to change)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const large = join(ROOT, '.cache/bench/large.dat')
if (process.env.BENCH_FILES === undefined && !existsSync(large))
  execFileSync(join(ROOT, 'scripts/fixtures/record-large.sh'), { stdio: 'inherit' })
const files =
  process.env.BENCH_FILES?.split(',') ??
  [join(ROOT, 'test/fixtures/tracedat/v7-instance.dat'), join(ROOT, '.cache/bench/export-1s.dat'), large].filter((f) =>
    existsSync(f),
  )
const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
const modes = process.env.BENCH_MODES?.split(',') ?? ['export', 'export-lz4']
const GOAL = 1.5
const out = mkdtempSync(join(tmpdir(), 'typed-ftrace-export-bench-'))

const run = (file, mode) => {
  const [n, seconds, cpu, rss, bytes] = execFileSync(
    process.execPath,
    [join(ROOT, 'bench/export/run.mjs'), file, mode, join(out, 'tables')],
    { encoding: 'utf8' },
  )
    .trim()
    .split(' ')
    .map(Number)
  return { n, seconds, cpu, rss, bytes }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const log = (s) => process.stdout.write(`${s}\n`)
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`

log(`\nexport: ${rounds} interleaved rounds per file, medians (times include opening the file, not starting Node)`)
for (const file of files) {
  const all = ['decode', ...modes]
  const runs = Object.fromEntries(all.map((m) => [m, []]))
  const ratios = Object.fromEntries(modes.map((m) => [m, { cpu: [], wall: [] }]))
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? all : [...all].reverse()
    const round = {}
    for (const mode of order) runs[mode].push((round[mode] = run(file, mode)))
    for (const mode of modes) {
      ratios[mode].cpu.push(round[mode].cpu / round.decode.cpu)
      ratios[mode].wall.push(round[mode].seconds / round.decode.seconds)
    }
  }
  const records = runs.decode[0].n
  log(`  ${file.replace(ROOT, '')} (${mb(statSync(file).size)}, ${records.toLocaleString('en')} records)`)
  for (const mode of all) {
    const rs = runs[mode]
    const wall = median(rs.map((r) => r.seconds))
    const cpu = median(rs.map((r) => r.cpu))
    let line = `    ${mode.padEnd(12)} wall ${wall.toFixed(3)} s, CPU ${cpu.toFixed(3)} s, ${Math.round(records / wall).toLocaleString('en')} records/s, peak RSS ${median(rs.map((r) => r.rss))} MB`
    if (mode !== 'decode') {
      const c = median(ratios[mode].cpu)
      const w = median(ratios[mode].wall)
      line += `, ${mb(rs[0].bytes)} written; x${c.toFixed(2)} decoding's CPU time, x${w.toFixed(2)} its wall time (goal x${GOAL}: ${w <= GOAL ? 'met' : 'NOT MET'})`
      if (rs.some((r) => r.n !== records)) line += '  DIFFERENT RECORD COUNT'
    }
    log(line)
  }
}
rmSync(out, { recursive: true, force: true })
