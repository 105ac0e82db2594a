import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { evaluateAll, schemaFromDir } from '../../src/index.js'
import type { EvalRecord, FieldSource, HistRow, Schema } from '../../src/index.js'
import { KERNEL_6_1, ROOT } from '../helpers/paths.js'
// @ts-expect-error plain JavaScript shared with the kernel lane
import { histSynth, HIST_TRIGGERS } from '../guest/hist.guest.mjs'
// @ts-expect-error plain JavaScript shared with the kernel lane
import { histDifferences, histSections, offlineHist, parseTrigger } from '../guest/hist-compare.mjs'

// Hist files read from the real 6.1 kernel with every event their triggers counted
// (scripts/kernel-lane/record-eval-fixtures.mjs hist; the triggers are in
// test/guest/hist.guest.mjs). The same histograms computed offline must print the
// kernel's text: header, entries and totals (entries equal on every sort field may
// come in another order: see test/guest/hist-compare.mjs).
const DIR = join(ROOT, 'test/fixtures/kernel-6.1/hist')
const revive = (_: string, v: unknown) => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)

interface Section {
  event: string
  text: string
  trigger: string
}
type Offline = { text: string; rows: HistRow[]; sort: string[] }
const offline = offlineHist as (line: string, records: readonly FieldSource[]) => Offline
const differences = histDifferences as (ours: Offline, kernel: string) => string[]

let schema: Schema
let records: EvalRecord[]
let sections: Section[]
beforeAll(async () => {
  schema = await schemaFromDir(KERNEL_6_1)
  const [, ...lines] = readFileSync(join(DIR, 'records.jsonl'), 'utf8').trim().split('\n')
  records = lines.map((l) => {
    const r = JSON.parse(l, revive) as {
      ts: string
      cpu: number
      system: string
      name: string
      fields: Record<string, unknown>
    }
    return { ...r, ts: BigInt(r.ts), pid: r.fields['common_pid'] as number }
  })
  sections = readdirSync(DIR)
    .filter((f) => f.endsWith('.hist'))
    .flatMap((file) =>
      (histSections(readFileSync(join(DIR, file), 'utf8')) as Omit<Section, 'event'>[]).map((s) => ({
        ...s,
        event: file.replace(/\.hist$/, '').replace('.', '/'),
      })),
    )
})

describe("offline histograms print the 6.1 kernel's hist files", () => {
  it('the fixture holds every trigger of the workload', () => {
    const mine = sections.filter((s) => parseTrigger(s.trigger))
    expect(mine.map((s) => `${s.event} ${s.trigger.replace(/ \[active\]$/, '')}`).sort()).toHaveLength(
      (HIST_TRIGGERS as unknown[]).length,
    )
  })

  it.each([
    'sched/sched_waking: hist:keys=pid.buckets=4,target_cpu',
    'sched/sched_switch: hist:keys=prev_pid,prev_state.hex',
    'sched/sched_switch: hist:keys=next_comm',
    'sched/sched_switch: hist:keys=next_pid.log2',
  ])('%s (raw events)', (name) => {
    const s = sections.find((x) => `${x.event}: ${x.trigger}`.startsWith(name))!
    const [system, event] = s.event.split('/')
    const ours = offline(
      s.trigger,
      records.filter((r) => r.system === system && r.name === event),
    )
    expect(ours.rows.length).toBeGreaterThan(1)
    expect(differences(ours, s.text)).toEqual([])
  })

  it.each(['hist:keys=delta.log2', 'hist:keys=delta.buckets=20'])(
    "synthetic/wakeup_hist: %s, over the kernel's synthetic records and over offline evaluation",
    (name) => {
      const s = sections.find((x) => x.event === 'synthetic/wakeup_hist' && x.trigger.startsWith(name))!
      expect(
        differences(
          offline(
            s.trigger,
            records.filter((r) => r.system === 'synthetic'),
          ),
          s.text,
        ),
      ).toEqual([])
      const evaluated = evaluateAll(
        histSynth(schema),
        records.filter((r) => r.system === 'sched'),
      )
      expect(differences(offline(s.trigger, evaluated), s.text)).toEqual([])
    },
  )

  it('a difference is found: an entry changed, a tie group reordered only is not one', () => {
    const s = sections.find((x) => x.trigger.startsWith('hist:keys=next_comm'))!
    const ours = offline(
      s.trigger,
      records.filter((r) => r.name === 'sched_switch'),
    )
    expect(differences(ours, s.text.replace('swapper/1', 'swapper/2'))).toHaveLength(1)
    const lines = s.text.split('\n')
    const i = lines.findIndex((l) => l.includes('kworker/0:0'))
    ;[lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!]
    expect(differences(ours, lines.join('\n'))).toEqual([])
  })
})
