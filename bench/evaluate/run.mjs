// One measured run, in its own process (fresh JIT and heap):
//   node bench/evaluate/run.mjs FILE decode|evaluate|hist
// decode: every record of the file from records(), its time stamp and event read;
// evaluate: the same records fed to the wakeup-latency synthetic event's evaluation;
// hist: evaluation and the log2 histogram of the latencies.
// Prints: records (decode only), seconds, synthetic records, a checksum, CPU seconds of the
// process. The times include opening the file (and, for CPU time, starting Node).
import { evaluateAll, hist, openTrace, synthFromSpec } from '../../dist/src/index.js'

const SPEC = {
  name: 'wakeup_lat',
  start: 'sched/sched_waking',
  end: 'sched/sched_switch',
  steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { delta: true }],
}

const [file, mode] = process.argv.slice(2)
const t0 = performance.now()
const trace = await openTrace(file)
let n = 0
let sum = 0n
let out = 0
if (mode === 'decode') {
  let names = 0
  for (const r of trace.records()) {
    n++
    sum += r.ts
    names += r.name.length
  }
  sum += BigInt(names)
} else {
  const synth = synthFromSpec(SPEC, trace.schema)
  const records = evaluateAll(synth, trace.records())
  out = records.length
  for (const r of records) sum += r.fields.delta
  if (mode === 'hist') sum += BigInt(hist(records).keys('delta.log2').rows().length)
}
const seconds = (performance.now() - t0) / 1000
const cpu = process.cpuUsage()
console.log(`${n} ${seconds.toFixed(6)} ${out} ${sum} ${((cpu.user + cpu.system) / 1e6).toFixed(6)}`)
