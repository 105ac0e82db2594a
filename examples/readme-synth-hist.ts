import { synth, tracefs, TIMESTAMP_USECS } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1'

// The worst wakeup latency of each task, with who ran before it; and a snapshot of the ring buffer
// at the worst one of all.
const worst = synth('worst_wakeup')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta(TIMESTAMP_USECS)
  .onMax('delta')
  .save('prev_comm', 'prev_pid')
  .onMax('delta')
  .snapshot()

const tfs = await tracefs()
// What a snapshot holds: on before the first maximum, and until the snapshot is read (a new maximum
// swaps the buffers again; one taken with the event off would hold none of it).
await tfs.enable('sched', 'sched_switch')
{
  await using live = await tfs.create(worst)
  await new Promise((resolve) => setTimeout(resolve, 200))
  const { rows, snapshot } = await live.readHist() // the end trigger's hist file, typed
  for (const row of rows.slice(0, 5)) {
    const { value, saved } = row.tracked! // the maximum and what save() kept with it
    console.log(row.key.next_pid, value, saved.prev_comm, saved.prev_pid) // unknown, bigint, string, number
  }
  if (snapshot) {
    console.log(`snapshot at ${snapshot.value} us (pid ${snapshot.key.next_pid})`)
    const switches = []
    for await (const r of live.snapshotRecords({ system: 'sched', event: 'sched_switch' })) switches.push(r)
    console.log(`${switches.length} switches in the snapshot buffer, the last to ${switches.at(-1)?.next_comm}`)
  }
} // destroyed here: both triggers and the event removed
await tfs.disable('sched', 'sched_switch')
