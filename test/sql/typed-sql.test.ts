// typedSql(): the statement read at compile time too. Its value has the type
// the same fluent calls give (createSynth, libtracefs' unnamed matches), and
// that type is what the run-time value holds: the field names in order, each
// field's value kind, and the records an evaluation produces.
import { readFileSync } from 'node:fs'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  createSynth,
  evaluateAll,
  samplePath,
  sql,
  sqlHist,
  SqlError,
  typedSql,
  TIMESTAMP_USECS,
} from '../../src/index.js'
import type { EvalRecord, FieldInfo, SqlHistResult, SynthFields } from '../../src/index.js'
import { schema } from '../../types/linux-6.1.js'

const README =
  'SELECT start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat FROM sched.sched_waking AS start JOIN sched.sched_switch AS end ON start.pid = end.next_pid'

function sampleRecords(): EvalRecord[] {
  const lines = readFileSync(samplePath('wakeup-6.1.jsonl'), 'utf8').trim().split('\n').slice(1)
  return lines
    .map(
      (line) =>
        JSON.parse(line) as { ts: string; cpu: number; system: string; name: string; fields: Record<string, unknown> },
    )
    .filter((r) => r.system === 'sched')
    .map((r) => ({ ...r, ts: BigInt(r.ts), pid: r.fields['common_pid'] as number }))
}

/** The JavaScript type of every value, by field name. */
const typesOf = (fields: object) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v]))

describe('a statement with JOIN is the typed synth of the same calls', () => {
  const lat = typedSql('wakeup_lat', README)
  const fluent = createSynth('wakeup_lat', schema)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', null)
    .startField('pid')
    .compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-end', 'lat')

  it('has the fluent chain`s type, and its definition', () => {
    expectTypeOf(lat).toEqualTypeOf<typeof fluent>()
    expectTypeOf(lat.name).toEqualTypeOf<'wakeup_lat'>()
    expect(lat.definition).toEqual(fluent.definition)
    expect(lat.definition).toEqual(sql('wakeup_lat', README, schema).definition)
  })

  it('SynthFields<typeof s> is { pid: number; lat: bigint }, what its fields and records hold', () => {
    expectTypeOf<SynthFields<typeof lat>>().toEqualTypeOf<{ pid: number; lat: bigint }>()
    expectTypeOf(lat.fields).toEqualTypeOf<{ readonly pid: FieldInfo; readonly lat: FieldInfo }>()
    expect(Object.keys(lat.fields)).toEqual(['pid', 'lat'])
    expect(lat.fields.pid).toMatchObject({ type: 'pid_t', value: 'number' })
    expect(lat.fields.lat).toMatchObject({ type: 'u64', value: 'bigint' })
    const records = evaluateAll(lat, sampleRecords())
    expect(records.length).toBeGreaterThan(0)
    for (const r of records) expect(typesOf(r.fields)).toEqual({ pid: 'number', lat: 'bigint' })
  })

  it('reads the registered kernel, or the typed schema it is given', () => {
    const given = typedSql('wakeup_lat', README, schema)
    expectTypeOf(given).toEqualTypeOf<typeof fluent>()
    expect(given.definition).toEqual(sql('wakeup_lat', README, schema).definition)
  })
})

describe('the forms of the dialect it reads', () => {
  it('lines, indentation, WHERE, lower-case keywords, TIMESTAMP_DELTA, events by name', () => {
    const text = `select start.pid, TIMESTAMP_DELTA_USECS as delta
         from sched_waking as start
         join sched_switch as end on start.pid = end.next_pid
        where end.prev_prio < 100 && start.prio > 1`
    const s = typedSql('wakeup_lat', text)
    expectTypeOf<SynthFields<typeof s>>().toEqualTypeOf<{ pid: number; delta: bigint }>()
    expect(Object.keys(s.fields)).toEqual(['pid', 'delta'])
    expect(s.definition).toEqual(sql('wakeup_lat', text, schema).definition)
  })

  it('end fields, names without AS, a sum, ON in either order with == and more than one pair', () => {
    const text =
      'SELECT end.prev_comm AS comm, start.prio p, end.next_prio + start.prio AS both, TIMESTAMP_DELTA AS ns FROM sched.sched_waking AS start JOIN sched.sched_switch AS end ON end.next_pid == start.pid, start.prio = end.next_prio'
    const s = typedSql('x', text)
    expectTypeOf<SynthFields<typeof s>>().toEqualTypeOf<{ comm: string; p: number; both: number; ns: bigint }>()
    expect(Object.keys(s.fields)).toEqual(['comm', 'p', 'both', 'ns'])
    expect(Object.values(s.fields).map((f) => f.value)).toEqual(['string', 'number', 'number', 'bigint'])
    expect(s.definition).toEqual(sql('x', text, schema).definition)
  })

  it('prefixes: the alias, the event, system.event; the same event on both sides', () => {
    const text =
      'SELECT sched_waking.pid, sched.sched_switch.next_prio, (end.TIMESTAMP - start.TIMESTAMP) AS d FROM sched.sched_waking AS start JOIN sched.sched_switch AS end ON sched.sched_waking.pid = end.next_pid'
    const s = typedSql('x', text)
    expectTypeOf<SynthFields<typeof s>>().toEqualTypeOf<{ pid: number; next_prio: number; d: bigint }>()
    expect(s.definition).toEqual(sql('x', text, schema).definition)
    const same = typedSql(
      'y',
      'SELECT b.TIMESTAMP - a.TIMESTAMP AS gap FROM sched.sched_switch AS a JOIN sched.sched_switch AS b ON a.next_pid = b.prev_pid',
    )
    expectTypeOf<SynthFields<typeof same>>().toEqualTypeOf<{ gap: bigint }>()
    expect(Object.keys(same.fields)).toEqual(['gap'])
  })
})

describe('a statement without JOIN', () => {
  it('is the run-time hist result, its event and fields checked', () => {
    const text = 'SELECT CAST(common_pid AS EXECNAME), CAST(bytes_req AS _COUNTER_) FROM kmem.kmalloc'
    const h = typedSql('', text)
    expectTypeOf(h).toEqualTypeOf<SqlHistResult>()
    expect(h.kind).toBe('hist')
    expect(h.definition).toEqual(sqlHist(text, schema).definition)
    // @ts-expect-error field 'bytes_rq' is not in kmem.kmalloc
    expect(() => typedSql('', 'SELECT CAST(bytes_rq AS _COUNTER_), common_pid FROM kmem.kmalloc')).toThrow(SqlError)
  })
})

describe('what does not check is a compile error and a run-time SqlError', () => {
  // prettier-ignore
  const refused = [
    // @ts-expect-error unknown system
    () => typedSql('x', 'SELECT a.pid FROM shed.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = b.next_pid'),
    // @ts-expect-error no such event
    () => typedSql('x', 'SELECT a.pid FROM sched.sched_wakin AS a JOIN sched.sched_switch AS b ON a.pid = b.next_pid'),
    // @ts-expect-error no such field
    () => typedSql('x', 'SELECT a.pidd FROM sched.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = b.next_pid'),
    // @ts-expect-error no such prefix
    () => typedSql('x', 'SELECT c.pid FROM sched.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = b.next_pid'),
    // @ts-expect-error incompatible ON fields
    () => typedSql('x', 'SELECT a.pid FROM sched.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = b.prev_comm'),
    // @ts-expect-error ON on one event
    () => typedSql('x', 'SELECT a.pid FROM sched.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = a.prio'),
    // @ts-expect-error a calculation without a name
    () => typedSql('x', 'SELECT b.TIMESTAMP - a.TIMESTAMP FROM sched.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = b.next_pid'),
    // @ts-expect-error a string in a calculation
    () => typedSql('x', 'SELECT b.next_comm - a.comm AS d FROM sched.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = b.next_pid'),
    // @ts-expect-error the same output twice
    () => typedSql('x', 'SELECT a.pid, b.next_pid AS pid FROM sched.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = b.next_pid'),
    // @ts-expect-error syntax
    () => typedSql('x', 'SELECT a.pid sched.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = b.next_pid'),
  ]
  for (const [i, call] of refused.entries()) it(`case ${i + 1}`, () => expect(call).toThrow(SqlError))

  it('a text that is no literal is refused at compile time', () => {
    const text: string = README
    // @ts-expect-error typedSql() reads the statement at compile time and needs it as a string literal
    expect(Object.keys(typedSql('wakeup_lat', text).fields)).toEqual(['pid', 'lat'])
  })
})

describe('WHERE is checked at run time only', () => {
  it('a bad field in WHERE compiles and throws', () => {
    expect(() =>
      typedSql(
        'x',
        'SELECT a.pid FROM sched.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = b.next_pid WHERE b.nxt_prio < 1',
      ),
    ).toThrow(SqlError)
  })
})
