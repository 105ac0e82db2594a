import {
  evaluateAll,
  hist,
  latencyBars,
  latencyHistogram,
  openTrace,
  samplePath,
  synth,
  TIMESTAMP_USECS,
} from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1'

const wakeupLat = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .endField('next_comm', 'comm')
  .delta(TIMESTAMP_USECS)

// The synthetic records of a trace.dat recorded by trace-cmd (a 6.18 machine), computed offline.
const trace = await openTrace(samplePath('v7-zstd.dat'))
const lat = evaluateAll(wakeupLat, trace.records())

// A hist trigger's histogram, as the kernel's `hist` file prints it...
const byLatency = hist(lat).keys('delta.log2').values('delta').sort('delta')
console.log(byLatency.text())

// ...and as typed rows: keys and values are the records' fields (a typo does not compile).
const slowest = hist(lat).keys('comm').values('delta').sort('delta.descending').rows()[0]
console.log(`most waiting: ${slowest?.key.comm}, ${slowest?.values.delta} us over ${slowest?.hitcount} wakeups`)

// The latency distribution for the terminal (latencySvg() draws it as SVG).
console.log(latencyBars(latencyHistogram(lat, 'delta')))
