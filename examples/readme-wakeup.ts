import { synth, TIMESTAMP_USECS } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1' // or your own generated kernel.ts

const wakeupLat = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta(TIMESTAMP_USECS)

// wakeupLat.fields is typed { pid: number; delta: bigint }
console.log(`its format: ${wakeupLat.showEvent()}`) // pid_t pid; u64 delta;
process.stdout.write(wakeupLat.echoCmd())
