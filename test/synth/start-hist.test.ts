// libtracefs' views of a synth as data: its name, the event it will be
// (tracefs_synth_get_event) and its start side as a hist
// (tracefs_synth_get_start_hist; the text is checked against libtracefs in
// test/oracle/hist-differential.test.ts).
import { describe, expect, it } from 'vitest'
import { histTriggerText, synth } from '../../src/index.js'
import '../../types/linux-6.1.js'

const lat = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .endField('next_comm', 'comm')
  .delta()

describe('a synth as libtracefs describes it', () => {
  it('name and event', () => {
    expect(lat.name).toBe('wakeup_lat')
    expect(lat.event.system).toBe('synthetic')
    expect(lat.event.name).toBe('wakeup_lat')
    expect(lat.event.fields.filter((f) => !f.common).map((f) => [f.name, f.cType])).toEqual([
      ['pid', 'pid_t'],
      ['comm', 'char[16]'],
      ['delta', 'u64'],
    ])
  })

  it('startHist: the start match fields as keys, the start filter, typed for reading', () => {
    const h = lat.startHist()
    expect(histTriggerText(h.definition)).toBe('hist:keys=pid')
    expect(h.definition.keys[0]).toMatchObject({ name: 'pid', value: 'number', signed: true, size: 4 })
    const filtered = synth('w2')
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid')
      .match('target_cpu', 'prev_pid')
      .startFilter((f) => f.lt('prio', 100))
      .delta()
    expect(histTriggerText(filtered.startHist().definition)).toBe('hist:keys=pid,target_cpu if prio < 100')
    expect(() =>
      (synth('w3').start('sched', 'sched_waking') as unknown as { startHist(): unknown }).startHist(),
    ).toThrow(/no start event and match field/)
  })
})
