import { synth, tracefs, TIMESTAMP_USECS } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1'

const wakeupLat = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta(TIMESTAMP_USECS)

const tfs = await tracefs() // finds (or mounts) tracefs; { instance: 'lat' } for an instance
{
  await using handle = await tfs.create(wakeupLat) // nothing half-created if a write fails
  await handle.enable()
  await new Promise((resolve) => setTimeout(resolve, 200))
  await handle.disable()
  for await (const ev of tfs.records(wakeupLat)) {
    console.log(ev.pid, ev.delta, ev.cpu, ev.ts) // number, bigint, number, bigint
  }
} // destroyed here: disabled, both triggers removed, the event removed
