import { evaluatePeers, openTrace, samplePath, session, synth, TIMESTAMP } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1' // checks the names; records decode with each file's own formats

// The fixture's guest is trace-cmd's agent on the host's own kernel, so a task's sched_waking
// (recorded by the guest) and its sched_wakeup (recorded by the host) are one wake-up seen twice.
const host = await openTrace(samplePath('net7-host.dat'))
const guest = await openTrace(samplePath('net7-guest.dat'))
const peers = session(host).guest(guest, { check: 'guest-list' })

const wakeLat = synth('wake_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_wakeup')
  .match('pid', 'pid')
  .delta(TIMESTAMP)

// Start events from the guest, end events from the host, matched in host time.
const out = evaluatePeers(wakeLat, peers, { start: 'guest', end: 'host' })
const sorted = out.map((r) => r.fields.delta).sort((a, b) => (a < b ? -1 : 1))
console.log(
  `${out.length} wake-ups across peers; median ${sorted[sorted.length >> 1]} ns from the guest's waking to the host's wakeup`,
)
