import { synth, TIMESTAMP_USECS } from 'typed-ftrace'
import type { SynthFields } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1' // or your own generated kernel.ts

const wakeupLat = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta(TIMESTAMP_USECS)

// Its records (evaluated offline or read live) are SynthFields<typeof wakeupLat>:
const row: SynthFields<typeof wakeupLat> = { pid: 1234, delta: 12n } // { pid: number; delta: bigint }
// while .fields describes each field the way the kernel will show it
for (const [name, f] of Object.entries(wakeupLat.fields)) console.log(`${f.type} ${name}: ${f.value}`) // pid_t pid: number
console.log(`a record: pid ${row.pid}, delta ${row.delta} us`)
console.log(`its format: ${wakeupLat.showEvent()}`) // pid_t pid; u64 delta;
process.stdout.write(wakeupLat.echoCmd())
