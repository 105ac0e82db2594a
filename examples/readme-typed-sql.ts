import { typedSql } from 'typed-ftrace'
import type { SynthFields } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1'

// The statement is read by the compiler too: a wrong event, field or prefix, or an ON pair
// that cannot match, is a compile error on the text with the builder's message.
const lat = typedSql(
  'wakeup_lat',
  `SELECT start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat
     FROM sched.sched_waking AS start
     JOIN sched.sched_switch AS end ON start.pid = end.next_pid
    WHERE end.prev_prio < 100`,
)
type WakeupLat = SynthFields<typeof lat> // { pid: number; lat: bigint }
const row: WakeupLat = { pid: 1, lat: 12n }
console.log(lat.showEvent(), row) // pid_t pid; u64 lat;
console.log(Object.keys(lat.fields)) // [ 'pid', 'lat' ]

// Without JOIN: the hist, its event and fields checked.
const bytes = typedSql('', 'SELECT CAST(common_pid AS EXECNAME), CAST(bytes_req AS _COUNTER_) FROM kmem.kmalloc')
process.stdout.write(bytes.echoCmd())
