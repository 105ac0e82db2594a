// Histograms of the kernel itself: hist triggers with key and value modifiers
// (.log2, .buckets=N, .hex, string keys, two sort keys, .descending) on the
// raw sched events and on a synthetic wakeup-latency event, read from their
// `hist` files, with every event they counted recorded beside them. The
// triggers count only the tasks of a workload started after them and ended
// before they are read (`sleep` children), so the recording holds exactly
// what each histogram saw.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { createSynth, schemaFromLive, TIMESTAMP_USECS, tracefs } from '../../dist/src/index.js'
import { assert, test } from './harness.mjs'
import { histDifferences, histSections, offlineHist } from './hist-compare.mjs'
import { markedWindow, recordLines, startSchedRecording, stopSchedRecording, TRACING, wakeups } from './lib.mjs'

/** The synthetic event the latency histograms are made of. */
export const histSynth = (s) =>
  createSynth('wakeup_hist', s)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .endField('next_comm', 'comm')
    .delta(TIMESTAMP_USECS)

/** The hist triggers: event and trigger text (the kernel's own syntax). */
export const HIST_TRIGGERS = [
  ['synthetic/wakeup_hist', 'hist:keys=delta.log2:vals=hitcount:sort=delta if comm == "sleep"'],
  ['synthetic/wakeup_hist', 'hist:keys=delta.buckets=20:vals=hitcount,pid:sort=delta if comm == "sleep"'],
  [
    'sched/sched_waking',
    'hist:keys=pid.buckets=4,target_cpu:vals=hitcount,prio:sort=pid,target_cpu if comm == "sleep"',
  ],
  [
    'sched/sched_switch',
    'hist:keys=prev_pid,prev_state.hex:vals=hitcount,prev_prio:sort=hitcount.descending if prev_comm == "sleep"',
  ],
  ['sched/sched_switch', 'hist:keys=next_comm:vals=hitcount,next_prio if prev_comm == "sleep"'],
  ['sched/sched_switch', 'hist:keys=next_pid.log2:vals=hitcount if next_comm == "sleep"'],
]

const MARK = (n) => `typed_ftrace_hist_${n}`

test('hist triggers: the hist files and the events they counted', async ({ log }) => {
  const schema = await schemaFromLive()
  const synth = histSynth(schema)
  const tfs = await tracefs()
  await startSchedRecording(tfs)
  const handle = await tfs.create(synth)
  let recorded = []
  const hists = {}
  const added = []
  try {
    await handle.enable()
    for (const [event, trigger] of HIST_TRIGGERS) {
      // Appended: opening a trigger file with O_TRUNC removes the event's other triggers.
      appendFileSync(`${TRACING}/events/${event}/trigger`, trigger)
      added.push([event, trigger])
    }
    writeFileSync(`${TRACING}/trace_marker`, MARK(1))
    wakeups(40)
    writeFileSync(`${TRACING}/trace_marker`, MARK(2))
    for (const event of new Set(HIST_TRIGGERS.map(([e]) => e)))
      hists[event] = readFileSync(`${TRACING}/events/${event}/hist`, 'utf8')
    await handle.disable()
    recorded = await stopSchedRecording(tfs, 'wakeup_hist')
  } finally {
    for (const [event, trigger] of added.reverse()) appendFileSync(`${TRACING}/events/${event}/trigger`, `!${trigger}`)
    await handle.destroy()
  }
  const { from, to, inWindow } = markedWindow(recorded, MARK(1), MARK(2))
  const window = recorded.filter((r) => inWindow(r) && r.system !== 'ftrace')
  const sleeps = window.filter((r) => r.system === 'synthetic' && String(r.fields.comm).startsWith('sleep'))
  log(`${window.length} records in the window, ${sleeps.length} wakeup_hist records of sleep tasks`)
  for (const [event, text] of Object.entries(hists)) log(`${event}/hist:\n${text}`)
  assert(sleeps.length >= 20, `the workload's wakeups were recorded (${sleeps.length})`)
  for (const event of Object.keys(hists))
    assert(/Dropped: 0\n/.test(hists[event]), `${event}: the histogram dropped nothing`)
  // The same histograms computed offline over the recorded events print the kernel's text.
  for (const [event, trigger] of HIST_TRIGGERS) {
    const [system, name] = event.split('/')
    const keys = trigger.slice(0, trigger.indexOf(':', 'hist:'.length) + 1)
    const section = histSections(hists[event]).find((s) => s.trigger.startsWith(keys))
    assert(section, `${event}: the hist file shows '${trigger}'`)
    const diff = histDifferences(
      offlineHist(
        section.trigger,
        window.filter((r) => r.system === system && r.name === name),
      ),
      section.text,
    )
    assert(diff.length === 0, `${event} ${trigger}: offline and kernel differ:\n${diff.join('\n')}`)
  }
  if (process.env.LANE_ARTIFACTS) {
    const meta = {
      kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
      from: String(from),
      to: String(to),
      triggers: HIST_TRIGGERS,
    }
    console.log(`LANE-ARTIFACT records.jsonl ${Buffer.from(recordLines(meta, window)).toString('base64')}`)
    for (const [event, text] of Object.entries(hists))
      console.log(`LANE-ARTIFACT ${event.replace('/', '.')}.hist ${Buffer.from(text).toString('base64')}`)
  }
})
