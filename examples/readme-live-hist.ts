import { hist, histTriggerText, tracefs } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1'

// The tasks switched to most: keys, values and sort fields are sched_switch's fields (a typo does not compile).
const switches = hist('sched', 'sched_switch')
  .keys('next_comm', 'prev_state')
  .values('next_prio')
  .sort('hitcount.descending')
  .size(4096)
  .filter((f) => f.ne('next_pid', 0))

// What libtracefs' tracefs_hist_* calls would write:
// hist:keys=next_comm,prev_state:vals=next_prio:sort=hitcount.descending:size=4096 if next_pid != 0
console.log(histTriggerText(switches.definition))

const tfs = await tracefs()
{
  await using live = await tfs.create(switches) // appended to events/sched/sched_switch/trigger
  await new Promise((resolve) => setTimeout(resolve, 200))
  await live.pause() // counts frozen; live.continue() resumes them, live.clear() empties the table
  const { rows, hits, dropped } = await live.read() // the kernel's hist file, typed as hist(records) rows
  for (const row of rows.slice(0, 5)) {
    console.log(row.key.next_comm, row.key.prev_state, row.hitcount, row.values.next_prio) // string, bigint, number, bigint
  }
  console.log(`${hits} switches, ${dropped} dropped`)
} // destroyed here: the trigger removed
