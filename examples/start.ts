/**
 * What `npm start` runs: each example on the embedded defaults (the shipped
 * kernel typings and committed fixtures), one after the other.
 */
import { kernelSummary } from './kernel-summary.js'

const sections: [string, () => unknown][] = [
  ['Kernel schema (shipped Linux 6.1 typings)', () => console.log(kernelSummary())],
  [
    'The wakeup-latency synthetic event (checked against the shipped 6.1 typings) and its echo script',
    () => import('./readme-wakeup.js'),
  ],
  ['The same definition evaluated offline over events recorded in a 6.1 kernel', () => import('./readme-evaluate.js')],
  ['A trace.dat recorded by trace-cmd on a 6.18 machine', () => import('./readme-tracedat.js')],
  [
    "Its wakeup latencies: the kernel's hist text, typed rows and a terminal histogram",
    () => import('./readme-hist.js'),
  ],
  ['A host and its QEMU guest (Debian 6.1) in one time space', () => import('./readme-peers.js')],
  ['Three traces exported to Parquet and queried as one fleet with DuckDB', () => import('./readme-export.js')],
]

for (const [title, run] of sections) {
  console.log(`== ${title}`)
  await run()
  console.log()
}
