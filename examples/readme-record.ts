import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { evaluateAll, openTrace, synth, TIMESTAMP_USECS, tracefs } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1' // the event names below are checked against it

const tfs = await tracefs() // needs root; finds (or mounts) tracefs
const output = join(tmpdir(), 'wakeups.dat')
const result = await tfs.record({
  events: [
    ['sched', 'sched_switch'], // a misspelt system or event does not compile
    ['sched', 'sched_waking'],
  ],
  output,
  instance: 'wakeups', // its own ring buffer (created, then removed); leave it out for the top one
  command: ['sh', '-c', 'for i in 1 2 3 4 5 6 7 8; do sleep 0.01; done'], // or duration (ms), signal
})
for (const cpu of result.buffers[0]!.cpus) console.log(`CPU ${cpu.cpu}: ${cpu.events} events, ${cpu.lost} lost`)

// A version 7 zstd file, as trace-cmd 3.x writes: trace-cmd report, KernelShark and openTrace read it.
const wakeupLat = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta(TIMESTAMP_USECS)
const lat = evaluateAll(wakeupLat, (await openTrace(output)).records('wakeups'))
const longest = lat.reduce((max, r) => (r.fields.delta > max ? r.fields.delta : max), 0n)
console.log(`${lat.length} wake-ups recorded, the longest waited ${longest} us`)
