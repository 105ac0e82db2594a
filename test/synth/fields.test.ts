// What `.fields` holds at run time is what its type says: the builder's
// `fields` are field descriptors (typed per field name), the records are typed
// by `SynthFields<typeof s>` and hold the decoded values.
import { readFileSync } from 'node:fs'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { createSynth, evaluateAll, samplePath, synth, TIMESTAMP_USECS } from '../../src/index.js'
import type { EvalRecord, FieldInfo, Schema, SynthFields, SynthRecord } from '../../src/index.js'
import { schema } from '../../types/linux-6.1.js'

// The README's chain.
const wakeupLat = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta(TIMESTAMP_USECS)

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

describe('the builder`s fields are descriptors, typed so', () => {
  it('holds one FieldInfo per field, as typed', () => {
    expectTypeOf(wakeupLat.fields).toEqualTypeOf<{ readonly pid: FieldInfo; readonly delta: FieldInfo }>()
    expect(Object.keys(wakeupLat.fields)).toEqual(['pid', 'delta'])
    const pid: FieldInfo = wakeupLat.fields.pid
    expect(pid).toMatchObject({ type: 'pid_t', size: 4, signed: true, value: 'number' })
    expect(wakeupLat.fields.delta).toMatchObject({ type: 'u64', size: 8, signed: false, value: 'bigint' })
  })
})

describe('SynthFields<typeof s> is what its records hold', () => {
  const records = evaluateAll(wakeupLat, sampleRecords())

  it('is { pid: number; delta: bigint }', () => {
    expectTypeOf<SynthFields<typeof wakeupLat>>().toEqualTypeOf<{ pid: number; delta: bigint }>()
    expectTypeOf(records).toEqualTypeOf<SynthRecord<typeof wakeupLat>[]>()
    expectTypeOf(records[0]!.fields).toEqualTypeOf<{ pid: number; delta: bigint }>()
  })

  it('every evaluated record holds a number pid and a bigint delta', () => {
    expect(records.length).toBeGreaterThan(0)
    for (const r of records) expect(typesOf(r.fields)).toEqual({ pid: 'number', delta: 'bigint' })
  })

  it('each descriptor`s value kind names the JavaScript type of the decoded value', () => {
    const r = records[0]!
    for (const [name, info] of Object.entries(wakeupLat.fields)) {
      expect(typeof r.fields[name as keyof typeof r.fields]).toBe(info.value)
    }
  })
})

describe("createSynth is the same typed builder, with libtracefs' rule for matches", () => {
  const typed = createSynth('wakeup_lat', schema)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .delta()

  it("over a generated module's schema: descriptors in fields, typed records", () => {
    expectTypeOf(typed.fields).toEqualTypeOf<{ readonly pid: FieldInfo; readonly delta: FieldInfo }>()
    expect(Object.keys(typed.fields)).toEqual(['pid', 'delta'])
    expect(typed.fields.pid).toMatchObject({ type: 'pid_t', value: 'number' })
    const records = evaluateAll(typed, sampleRecords())
    expectTypeOf(records[0]!.fields).toEqualTypeOf<{ pid: number; delta: bigint }>()
    expect(records.length).toBeGreaterThan(0)
    for (const r of records) expect(typesOf(r.fields)).toEqual({ pid: 'number', delta: 'bigint' })
  })

  it('a match without a name adds no field (a NULL name), unlike synth()', () => {
    const unnamed = createSynth('wakeup_lat', schema)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid')
      .delta()
    expectTypeOf(unnamed.fields).toEqualTypeOf<{ readonly delta: FieldInfo }>()
    expect(Object.keys(unnamed.fields)).toEqual(['delta'])
    const named = createSynth('wakeup_lat', schema, { namedMatches: true })
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid')
      .delta()
    expectTypeOf(named.fields).toEqualTypeOf<{ readonly pid: FieldInfo; readonly delta: FieldInfo }>()
    expect(Object.keys(named.fields)).toEqual(['pid', 'delta'])
  })

  it('over a schema read at run time: names checked at run time, record values of unknown type', () => {
    const loose: Schema = schema
    const s = createSynth('wakeup_lat', loose)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', 'pid')
      .delta()
    expectTypeOf(s.fields).toEqualTypeOf<{ readonly pid: FieldInfo; readonly delta: FieldInfo }>()
    const records = evaluateAll(s, sampleRecords())
    expectTypeOf(records[0]!.fields).toEqualTypeOf<{ pid: unknown; delta: bigint }>()
    for (const r of records) expect(typesOf(r.fields)).toEqual({ pid: 'number', delta: 'bigint' })
    expect(() => createSynth('x', loose).start('sched', 'sched_wakeing')).toThrow(/sched_wakeing/)
  })
})
