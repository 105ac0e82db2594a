import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd'
import { TIMESTAMP, TIMESTAMP_USECS, createSynth, evaluateAll, synth, withSchema } from '../dist/src/index.js'
import type {
  EvalRecord,
  FieldInfo,
  LiveRecord,
  PeerSynthRecord,
  Schema,
  SynthFields,
  SynthRecord,
} from '../dist/src/index.js'
import { schema } from '../dist/types/linux-6.1.js'

/** The record type of a synth, from a value (`SynthFields<typeof s>`). */
declare function fieldsOf<S>(synth: S): SynthFields<S>
declare const events: EvalRecord[]

// The README's chain: its records' fields are exactly { pid: number; delta: bigint };
// the builder's own `fields` are the descriptors it holds at run time.
const wakeupLat = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta(TIMESTAMP_USECS)
expectType<{ pid: number; delta: bigint }>(fieldsOf(wakeupLat))
expectType<{ readonly pid: FieldInfo; readonly delta: FieldInfo }>(wakeupLat.fields)
expectNotAssignable<number>(wakeupLat.fields.pid)
expectType<SynthRecord<typeof wakeupLat>[]>(evaluateAll(wakeupLat, events))
expectType<{ pid: number; delta: bigint }>(evaluateAll(wakeupLat, events)[0]!.fields)
// The same record type live (tfs.records(s): the fields spread into the record) and across peers.
declare const live: LiveRecord<typeof wakeupLat>
expectType<number>(live.pid)
expectType<bigint>(live.delta)
declare const crossPeer: PeerSynthRecord<typeof wakeupLat>
expectType<{ pid: number; delta: bigint }>(crossPeer.fields)
// createSynth is the same builder: typed by its schema's kernel, with libtracefs'
// rule that a match adds a field only when named (a NULL name otherwise).
const viaCreate = createSynth('wakeup_lat', schema)
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid', 'pid')
expectType<{ readonly pid: FieldInfo }>(viaCreate.fields)
expectType<{ pid: number }>(evaluateAll(viaCreate, events)[0]!.fields)
expectType<{ delta: bigint }>(
  fieldsOf(createSynth('a', schema).start('sched_waking').end('sched_switch').match('pid', 'next_pid').delta()),
)
expectType<{ pid: number; delta: bigint }>(
  fieldsOf(
    createSynth('a', schema, { namedMatches: true })
      .start('sched_waking')
      .end('sched_switch')
      .match('pid', 'next_pid')
      .delta(),
  ),
)
expectError(createSynth('a', schema).start('sched', 'sched_wakeing'))
expectError(
  createSynth('a', schema).start('sched_waking').end('sched_switch').match('pid', 'next_pid').startField('nope'),
)
expectError(createSynth('a', schema).start('sched_waking').end('sched_switch').match('pid', 'next_pid').onMax('pid'))
expectError(createSynth('bad name', schema))
// Over a schema read at run time (no kernel types) the names are checked at run time;
// the field names the calls give are still known, their values are not.
declare const runtimeSchema: Schema
const loose = createSynth('wakeup_lat', runtimeSchema)
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid', 'pid')
  .delta()
  .startFilter((f) => f.glob('comm', 'a*').and(f.lt('prio', 3)))
expectType<{ readonly pid: FieldInfo; readonly delta: FieldInfo }>(loose.fields)
expectType<{ pid: unknown; delta: bigint }>(fieldsOf(loose))
expectType<string>(loose.echoCmd())

// The key's field can be renamed, or left out with null (libtracefs' NULL match name).
expectType<{ woken: number }>(
  fieldsOf(synth('a').start('sched_waking').end('sched_switch').match('pid', 'next_pid', 'woken')),
)
expectType<{ delta: bigint }>(
  fieldsOf(synth('a').start('sched_waking').end('sched_switch').match('pid', 'next_pid', null).delta()),
)

// Events by name alone, same start and end event, an explicit schema.
expectType<{ next_pid: number; lat: bigint }>(
  fieldsOf(
    withSchema(schema).synth('x').start('sched_switch').end('sched_switch').match('next_pid').delta(TIMESTAMP, 'lat'),
  ),
)

// Every libtracefs call has a counterpart, and the output type follows them.
const full = synth('wakeup_lat')
  .start('sched_waking')
  .end('sched_switch')
  .match('pid', 'next_pid', 'pid')
  .startField('prio')
  .endField('next_comm', 'comm')
  .endField('prev_prio')
  .compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-end', 'delta')
  .compare('prio', 'next_prio', 'add', 'sum')
  .startFilter((f) => f.lt('prio', 100).and(f.glob('comm', 'bash*').or(f.eq('pid', 1))))
  .appendEndFilter('not')
  .appendEndFilter('(')
  .appendEndFilter('compare', 'prev_state', '&', 1)
  .appendEndFilter(')')
  .onMax('delta')
  .save('prev_prio', 'next_comm')
  .onMax('delta')
  .snapshot()
  .onChange('sum')
  .trace()
  .onMatch()
  .trace()
expectType<{ pid: number; prio: number; comm: string; prev_prio: number; delta: bigint; sum: number }>(fieldsOf(full))
expectType<string>(full.showEvent())

// Unknown systems, events and fields.
expectError(synth('a').start('shed', 'sched_waking'))
expectError(synth('a').start('sched', 'sched_wakin'))
expectError(synth('a').start('sched_wakin'))
expectError(synth('a').start('sched'))
expectError(synth('a').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pidd', 'next_pid'))
expectError(synth('a').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'nxt_pid'))

// The single-argument match needs the field on both sides: sched_switch has no pid.
expectError(synth('a').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid'))
expectAssignable<object>(synth('a').start('sched', 'sched_switch').end('sched', 'sched_switch').match('next_pid'))

// Incompatible match and compare fields (libtracefs' EBADE rule).
expectError(synth('a').start('sched_waking').end('sched_switch').match('pid', 'prev_state'))
expectError(synth('a').start('sched_waking').end('sched_switch').match('comm', 'next_pid'))
expectError(
  synth('a')
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid')
    .compare('pid', 'prev_state', 'add', 'x'),
)

// Calculations only on numbers and timestamps.
expectError(
  synth('a')
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid')
    .compare('comm', 'next_comm', 'add', 'x'),
)

// '~' only on strings, '&' and ordering only on integers.
expectError(
  synth('a')
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid')
    .appendStartFilter('compare', 'prio', '~', 'x'),
)
expectError(
  synth('a')
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid')
    .appendStartFilter('compare', 'comm', '&', 1),
)
expectError(
  synth('a')
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid')
    .startFilter((f) => f.glob('prio', 'x')),
)
expectError(
  synth('a')
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid')
    .startFilter((f) => f.lt('comm', 'x')),
)
expectError(
  synth('a')
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid')
    .startFilter((f) => f.eq('prio', 'x')),
)

// A name used twice in the output fields.
expectError(
  synth('a').start('sched_waking').end('sched_switch').match('pid', 'next_pid', 'pid').startField('prio', 'pid'),
)
expectError(
  synth('a')
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid')
    .startField('prio')
    .endField('prev_prio', 'prio'),
)
expectError(synth('a').start('sched_waking').end('sched_switch').match('pid', 'next_pid').delta().delta(TIMESTAMP))

// Handler variables must be numeric output fields; save takes end-event fields; onMatch only traces.
expectError(synth('a').start('sched_waking').end('sched_switch').match('pid', 'next_pid').delta().onMax('lat'))
expectError(
  synth('a')
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid')
    .endField('next_comm', 'c')
    .onChange('c'),
)
expectError(
  synth('a').start('sched_waking').end('sched_switch').match('pid', 'next_pid').delta().onMax('delta').save('prio'),
)
expectError(synth('a').start('sched_waking').end('sched_switch').match('pid', 'next_pid').delta().onMatch().snapshot())

// Names must be identifiers.
expectError(synth('wakeup-lat'))
expectError(synth('a').start('sched_waking').end('sched_switch').match('pid', 'next_pid', 'my pid'))

// Kernel rules the types can see: at most 3 keys, no repeated key, no synth without fields.
const threeKeys = synth('k')
  .start('sched_switch')
  .end('sched_switch')
  .match('next_pid', 'next_pid', null)
  .match('prev_pid', 'prev_pid', null)
  .match('next_prio', 'next_prio', 'np')
expectType<{ np: number }>(fieldsOf(threeKeys))
expectError(threeKeys.match('prev_prio'))
expectError(synth('k').start('sched_switch').end('sched_switch').match('next_pid').match('next_pid', 'prev_pid'))
expectError(synth('k').start('sched_waking').end('sched_switch').match('pid', 'next_pid', null).echoCmd())
expectError(synth('k').start('sched_waking').end('sched_switch').match('pid', 'next_pid', null).commands())
expectType<string>(synth('k').start('sched_waking').end('sched_switch').match('pid', 'next_pid').echoCmd())

// The ftrace system's own events take no hist triggers (the kernel: EACCES).
expectError(synth('k').start('ftrace', 'hwlat'))
expectError(synth('k').start('sched', 'sched_switch').end('ftrace', 'hwlat'))
expectType<{ next_pid: number }>(
  fieldsOf(synth('k').start('sched', 'sched_switch').end('sched', 'sched_switch').match('next_pid')),
)
// Duplicate output names, numeric handler variables, the key limit and an empty synth (above) are the other kernel rules the types see.
expectError(
  synth('k').start('sched_waking').end('sched_switch').match('pid', 'next_pid', 'key').endField('next_prio', 'key'),
)
expectError(
  synth('k')
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid')
    .endField('next_comm')
    .onMax('next_comm'),
)
expectError(synth('k').start('sched_waking').end('sched_switch').match('pid', 'next_pid', null).showEvent())

// Arrays other than strings cannot be synthetic fields (the kernel: Invalid type).
expectError(
  synth('n').start('sock', 'inet_sock_set_state').end('sock', 'inet_sock_set_state').match('sport').startField('saddr'),
)
expectType<{ sport: number; s: number }>(
  fieldsOf(
    synth('n')
      .start('sock', 'inet_sock_set_state')
      .end('sock', 'inet_sock_set_state')
      .match('sport')
      .startField('sport', 's'),
  ),
)

// A finished synth is the start or end event of another: its synthetic fields are in scope.
const chained = synth('exec_after_wake')
  .start(wakeupLat)
  .end('sched', 'sched_process_exec')
  .match('pid', 'pid')
  .delta(TIMESTAMP_USECS, 'wait')
  .startField('delta', 'wake_lat')
expectType<{ pid: number; wait: bigint; wake_lat: bigint }>(fieldsOf(chained))
expectError(synth('x').start(wakeupLat).end('sched', 'sched_process_exec').match('nope', 'pid'))

// Time stamps: the same units on both sides of a compare (the kernel: "Timestamp units in
// expression don't match"); no time stamp as a match key (refused on purpose).
const keyed = synth('a').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid')
keyed.compare(TIMESTAMP, TIMESTAMP, 'delta-end', 'ns')
keyed.compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'add', 'us')
expectError(keyed.compare(TIMESTAMP, TIMESTAMP_USECS, 'delta-end', 'd'))
expectError(keyed.compare(TIMESTAMP_USECS, TIMESTAMP, 'delta-start', 'd'))
expectError(synth('a').start('sched', 'sched_waking').end('sched', 'sched_switch').match(TIMESTAMP))
expectError(synth('a').start('sched', 'sched_switch').end('sched', 'sched_switch').match('next_pid', TIMESTAMP_USECS))

// Synthetic fields named common_* hide the common fields: refused on purpose, however named.
expectError(keyed.startField('common_pid'))
expectError(keyed.endField('prev_pid', 'common_pid'))
expectError(keyed.delta(TIMESTAMP, 'common_ns'))
expectError(synth('a').start('sched', 'sched_waking').end('sched', 'sched_switch').match('common_pid'))
const withWaker = keyed.startField('common_pid', 'waker')
expectType<{ pid: number; waker: number }>({} as SynthFields<typeof withWaker>)
synth('a').start('sched', 'sched_waking').end('sched', 'sched_switch').match('common_pid', 'common_pid', 'who')

// save() checks each field against the end event.
keyed.delta().onMax('delta').save('prev_pid', 'prev_comm')
expectError(keyed.delta().onMax('delta').save('prev_pid', 'nope'))
