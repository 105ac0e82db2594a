import { sql, SqlError } from 'typed-ftrace'
import { schema } from 'typed-ftrace/kernels/linux-6.1'

// With a JOIN: a synthetic event, the same definition the builder makes.
const lat = sql(
  'wakeup_lat',
  `SELECT start.pid, TIMESTAMP_DELTA_USECS AS delta
     FROM sched.sched_waking AS start
     JOIN sched.sched_switch AS end ON start.pid = end.next_pid
    WHERE end.prev_prio < 100`,
  schema,
)
if (lat.kind === 'synth') console.log(lat.synth.showEvent()) // pid_t pid; u64 delta;
process.stdout.write(lat.echoCmd())

// Without one: a hist trigger on the FROM event (_COUNTER_ makes a value).
const bytes = sql('', 'SELECT CAST(common_pid AS EXECNAME), CAST(bytes_req AS _COUNTER_) FROM kmem.kmalloc', schema)
process.stdout.write(bytes.echoCmd()) // echo 'hist:keys=common_pid.execname:vals=bytes_req' > ...

// Errors name the token and where it is.
try {
  sql('lat', 'SELECT start.pid FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.nxt_pid', schema)
} catch (e) {
  if (!(e instanceof SqlError)) throw e
  console.log(e.message) // field 'nxt_pid' is not in sched.sched_switch; did you mean 'next_pid'? at line 1, column 85 ('end.nxt_pid')
  console.log(e.excerpt) // the statement's line, and a caret under end.nxt_pid
}
