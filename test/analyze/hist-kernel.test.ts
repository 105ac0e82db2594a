import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { evaluateAll, hist, schemaFromDir } from '../../src/index.js'
import type { EvalRecord, FieldSource, HistRow, Schema } from '../../src/index.js'
import { KERNEL_6_1, ROOT } from '../helpers/paths.js'
// @ts-expect-error plain JavaScript shared with the kernel lane
import { histSynth } from '../guest/hist.guest.mjs'

// Hist files read from the real 6.1 kernel with every event their triggers counted
// (scripts/kernel-lane/record-eval-fixtures.mjs hist; the triggers are in
// test/guest/hist.guest.mjs). The same histograms computed offline must print the
// kernel's text: header, entries and totals.
//
// Entries whose sort fields are all equal are printed by the kernel in the order of
// its hash table (the tracing map's slots, then an unstable sort), which offline
// evaluation does not reproduce: within each run of equal sort values the lines are
// compared as a set; the runs themselves, and every line's text, must match exactly.
const DIR = join(ROOT, 'test/fixtures/kernel-6.1/hist')
const revive = (_: string, v: unknown) => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)

interface Section {
  event: string
  text: string
  trigger: string
}

let schema: Schema
let records: EvalRecord[]
let sections: Section[]
beforeAll(async () => {
  schema = await schemaFromDir(KERNEL_6_1)
  const [, ...lines] = readFileSync(join(DIR, 'records.jsonl'), 'utf8').trim().split('\n')
  records = lines.map((l) => {
    const r = JSON.parse(l, revive) as { ts: string; cpu: number; system: string; name: string; fields: Record<string, unknown> }
    return { ...r, ts: BigInt(r.ts), pid: r.fields['common_pid'] as number }
  })
  sections = readdirSync(DIR)
    .filter((f) => f.endsWith('.hist'))
    .flatMap((file) =>
      readFileSync(join(DIR, file), 'utf8')
        .split(/\n\n(?=# event histogram\n)/)
        .map((text) => ({ event: file.replace(/\.hist$/, '').replace('.', '/'), text: text.endsWith('\n') ? text : `${text}\n`, trigger: /# trigger info: (.*)\n/.exec(text)![1]! })),
    )
})

/** The parts of a trigger line: hist:keys=A:vals=B:sort=C:size=N if FILTER [active]. */
function parseTrigger(line: string) {
  const m = /^hist:keys=([^:]+):vals=([^:]+):sort=([^:]+):size=(\d+)(?: if (.*))? \[active\]$/.exec(line)
  if (!m) return undefined
  return { keys: m[1]!.split(','), values: m[2]!.split(','), sort: m[3]!.split(','), size: Number(m[4]), filter: m[5] }
}

/** The offline histogram of a trigger line over records. */
function offline(line: string, source: readonly FieldSource[]) {
  const t = parseTrigger(line)!
  const h = hist(source)
    .keys(...(t.keys as [string, ...string[]]))
    .values(...t.values)
    .sort(...(t.sort as [string]))
    .filter(t.filter!)
    .size(t.size)
  return { text: h.text(), rows: h.rows(), sort: t.sort }
}

/** Compares texts exactly but for the order of lines within runs of equal sort values. */
function expectKernelText(ours: { text: string; rows: HistRow[]; sort: string[] }, kernel: string) {
  const split = (text: string) => {
    const lines = text.split('\n')
    const first = lines.findIndex((l) => l.startsWith('{'))
    const totals = lines.indexOf('Totals:')
    return { head: lines.slice(0, first < 0 ? totals - 1 : first), entries: first < 0 ? [] : lines.slice(first, totals - 1), tail: lines.slice(totals - 1) }
  }
  const a = split(ours.text)
  const k = split(kernel)
  expect(a.head).toEqual(k.head)
  expect(a.tail).toEqual(k.tail)
  expect(a.entries.length).toBe(k.entries.length)
  const sortValue = (row: HistRow) =>
    ours.sort
      .map((s) => s.replace(/\.(ascending|descending)$/, '').replace(/\..*$/, ''))
      .map((name) => String(name === 'hitcount' ? row.hitcount : (row.key as Record<string, unknown>)[name] ?? (row.values as Record<string, unknown>)[name]))
      .join('|')
  let at = 0
  while (at < ours.rows.length) {
    let end = at + 1
    while (end < ours.rows.length && sortValue(ours.rows[end]!) === sortValue(ours.rows[at]!)) end++
    expect(k.entries.slice(at, end).sort(), `entries ${at}..${end - 1} (sort value ${sortValue(ours.rows[at]!)})`).toEqual(a.entries.slice(at, end).sort())
    at = end
  }
}

describe("offline histograms print the 6.1 kernel's hist files", () => {
  it('the fixture holds the triggers of the workload', () => {
    const mine = sections.filter((s) => parseTrigger(s.trigger))
    expect(mine.map((s) => s.trigger.replace(/:.*/, ''))).toHaveLength(6)
  })

  it.each([
    'sched/sched_waking: hist:keys=pid.buckets=4,target_cpu',
    'sched/sched_switch: hist:keys=prev_pid,prev_state.hex',
    'sched/sched_switch: hist:keys=next_comm',
    'sched/sched_switch: hist:keys=next_pid.log2',
  ])('%s (raw events)', (name) => {
    const s = sections.find((x) => `${x.event}: ${x.trigger}`.startsWith(name))!
    const [system, event] = s.event.split('/')
    const ours = offline(s.trigger, records.filter((r) => r.system === system && r.name === event))
    expectKernelText(ours, s.text)
  })

  it.each(['hist:keys=delta.log2', 'hist:keys=delta.buckets=20'])('synthetic/wakeup_hist: %s, over the kernel\'s synthetic records and over offline evaluation', (name) => {
    const s = sections.find((x) => x.event === 'synthetic/wakeup_hist' && x.trigger.startsWith(name))!
    const kernelRecords = records.filter((r) => r.system === 'synthetic')
    expectKernelText(offline(s.trigger, kernelRecords), s.text)
    const evaluated = evaluateAll(histSynth(schema), records.filter((r) => r.system === 'sched'))
    expectKernelText(offline(s.trigger, evaluated), s.text)
  })
})
