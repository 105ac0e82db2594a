import { beforeAll, describe, expect, it } from 'vitest'
import { createSynth, evaluateAll, schemaFromDir, synthWarnings, TIMESTAMP, TIMESTAMP_USECS } from '../../src/index.js'
import { globMatch } from '../../src/analyze/glob.js'
import { parseFilterInteger } from '../../src/analyze/kernel-filter.js'
import type { EvalRecord, Schema } from '../../src/index.js'
import { KERNEL_6_1 } from '../helpers/paths.js'

let schema: Schema
beforeAll(async () => {
  schema = await schemaFromDir(KERNEL_6_1)
})

const waking = (ts: bigint, pid: number, prio = 120, comm = 'task', cpu = 0): EvalRecord => ({
  ts,
  cpu,
  pid: 1,
  system: 'sched',
  name: 'sched_waking',
  fields: { pid, prio, comm, target_cpu: cpu },
})
const switchTo = (ts: bigint, nextPid: number, extra: Record<string, unknown> = {}, cpu = 1): EvalRecord => ({
  ts,
  cpu,
  pid: 99,
  system: 'sched',
  name: 'sched_switch',
  fields: {
    prev_pid: 99,
    prev_prio: 120,
    prev_state: 1n,
    prev_comm: 'prev',
    next_pid: nextPid,
    next_prio: 120,
    next_comm: 'next',
    ...extra,
  },
})

describe('offline evaluation with the kernel semantics', () => {
  const wakeupLat = () =>
    createSynth('wakeup_lat', schema)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', 'pid')
      .delta(TIMESTAMP_USECS)

  it('pairs start and end by key; .usecs rounds each time stamp, then subtracts', () => {
    const out = evaluateAll(wakeupLat(), [waking(1_499n, 5), switchTo(3_500n, 5)])
    expect(out).toHaveLength(1)
    // (3500+500)/1000 - (1499+500)/1000 = 4 - 1 = 3 (truncating the difference would give 2)
    expect(out[0]!.fields).toEqual({ pid: 5, delta: 3n })
    expect(out[0]).toMatchObject({ ts: 3_500n, cpu: 1, pid: 99, handler: 'match', action: 'trace' })
  })

  it('a calculation reads its start variable once: one start, at most one record', () => {
    const out = evaluateAll(wakeupLat(), [waking(1_000n, 5), switchTo(2_000n, 5), switchTo(3_000n, 5)])
    expect(out).toHaveLength(1)
  })

  it('the latest start overwrites the entry; other keys are untouched', () => {
    const out = evaluateAll(wakeupLat(), [
      waking(1_000n, 5),
      waking(2_000n, 6),
      waking(5_000n, 5),
      switchTo(9_000n, 5),
      switchTo(9_000n, 6),
    ])
    expect(out.map((r) => r.fields)).toEqual([
      { pid: 5, delta: 4n },
      { pid: 6, delta: 7n },
    ])
  })

  it('an end without a start entry does nothing', () => {
    expect(evaluateAll(wakeupLat(), [switchTo(1_000n, 5), waking(2_000n, 6)])).toEqual([])
  })

  it('a start failing the start filter changes nothing; an end failing the end filter consumes nothing', () => {
    const synth = wakeupLat()
      .startFilter((f) => f.lt('prio', 100))
      .endFilter((f) => f.ne('next_comm', 'skip'))
    const out = evaluateAll(synth, [
      waking(1_000n, 5, 50),
      waking(2_000n, 5, 120), // filtered out: the entry from 1000 stays
      switchTo(3_000n, 5, { next_comm: 'skip' }), // filtered out: nothing consumed
      switchTo(4_000n, 5),
    ])
    expect(out.map((r) => r.fields)).toEqual([{ pid: 5, delta: 3n }])
  })

  it('with no start variable the start event and its filter change nothing, as in the kernel; synthWarnings says so', () => {
    // The end trigger reads the start entry only for the start variables it uses: with none,
    // onmatch fires on every end event that passes the end filter.
    const synth = createSynth('woken', schema)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', 'pid')
      .startFilter((f) => f.eq('pid', 999999))
    expect(evaluateAll(synth, [waking(1n, 5), switchTo(2n, 5), switchTo(3n, 6)]).map((r) => r.fields)).toEqual([
      { pid: 5 },
      { pid: 6 },
    ])
    expect(synthWarnings(synth.definition)).toEqual([
      "'woken' takes no value from its start event: the kernel fires it on every sched/sched_switch that passes the end filter, whatever the start events and the start filter (add a startField, compare or delta)",
    ])
    expect(synthWarnings(wakeupLat().definition)).toEqual([])
    // With a start variable, a start that fails the filter is not remembered.
    const filtered = wakeupLat().startFilter((f) => f.eq('pid', 999999))
    expect(evaluateAll(filtered, [waking(1n, 5), switchTo(2n, 5)])).toEqual([])
  })

  it('copied start fields are not read once: without a calculation every matching end fires', () => {
    const synth = createSynth('prio_of', schema)
      .start('sched_waking')
      .end('sched_switch')
      .match('pid', 'next_pid')
      .startField('prio')
    const out = evaluateAll(synth, [
      waking(1n, 5, 7),
      switchTo(2n, 5),
      switchTo(3n, 5),
      waking(4n, 5, 9),
      switchTo(5n, 5),
    ])
    expect(out.map((r) => r.fields)).toEqual([{ prio: 7 }, { prio: 7 }, { prio: 9 }])
  })

  it('onmax fires on a new maximum per end key, starting at 0, and saves end fields', () => {
    const synth = wakeupLat().onMax('delta').save('prev_comm', 'prev_pid')
    const out = evaluateAll(synth, [
      waking(0n, 5),
      switchTo(3_000n, 5, { prev_comm: 'a' }),
      waking(10_000n, 5),
      switchTo(12_000n, 5, { prev_comm: 'b' }), // 2 < 3: no new maximum
      waking(20_000n, 5),
      switchTo(30_000n, 5, { prev_comm: 'c' }),
      waking(40_000n, 6),
      switchTo(41_000n, 6, { prev_comm: 'd' }), // another key: its own maximum
    ])
    expect(out.map((r) => [r.handler, r.action, r.value, r.saved?.['prev_comm']])).toEqual([
      ['max', 'save', 3n, 'a'],
      ['max', 'save', 10n, 'c'],
      ['max', 'save', 1n, 'd'],
    ])
  })

  it('onchange fires when the value differs from the last one of the key', () => {
    const synth = wakeupLat().onChange('delta').trace()
    const out = evaluateAll(synth, [
      waking(0n, 5),
      switchTo(2_000n, 5),
      waking(3_000n, 5),
      switchTo(5_000n, 5),
      waking(6_000n, 5),
      switchTo(9_000n, 5),
    ])
    expect(out.map((r) => r.value)).toEqual([2n, 3n])
  })

  it('the same event as start and end pairs each event with the previous one of its key', () => {
    const synth = createSynth('switch_gap', schema)
      .start('sched_switch')
      .end('sched_switch')
      .match('next_pid', 'next_pid', 'pid')
      .delta(TIMESTAMP, 'gap')
    const out = evaluateAll(synth, [switchTo(100n, 5), switchTo(250n, 5), switchTo(1_000n, 5)])
    expect(out.map((r) => r.fields)).toEqual([
      { pid: 5, gap: 150n },
      { pid: 5, gap: 750n },
    ])
  })

  it('two match fields make one compound key', () => {
    const synth = createSynth('two_keys', schema)
      .start('sched_waking')
      .end('sched_switch')
      .match('pid', 'next_pid', 'pid')
      .match('prio', 'next_prio')
      .delta(TIMESTAMP)
    const out = evaluateAll(synth, [waking(1n, 5, 120), waking(2n, 5, 100), switchTo(10n, 5, { next_prio: 100 })])
    expect(out.map((r) => r.fields)).toEqual([{ pid: 5, delta: 8n }])
  })

  it('delta-start on time stamps wraps as the kernel u64 does', () => {
    const synth = createSynth('neg', schema)
      .start('sched_waking')
      .end('sched_switch')
      .match('pid', 'next_pid')
      .compare(TIMESTAMP, TIMESTAMP, 'delta-start', 'neg')
    expect(evaluateAll(synth, [waking(10n, 5), switchTo(15n, 5)])[0]!.fields).toEqual({ neg: 2n ** 64n - 5n })
  })
})

describe('the kernel filter semantics', () => {
  it('globs like the kernel', () => {
    expect(globMatch('bash*', 'bash')).toBe(true)
    expect(globMatch('*sh', 'bash')).toBe(true)
    expect(globMatch('*as*', 'bash')).toBe(true)
    expect(globMatch('b?sh', 'bash')).toBe(true)
    expect(globMatch('b[a-c]sh', 'bash')).toBe(true)
    expect(globMatch('b[!a]sh', 'bash')).toBe(false)
    expect(globMatch('bash', 'bashx')).toBe(false)
  })

  it('reads constants as C does', () => {
    expect(parseFilterInteger('0x10')).toBe(16n)
    expect(parseFilterInteger('010')).toBe(8n)
    expect(parseFilterInteger('-3')).toBe(-3n)
    expect(() => parseFilterInteger('abc')).toThrow(/not a number/)
  })

  it('&& binds tighter than ||, ! and parentheses as written, & tests bits, strings compare up to NUL', () => {
    const synth = createSynth('f', schema)
      .start('sched_waking')
      .end('sched_switch')
      .match('pid', 'next_pid')
      .delta()
      .appendEndFilter('compare', 'prev_state', '&', 2)
      .appendEndFilter('or')
      .appendEndFilter('not')
      .appendEndFilter('(')
      .appendEndFilter('compare', 'next_comm', '~', '"x*"')
      .appendEndFilter('and')
      .appendEndFilter('compare', 'next_prio', '>', '0x10')
    const run = (extra: Record<string, unknown>) =>
      evaluateAll(synth, [waking(0n, 5), switchTo(5_000n, 5, extra)]).length
    expect(run({ prev_state: 2n, next_comm: 'xa', next_prio: 100 })).toBe(1) // bit set
    expect(run({ prev_state: 1n, next_comm: 'xa', next_prio: 100 })).toBe(0) // !(x* && >16) is false
    expect(run({ prev_state: 1n, next_comm: 'ya\0junk', next_prio: 100 })).toBe(1)
    expect(run({ prev_state: 1n, next_comm: 'xa', next_prio: 3 })).toBe(1)
  })
})
