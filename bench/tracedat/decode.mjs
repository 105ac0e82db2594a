// Reader throughput on a large trace (record one with scripts/fixtures/record-large.sh):
// records/s for (a) every record's time stamp and event id, (b) plus two fields of every
// sched_switch; against libtracecmd (tracecmd_iterate_events + field reads, built from
// bench/tracedat/tracecmd-decode.c) and `trace-cmd report > /dev/null`, in the same run.
// Run after `npm run build`: node bench/tracedat/decode.mjs [trace.dat]
import { execFileSync, execSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { openTrace } from '../../dist/src/index.js'
import { ROOT } from '../lib/tsc-diagnostics.mjs'

const file = process.argv[2] ?? join(ROOT, '.cache/bench/large.dat')
if (!existsSync(file)) execFileSync(join(ROOT, 'scripts/fixtures/record-large.sh'), ['7'], { stdio: 'inherit' })

function oursIterate(mode) {
  const t0 = performance.now()
  let n = 0
  let sum = 0n
  cached.iterate((r) => {
    n++
    sum += r.ts + BigInt(r.event.id)
    if (mode === 'b' && r.event.name === 'sched_switch') sum += BigInt(r.field('prev_pid')) + BigInt(r.field('next_pid'))
  })
  return { n, seconds: (performance.now() - t0) / 1000, rss: process.memoryUsage().rss }
}

function ours(mode) {
  const t0 = performance.now()
  const trace = openTraceSync(file)
  let n = 0
  let sum = 0n
  for (const r of trace.records()) {
    n++
    sum += r.ts + BigInt(r.id)
    if (mode === 'b' && r.name === 'sched_switch') {
      sum += BigInt(r.field('prev_pid')) + BigInt(r.field('next_pid'))
    }
  }
  return { n, seconds: (performance.now() - t0) / 1000, rss: process.memoryUsage().rss }
}

let cached
function openTraceSync() {
  return cached
}

cached = await openTrace(file)
const oracleBin = join(ROOT, '.cache/oracle/tracecmd-decode')
mkdirSync(join(ROOT, '.cache/oracle'), { recursive: true })
execSync(`gcc -O2 -o ${oracleBin} ${join(ROOT, 'bench/tracedat/tracecmd-decode.c')} $(pkg-config --cflags --libs libtracecmd libtraceevent)`)
const c = (mode) => {
  const [n, seconds] = execFileSync(oracleBin, [file, mode], { encoding: 'utf8' }).trim().split(' ')
  return { n: Number(n), seconds: Number(seconds) }
}
const report = () => {
  const t0 = performance.now()
  execSync(`trace-cmd report -i ${file} > /dev/null 2>&1`)
  return (performance.now() - t0) / 1000
}

console.log(`\ntrace.dat decoding: ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)`)
for (const mode of ['a', 'b']) {
  ours(mode) // warm-up
  oursIterate(mode)
  const o = ours(mode)
  const it = oursIterate(mode)
  const l = c(mode)
  const rate = (x) => x.n / x.seconds / 1e6
  console.log(`  (${mode}) ${mode === 'a' ? 'time stamp + event id' : '+ two sched_switch fields'}: libtracecmd ${rate(l).toFixed(2)} M records/s; typed-ftrace iterate() ${rate(it).toFixed(2)} (ratio ${(rate(it) / rate(l)).toFixed(2)}), records() ${rate(o).toFixed(2)} (ratio ${(rate(o) / rate(l)).toFixed(2)}); ${o.n} records, ${o.n === l.n && it.n === l.n ? 'the same count' : `DIFFERENT counts (${l.n})`}; RSS ${(o.rss / 1e6).toFixed(0)} MB`)
}
const r = report()
console.log(`  trace-cmd report > /dev/null: ${r.toFixed(2)} s (${(cached.cpuCount, ours('a').n / r / 1e6).toFixed(2)} M records/s)`)
