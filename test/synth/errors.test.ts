// Every errno path of the builder, as libtracefs 1.6.4 sets it (and upstream where it was fixed).
import { beforeAll, describe, expect, test } from 'vitest'
import { nameSeed, STACKTRACE, SynthError, TIMESTAMP, TIMESTAMP_USECS, TypedFtraceError } from '../../src/index.js'
import type { Schema } from '../../src/index.js'
import type { SynthBuilder } from '../../src/synth/synth-builder.js'
import { demoSchema, libtracefsOnly, looseSynth, schema61, schema612 } from './schemas.js'

let schema: Schema
const demo = demoSchema()
beforeAll(async () => {
  schema = await schema61()
})

/** Runs `fn`, expecting a SynthError with this code (and message parts). */
function fails(fn: () => unknown, code: string, ...parts: (string | RegExp)[]): SynthError {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(SynthError)
  const error = caught as SynthError
  expect(error).toBeInstanceOf(TypedFtraceError)
  expect(error.code).toBe(code)
  for (const part of parts) expect(error.message).toMatch(part)
  return error
}

const wake = () => looseSynth('lat', schema).start('sched', 'sched_waking').end('sched', 'sched_switch')
// The demo events exercise libtracefs' rules on every kind of field, the kernel's aside (test/synth/kernel-rules.test.ts).
const d = () => libtracefsOnly('d', demo).start('demo', 'demo_start').end('demo', 'demo_end')
const R = (name: string) => nameSeed(name)

describe('events', () => {
  test('the name must be a kernel name', () => {
    for (const bad of ['', '1lat', 'wake-lat', 'a b', "x'y", 'a\nb', 'ü'])
      fails(() => looseSynth(bad, schema), 'EINVAL', 'not a valid name')
  })
  test('unknown events and systems are ENODEV with suggestions', () => {
    fails(
      () => looseSynth('x', schema).start('sched', 'sched_wakeing'),
      'ENODEV',
      "no event 'sched_wakeing'",
      "'sched_waking'",
    )
    fails(() => looseSynth('x', schema).start('schd', 'sched_waking'), 'ENODEV', "unknown system 'schd'", "'sched'")
    fails(
      () => looseSynth('x', schema).start('sched_waking').end('sched_swich'),
      'ENODEV',
      /end event/,
      "'sched_switch'",
    )
  })
  test('an event name alone finds the lowest ID', () => {
    expect(looseSynth('x', demo).start('demo_end').definition.start).toEqual({
      system: 'other',
      event: 'demo_end',
      id: 9,
    })
    expect(looseSynth('x', demo).start('demo', 'demo_end').definition.start).toEqual({
      system: 'demo',
      event: 'demo_end',
      id: 11,
    })
  })
  test('each event is set once; calls need their events', () => {
    fails(() => wake().start('sched_switch'), 'EINVAL', 'already has the start event sched.sched_waking')
    fails(() => wake().end('sched_switch'), 'EINVAL', 'already has the end event')
    const started = looseSynth('x', schema).start('sched_waking')
    fails(() => started.match('pid', 'next_pid'), 'EINVAL', 'needs the start and end events')
    fails(() => started.endField('next_pid'), 'EINVAL', 'needs the end event')
    fails(() => looseSynth('x', schema).startField('pid'), 'EINVAL', 'needs the start event')
    fails(() => started.onMax('x'), 'EINVAL')
    expect(started.startField('pid').definition.fields).toHaveLength(1)
  })
  test('complete() is true once both events are set', () => {
    expect(looseSynth('x', schema).complete()).toBe(false)
    expect(looseSynth('x', schema).start('sched_waking').complete()).toBe(false)
    expect(wake().complete()).toBe(true)
  })
})

describe('field lookup (ENODEV)', () => {
  test('unknown fields name the event and suggest', () => {
    const e = fails(
      () => wake().match('pid', 'pid'),
      'ENODEV',
      "field 'pid' is not in sched.sched_switch; try ",
      'next_pid',
      'prev_pid',
    )
    expect(e.message).toBe("field 'pid' is not in sched.sched_switch; try common_pid, prev_pid, next_pid")
    fails(() => wake().match('nope', 'nope2'), 'ENODEV', "field 'nope' is not in sched.sched_waking")
    fails(() => wake().startField('next_pid.hex'), 'ENODEV')
    fails(() => wake().endField('prio'), 'ENODEV', 'sched.sched_switch')
    fails(() => wake().match('pid', 'next_pid').compare('prio', 'nope', 'add', 'x'), 'ENODEV', "'nope'")
  })
  test('the pseudo-fields every event has (the stack where the kernel has it: 6.12)', async () => {
    const s = looseSynth('lat', await schema612())
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid')
      .startField(TIMESTAMP, 'ts')
      .endField(TIMESTAMP_USECS, 'us')
      .startField(STACKTRACE, 'stack')
      .endField(STACKTRACE)
    expect(s.showEvent()).toBe('u64 ts; u64 us; unsigned long stack[]; unsigned long stacktrace[];')
    expect(s.fields.stack).toEqual({
      type: 'unsigned long[]',
      cType: '__data_loc unsigned long[]',
      size: 4,
      signed: false,
      flags: 'array|dynamic|long',
      value: 'bigint[]',
    })
  })
  test('COMM and comm fall back to the task name when the event has no such field', () => {
    // Linux 6.1 hist triggers cannot read COMM (its filters can): libtracefs' texts, the kernel's rules aside.
    const lt = () => libtracefsOnly('lat', schema).start('sched', 'sched_waking').end('sched', 'sched_switch')
    const s = lt().match('pid', 'next_pid').endField('COMM', 'who').appendEndFilter('compare', 'comm', '~', '"bash*"')
    expect(s.showEvent()).toBe('char who[];')
    expect(s.showEndHist()).toContain('__who_')
    expect(s.showEndHist()).toMatch(/=COMM[,:]/)
    expect(s.showEndHist()).toMatch(/ if comm~"bash\*"$/)
    expect(lt().match('pid', 'next_pid').endField('comm').showEvent()).toBe('char common_comm[];')
    fails(() => wake().match('pid', 'next_pid').endField('COMM', 'who'), 'EINVAL', "Couldn't find field")
    // sched_waking has a real comm field: it wins.
    expect(wake().match('pid', 'next_pid').startField('comm').showEvent()).toBe('char comm[16];')
  })
})

describe('match and compare compatibility (EBADE)', () => {
  test('sizes and flags must agree; pid_t matches int', () => {
    fails(
      () => d().match('i', 'ui'),
      'EBADE',
      "cannot match 'i' of demo.demo_start (int, 4 bytes, signed) with 'ui' of demo.demo_end (unsigned int, 4 bytes)",
    )
    fails(() => d().match('i', 'l'), 'EBADE')
    fails(() => d().match('name', 'path'), 'EBADE')
    fails(() => d().match('mode', 'ul'), 'EBADE') // the __print_flags mark counts
    fails(() => d().match('ptr', 'ul'), 'EBADE') // long flag differs
    expect(d().match('pid', 'i').showStartHist()).toBe('hist:keys=pid')
    expect(d().match('ptr', 'u').showEndHist()).toBe('hist:keys=u:onmatch(demo.demo_start).trace(d,)')
    expect(d().match('name', 'name', 'n').showEvent()).toBe('char n[16];')
    fails(() => d().match('i', 'i').compare('i', 'ui', 'delta-end', 'x'), 'EBADE', 'cannot compare')
  })
  test('the start field is looked up first, then the end field, then compatibility', () => {
    fails(() => d().match('nope', 'ui'), 'ENODEV', "'nope' is not in demo.demo_start")
    fails(() => d().match('i', 'nope'), 'ENODEV', "'nope' is not in demo.demo_end")
  })
  test('calculations on strings and arrays are EINVAL', () => {
    fails(() => d().match('i', 'i').compare('name', 'name', 'delta-end', 'x'), 'EINVAL', 'strings and arrays')
    fails(() => d().match('i', 'i').compare('path', 'path', 'delta-end', 'x'), 'EINVAL')
    fails(() => d().match('i', 'i').compare(STACKTRACE, STACKTRACE, 'delta-end', 'x'), 'EINVAL')
    fails(
      () =>
        d()
          .match('i', 'i')
          .compare('i', 'i', 'minus' as never, 'x'),
      'EINVAL',
      "unknown calculation 'minus'",
    )
    fails(
      () =>
        d()
          .match('i', 'i')
          .compare('i', 'i', 'add', undefined as never),
      'EINVAL',
      'needs a name',
    )
  })
})

describe('synthetic field types', () => {
  test('pid_t, gfp_t and bool are kept; integers by size and sign; arrays by base type', () => {
    const s = d()
      .match('i', 'i')
      .startField('pid')
      .startField('gfp')
      .startField('flag')
      .startField('c')
      .startField('uc')
      .startField('s')
      .startField('us')
      .startField('i')
      .startField('ui')
      .startField('l')
      .startField('ul')
      .startField('u')
      .startField('ptr')
      .startField('name')
      .startField('path')
      .startField('args')
    expect(s.showEvent()).toBe(
      'pid_t pid; gfp_t gfp; bool flag; char c; unsigned char uc; s16 s; u16 us; s32 i; u32 ui; s64 l; u64 ul; u64 u; u64 ptr; char name[16]; char path[]; unsigned long args[48];',
    )
    expect(s.fields.gfp).toMatchObject({ type: 'gfp_t', signed: false, size: 4, value: 'number' })
    expect(s.fields.uc).toMatchObject({ type: 'unsigned char', signed: false, size: 1 })
    expect(s.fields.path).toEqual({
      type: 'char[]',
      cType: '__data_loc char[]',
      size: 4,
      signed: true,
      flags: 'array|signed|string|dynamic',
      value: 'string',
    })
    expect(s.fields.ptr).toMatchObject({ type: 'u64', value: 'bigint' })
    expect(Object.isFrozen(s.fields)).toBe(true)
  })
  test('a real dynamic string: no __data_loc in the definition (upstream fix)', async () => {
    const s = looseSynth('exec', schema)
      .start('sched_process_exec')
      .end('sched_process_exec')
      .match('pid')
      .startField('filename')
    expect(s.showEvent()).toBe('char filename[];')
  })
  test('no synthetic type for other sizes: EBADF', () => {
    fails(
      () => d().match('i', 'i').startField('guid'),
      'EBADF',
      "field 'guid' of demo.demo_start (guid_t, 16 bytes) has no synthetic event type",
    )
    fails(() => d().match('i', 'i').endField('guid', 'g'), 'EBADF')
    fails(() => d().match('guid', 'guid', 'g'), 'EBADF')
    expect(d().match('guid', 'guid').showStartHist()).toBe('hist:keys=guid')
    fails(
      () =>
        looseSynth('x', schema)
          .start('ras', 'extlog_mem_event')
          .end('sched', 'sched_switch')
          .match('common_pid')
          .startField('data'),
      'EBADF',
      '55 bytes',
    )
  })
})

describe('names', () => {
  test('as names must be kernel names and unique', () => {
    for (const bad of ['', '9x', 'a.b', 'a-b', "x'", 'x\n']) {
      fails(() => wake().match('pid', 'next_pid', bad), 'EINVAL', 'not a valid name')
      fails(() => wake().match('pid', 'next_pid').startField('prio', bad), 'EINVAL', 'not a valid name')
      fails(() => wake().match('pid', 'next_pid').endField('prev_prio', bad), 'EINVAL', 'not a valid name')
      fails(
        () => wake().match('pid', 'next_pid').compare('prio', 'next_prio', 'add', bad),
        'EINVAL',
        'not a valid name',
      )
    }
    fails(
      () => wake().match('pid', 'next_pid', 'pid').startField('pid'),
      'EINVAL',
      "already has a field 'pid' (from match)",
    )
    fails(
      () => wake().match('pid', 'next_pid').startField('prio').endField('prev_prio', 'prio'),
      'EINVAL',
      "already has a field 'prio'",
    )
    fails(() => wake().match('pid', 'next_pid').delta().delta(), 'EINVAL', "'delta'")
  })
  test('a dotted default name needs an explicit one', () => {
    fails(
      () => wake().match('pid', 'next_pid').startField(TIMESTAMP_USECS),
      'EINVAL',
      "'common_timestamp.usecs'",
      'pass a name',
    )
    fails(() => wake().match('pid', 'next_pid').endField(TIMESTAMP_USECS), 'EINVAL', 'pass a name')
    expect(wake().match('pid', 'next_pid').endField(TIMESTAMP, 'ts').showEvent()).toBe('u64 ts;')
    // Without a name it would be a synthetic field named common_timestamp (the common-name rule).
    expect(() => wake().match('pid', 'next_pid').endField(TIMESTAMP)).toThrow(/'common_timestamp' cannot name/)
  })
  test('an end field named __arg... is used verbatim, as libtracefs does', () => {
    const s = wake().match('pid', 'next_pid').endField('prev_prio', '__arg_mine')
    expect(s.showEndHist()).toBe(
      'hist:keys=next_pid:__arg_mine=prev_prio:onmatch(sched.sched_waking).trace(lat,$__arg_mine)',
    )
  })
})

describe('handlers', () => {
  const base = () => wake().match('pid', 'next_pid', 'pid').startField('prio').delta(TIMESTAMP_USECS, 'lat')
  test('variables: match names, hashed names (upstream lookup), a leading $', () => {
    const r = R('lat')
    expect(base().onMax('lat').trace().showEndHist()).toContain(`:onmax($__lat_${r}_4).trace(lat,`)
    expect(base().onChange('prio').snapshot().showEndHist()).toContain(`:onchange($__prio_${r}_1).snapshot()`)
    expect(base().onMax('pid').save('next_comm').showEndHist()).toContain(':onmax($pid).save(next_comm)')
    expect(base().onMax('$lat').snapshot().showEndHist()).toContain(`:onmax($__lat_${r}_4).snapshot()`)
    // upstream's rule is a prefix compare: 'p' finds the first variable starting with it
    expect(base().onMax('p').snapshot().showEndHist()).toContain(':onmax($pid).snapshot()')
    // and a helper variable of an unnamed end field is found by its base 'arg'
    expect(base().endField('prev_prio').onMax('arg').snapshot().showEndHist()).toContain(
      `:onmax($__arg_${r}_5).snapshot()`,
    )
  })
  test('unknown variables are ENODEV', () => {
    fails(() => base().onMax('nope'), 'ENODEV', "onMax('nope')", "'pid', 'prio', 'lat'")
    fails(() => wake().match('pid', 'next_pid').onChange('x'), 'ENODEV', 'add a match name')
    fails(() => base().onMax(''), 'EINVAL')
  })
  test('onmatch takes only trace; save needs end-event fields', () => {
    fails(() => base().onMatch().snapshot(), 'EINVAL', 'onMatch() supports only trace()')
    fails(() => base().onMatch().save('prev_prio'), 'EINVAL')
    fails(() => base().onMax('lat').save('pid'), 'ENODEV', "field 'pid' is not in sched.sched_switch")
    fails(() => base().onMax('lat').save(), 'EINVAL', 'at least one')
    expect(base().onMax('lat').save(TIMESTAMP, 'prev_comm').showEndHist()).toContain(
      '.save(common_timestamp,prev_comm)',
    )
  })
  test('any action replaces the default onmatch trace', () => {
    const s = base().onMax('lat').snapshot()
    expect(s.showEndHist()).not.toContain('onmatch')
    expect(s.definition.actions).toEqual([{ handler: 'max', variable: 'lat', action: 'snapshot', save: [] }])
  })
})

describe('create-time checks', () => {
  test('EUNATCH without an event, EINVAL without a match', () => {
    const started = looseSynth('x', schema).start('sched_waking')
    for (const out of ['commands', 'echoCmd', 'showEvent', 'showStartHist', 'showEndHist', 'rawFmt'] as const) {
      fails(() => started[out](), 'EUNATCH', 'has no end event')
      fails(() => looseSynth('x', schema)[out](), 'EUNATCH', 'has no start event')
      fails(() => wake()[out](), 'EINVAL', 'no match field')
    }
  })
  test('an unfinished filter is EBADE', () => {
    const m = wake().match('pid', 'next_pid', 'pid')
    const unfinished: SynthBuilder[] = [
      m.appendStartFilter('compare', 'prio', '<', '1').appendStartFilter('and'),
      m.appendStartFilter('not'),
      m.appendEndFilter('('),
      m.appendEndFilter('compare', 'prev_prio', '<', '1').appendEndFilter('or').appendEndFilter('('),
    ]
    for (const s of unfinished) {
      fails(() => s.commands(), 'EBADE', 'is unfinished')
      fails(() => s.echoCmd(), 'EBADE')
    }
    // open parens after a comparison are closed for you
    expect(
      m.appendEndFilter('(').appendEndFilter('(').appendEndFilter('compare', 'prev_prio', '<', '1').showEndHist(),
    ).toMatch(/ if \(\(prev_prio < 1\)\)$/)
  })
})

test("a name-only end event of the start event's name is the start event (libtraceevent's last-found event)", () => {
  expect(looseSynth('x', demo).start('demo', 'demo_end').end('demo_end').definition.end).toEqual({
    system: 'demo',
    event: 'demo_end',
    id: 11,
  })
  expect(looseSynth('x', demo).start('demo', 'demo_start').end('demo_end').definition.end).toEqual({
    system: 'other',
    event: 'demo_end',
    id: 9,
  })
})
