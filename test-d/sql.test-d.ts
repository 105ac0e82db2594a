import { expectAssignable, expectError, expectType } from 'tsd'
import {
  createSynth,
  parseSql,
  sql,
  sqlHist,
  sqlSynth,
  SqlError,
  SynthError,
  TIMESTAMP_USECS,
  typedSql,
} from '../dist/src/index.js'
import type {
  AnySynth,
  HistDefinition,
  SqlCondition,
  SqlHistResult,
  SqlResult,
  SqlStatement,
  SynthDefinition,
  SynthFields,
} from '../dist/src/index.js'
import { schema } from '../dist/types/linux-6.1.js'

// sql() gives a result told apart by `kind`: a synthetic event with JOIN, a hist without.
const r = sql('lat', 'SELECT a.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid', schema)
expectType<SqlResult>(r)
expectType<'synth' | 'hist'>(r.kind)
expectType<string>(r.echoCmd())
if (r.kind === 'synth') {
  expectType<AnySynth>(r.synth)
  expectType<SynthDefinition>(r.definition)
} else expectType<HistDefinition>(r.definition)

expectType<AnySynth>(sqlSynth('lat', 'SELECT ...', schema))
expectType<HistDefinition>(sqlHist('SELECT next_pid FROM sched_switch', schema).definition)
expectError(sql('lat', 42, schema))

// The syntax tree is plain data.
const t = parseSql('SELECT x FROM y WHERE x > 1')
expectType<SqlStatement>(t)
expectType<readonly SqlCondition[]>(t.where)
if (t.where[0]?.kind === 'compare') expectType<'==' | '!=' | '<' | '<=' | '>' | '>=' | '&' | '~'>(t.where[0].op)

// Its errors are SynthErrors with a position.
declare const e: SqlError
expectAssignable<SynthError>(e)
expectType<number>(e.position.column)
expectType<string>(e.token)

// typedSql(): the statement read at compile time. With JOIN, the typed synth of the same
// fluent calls (libtracefs' unnamed matches: createSynth), its record type included.
declare function fieldsOf<S>(synth: S): SynthFields<S>
const lat = typedSql(
  'wakeup_lat',
  'SELECT start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat FROM sched.sched_waking AS start JOIN sched.sched_switch AS end ON start.pid = end.next_pid',
)
expectType<{ pid: number; lat: bigint }>(fieldsOf(lat))
const fluent = createSynth('wakeup_lat', schema)
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid', null)
  .startField('pid')
  .compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-end', 'lat')
expectType<typeof fluent>(lat)
expectType<'wakeup_lat'>(lat.name)
const multiline = typedSql(
  'wakeup_lat',
  `select start.pid, TIMESTAMP_DELTA_USECS as delta
     from sched_waking as start
     join sched_switch as end on start.pid = end.next_pid
    where end.prev_prio < 100`,
  schema,
)
expectType<{ pid: number; delta: bigint }>(fieldsOf(multiline))
// Without JOIN: the hist result.
expectType<SqlHistResult>(
  typedSql('', 'SELECT CAST(common_pid AS EXECNAME), CAST(bytes_req AS _COUNTER_) FROM kmem.kmalloc'),
)
// What does not check is an error: events, fields, prefixes, ON pairs, syntax, a text that is no literal.
expectError(typedSql('x', 'SELECT a.pid FROM shed.sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid'))
expectError(typedSql('x', 'SELECT a.pidd FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid'))
expectError(typedSql('x', 'SELECT c.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid'))
expectError(typedSql('x', 'SELECT a.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.prev_comm'))
expectError(typedSql('x', 'SELECT a.pid sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid'))
declare const text: string
expectError(typedSql('x', text))
