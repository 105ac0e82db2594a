// One measured run of the reader, in its own process (fresh JIT and heap, its own peak RSS):
//   node bench/tracedat/run.mjs FILE iterate|records a|b [zstd-napi-dir]
// (a) every record's time stamp and event id; (b) also prev_pid and next_pid of every
// sched_switch. Prints: records seconds checksum max-rss-kB. The time includes opening.
import { createRequire } from 'node:module'
import { openTrace } from '../../dist/src/index.js'

const [file, how, mode, napiDir] = process.argv.slice(2)
let zstd
if (napiDir) {
  // A native zstd binding in place of the built-in WebAssembly decoder (for the comparison).
  const napi = createRequire(`${napiDir}/`)('zstd-napi')
  zstd = (frame) => napi.decompress(frame)
}
const t0 = performance.now()
const trace = await openTrace(file, { zstd })
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
if (how === 'iterate') trace.iterate(visit)
else for (const r of trace.records()) visit(r)
const seconds = (performance.now() - t0) / 1000
if (disorder) throw new Error(`${disorder} records out of time order`)
console.log(`${n} ${seconds.toFixed(6)} ${(BigInt(ids) + BigInt(pids) + last).toString()} ${process.resourceUsage().maxRSS}`)
