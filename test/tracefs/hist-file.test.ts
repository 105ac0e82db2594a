// The kernel's hist files parsed into the typed rows of the offline
// histogram: the 6.1 kernel's own hist files of the recorded triggers
// (test/fixtures/kernel-6.1/hist, recorded with every event they counted)
// must give the rows hist(system, event)...over(records) computes.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hist, histSections, isTriggerOf, parseHistSection } from '../../src/index.js'
import type { FieldSource } from '../../src/index.js'
import '../../types/linux-6.1.js'
import { ROOT } from '../helpers/paths.js'

const DIR = join(ROOT, 'test/fixtures/kernel-6.1/hist')
const revive = (_: string, v: unknown) => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)
const [, ...lines] = readFileSync(join(DIR, 'records.jsonl'), 'utf8').trim().split('\n')
const records = lines.map((l) => {
  const r = JSON.parse(l, revive) as {
    ts: string
    cpu: number
    system: string
    name: string
    fields: Record<string, unknown>
  }
  return { ...r, ts: BigInt(r.ts), pid: r.fields['common_pid'] as number }
})
const of = (system: string, name: string): FieldSource[] =>
  records.filter((r) => r.system === system && r.name === name)
const file = (name: string) => readFileSync(join(DIR, name), 'utf8')

/** Rows as a multiset of JSON lines (the kernel orders entries equal on every sort field by its hash table). */
const bag = (rows: readonly unknown[]) =>
  rows.map((r) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).sort()

const CASES = [
  {
    title: 'two keys, one .hex, a value, sort descending, a string filter',
    file: 'sched.sched_switch.hist',
    h: hist('sched', 'sched_switch')
      .keys('prev_pid', 'prev_state.hex')
      .values('prev_prio')
      .sort('hitcount.descending')
      .filter((f) => f.eq('prev_comm', 'sleep')),
    records: of('sched', 'sched_switch'),
  },
  {
    title: 'a string key',
    file: 'sched.sched_switch.hist',
    h: hist('sched', 'sched_switch')
      .keys('next_comm')
      .values('next_prio')
      .filter((f) => f.eq('prev_comm', 'sleep')),
    records: of('sched', 'sched_switch'),
  },
  {
    title: '.log2',
    file: 'sched.sched_switch.hist',
    h: hist('sched', 'sched_switch')
      .keys('next_pid.log2')
      .filter((f) => f.eq('next_comm', 'sleep')),
    records: of('sched', 'sched_switch'),
  },
  {
    title: '.buckets=4 and a second key',
    file: 'sched.sched_waking.hist',
    h: hist('sched', 'sched_waking')
      .keys('pid.buckets=4', 'target_cpu')
      .values('prio')
      .sort('pid', 'target_cpu')
      .filter((f) => f.eq('comm', 'sleep')),
    records: of('sched', 'sched_waking'),
  },
] as const

describe("the kernel's hist files, parsed into typed rows", () => {
  it.each(CASES)('$title', ({ file: name, h, records: recs }) => {
    const sections = histSections(file(name))
    const mine = sections.filter((s) => isTriggerOf(s.trigger, h.definition))
    expect(mine).toHaveLength(1)
    const kernel = parseHistSection(mine[0]!.text, h.definition)
    const offline = h.over(recs).result()
    expect(kernel.rows.length).toBeGreaterThan(1)
    expect(bag(kernel.rows)).toEqual(bag(offline.rows))
    expect({ hits: kernel.hits, entries: kernel.entries, dropped: kernel.dropped }).toEqual({
      hits: offline.hits,
      entries: offline.entries,
      dropped: offline.dropped,
    })
  })

  it('keys are typed as the event holds them (numbers, bigints, strings)', () => {
    const h = CASES[0].h
    const s = histSections(file('sched.sched_switch.hist')).find((x) => isTriggerOf(x.trigger, h.definition))!
    const row = parseHistSection(s.text, h.definition).rows[0]!
    expect(typeof row.key['prev_pid']).toBe('number')
    expect(typeof row.key['prev_state']).toBe('bigint')
    expect(typeof row.values['prev_prio']).toBe('bigint')
    const c = CASES[1].h
    const t = histSections(file('sched.sched_switch.hist')).find((x) => isTriggerOf(x.trigger, c.definition))!
    expect(parseHistSection(t.text, c.definition).rows.every((r) => typeof r.key['next_comm'] === 'string')).toBe(true)
  })

  it('finds only its own section: another filter, name or key set is another hist', () => {
    const text = file('sched.sched_switch.hist')
    const other = hist('sched', 'sched_switch')
      .keys('next_pid.log2')
      .filter((f) => f.eq('next_comm', 'sleeq'))
    expect(histSections(text).filter((s) => isTriggerOf(s.trigger, other.definition))).toEqual([])
    const named = hist('sched', 'sched_switch').keys('next_pid.log2').name('x')
    expect(histSections(text).filter((s) => isTriggerOf(s.trigger, named.definition))).toEqual([])
    expect(
      isTriggerOf('hist:x:keys=next_pid.log2:vals=hitcount:sort=hitcount:size=2048 [paused]', named.definition),
    ).toBe(true)
  })

  it('parses .execname, .syscall, .sym, .usecs keys and .hex values as the kernel prints them', () => {
    const h = hist('raw_syscalls', 'sys_enter').keys('common_pid.execname', 'id.syscall').values('id.hex')
    const text = [
      '# event histogram',
      '#',
      '# trigger info: hist:keys=common_pid.execname,id.syscall:vals=hitcount,id.hex:sort=hitcount:size=2048 [active]',
      '#',
      '',
      '{ common_pid: bash            [      1234], id: sys_read                      [  0] } hitcount:          3  id:          0',
      '{ common_pid: sleep           [        77], id: sys_nanosleep                 [ 35] } hitcount:          1  id:         23',
      '',
      'Totals:',
      '    Hits: 4',
      '    Entries: 2',
      '    Dropped: 0',
      '',
    ].join('\n')
    const [s] = histSections(text)
    expect(isTriggerOf(s!.trigger, h.definition)).toBe(true)
    expect(parseHistSection(s!.text, h.definition)).toEqual({
      rows: [
        { key: { common_pid: 1234, id: 0n }, hitcount: 3, values: { id: 0n } },
        { key: { common_pid: 77, id: 35n }, hitcount: 1, values: { id: 0x23n } },
      ],
      hits: 4,
      entries: 2,
      dropped: 0,
    })
  })
})
