// One measured run of the reader, in its own process (fresh JIT and heap, its own peak RSS):
//   node bench/tracedat/run.mjs FILE iterate|records|iterate-guest|records-guest a|b [zstd-napi-dir]
// The -guest forms read the file as a paired guest: TIME_SHIFT samples shaped like a real
// ptp session's (two per CPU, at the start and the end of the recording, offsets of a few
// hundred ns) are set on it, so every time stamp goes through the guest time correction.
// (a) every record's time stamp and event id; (b) also prev_pid and next_pid of every
// sched_switch. Prints: records seconds checksum max-rss-kB cpu-seconds. The time includes opening.
import { createRequire } from 'node:module'
import { openTrace } from '../../dist/src/index.js'

const [file, how, mode, napiDir] = process.argv.slice(2)
let zstd
if (napiDir) {
  // A native zstd binding in place of the built-in WebAssembly decoder (for the comparison).
  const napi = createRequire(`${napiDir}/`)('zstd-napi')
  zstd = (frame) => napi.decompress(frame)
}
// Every form finds the first time stamp before the clock starts (the -guest forms need it), so
// that all start equally warm.
const raw = await openTrace(file, { zstd, timestamps: { raw: true } })
let first = 0n
for (const r of raw.records('*')) {
  first = r.ts
  break
}
const cpus = Math.max(...raw.buffers.map((b) => b.cpus.length))
const samples = how.endsWith('-guest')
  ? Array.from({ length: cpus }, (_, cpu) => ({
      times: [first, first + 4_000_000_000n],
      offsets: [-656n + BigInt(cpu * 50), -536n - BigInt(cpu * 245)],
      scalings: [1n, 1n],
      fractions: [0n, 0n],
    }))
  : undefined
const t0 = performance.now()
const cpu0 = process.cpuUsage()
const trace = await openTrace(file, { zstd })
if (samples) trace.options.timeShift = { peerTraceId: 1n, flags: 1, cpus: samples }
let n = 0
let ids = 0
let pids = 0
let disorder = 0
let last = 0n
const visit = (r) => {
  n++
  const ts = r.ts
  if (ts < last) disorder++
  last = ts
  ids += r.id
  if (mode === 'b' && r.is('sched', 'sched_switch')) pids += r.fields.prev_pid + r.fields.next_pid
}
if (how.startsWith('iterate')) trace.iterate(visit)
else for (const r of trace.records()) visit(r)
const seconds = (performance.now() - t0) / 1000
const cpu = process.cpuUsage(cpu0)
if (disorder) throw new Error(`${disorder} records out of time order`)
console.log(
  `${n} ${seconds.toFixed(6)} ${(BigInt(ids) + BigInt(pids) + last).toString()} ${process.resourceUsage().maxRSS} ${((cpu.user + cpu.system) / 1e6).toFixed(6)}`,
)
