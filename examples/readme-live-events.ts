import { FilterError, tracefs } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1' // the system, event and field names below are checked against it

const tfs = await tracefs({ instance: 'switches' }) // its own ring buffer (needs root)
try {
  // The synth builder's typed filter: sched_switch's fields, with the operators their types take.
  await tfs.setFilter('sched', 'sched_switch', (f) => f.ne('prev_pid', 0).and(f.lt('next_prio', 140)))
  console.log(`filter: ${await tfs.getFilter('sched', 'sched_switch')}`) // prev_pid != 0&&next_prio < 140
  await tfs.enable('sched', 'sched_switch')
  await new Promise((resolve) => setTimeout(resolve, 100))
  await tfs.disable('sched', 'sched_switch')
  let count = 0
  for await (const sw of tfs.records('sched', 'sched_switch')) {
    // Each field typed as the event's format says: string, number, bigint (a long), ...
    if (count++ < 3)
      console.log(`${sw.prev_comm}[${sw.prev_pid}] state ${sw.prev_state} -> ${sw.next_comm} on CPU ${sw.cpu}`)
  }
  console.log(`${count} switches read`)

  // Filter text is checked against the event's live format before it is written.
  const refused = await tfs.setFilter('sched', 'sched_switch', 'prev_pidd == 1').catch((e: unknown) => e)
  if (refused instanceof FilterError) console.log(`${refused.code} (${refused.field}): ${refused.message}`)
  // ENODEV (prev_pidd): field 'prev_pidd' is not in sched/sched_switch; did you mean 'prev_pid', 'prev_prio'?
} finally {
  await tfs.setFilter('sched', 'sched_switch', '')
  await tfs.removeInstance()
}
