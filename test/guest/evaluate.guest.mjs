// Offline evaluation against the kernel itself: the same definitions are
// created in the 6.1 kernel while the raw start and end events and the
// kernel's synthetic records are recorded together; evaluating the
// definition over the recorded raw events must give the kernel's records.
import { readFileSync, writeFileSync } from 'node:fs'
import { evaluateAll, schemaFromLive, tracefs } from '../../dist/src/index.js'
import { assert, test } from './harness.mjs'
import { compareByCpu, definitions, trackedFromHist } from './compare.mjs'
import { markedWindow, recordLines, startSchedRecording, stopSchedRecording, TRACING, wakeups } from './lib.mjs'

const MARK = (n) => `typed_ftrace_mark_${n}`

for (const name of ['wakeup_lat', 'filtered_lat', 'two_keys', 'max_lat']) {
  test(`offline evaluation equals the kernel's synthetic records: ${name}`, async ({ log }) => {
    const schema = await schemaFromLive()
    const synth = definitions(schema)[name]
    const tfs = await tracefs()
    await startSchedRecording(tfs)
    // Registering a hist trigger that uses common_timestamp sets the trace clock, and setting
    // the clock empties the ring buffers: what counts is recorded after the last trigger is in.
    // The synthetic event records only once enabled: the marker goes after that.
    const handle = await tfs.create(synth)
    let recorded = []
    let seed
    try {
      await handle.enable()
      // onmax/onchange values the kernel already holds (from events before the marker) seed the
      // offline state; the hist file is read on both sides of the marker so nothing changed between.
      for (let attempt = 0; ; attempt++) {
        const before = tfs.io.path('events/sched/sched_switch/hist')
        const a = readFileSync(before, 'utf8')
        writeFileSync(`${TRACING}/trace_marker`, MARK(1))
        const b = readFileSync(before, 'utf8')
        if (a === b || attempt > 20) {
          seed = trackedFromHist(b, synth)
          break
        }
      }
      wakeups(30)
      writeFileSync(`${TRACING}/trace_marker`, MARK(2))
      await handle.disable()
      recorded = await stopSchedRecording(tfs, name)
    } finally {
      await handle.destroy()
    }
    const { from, to, inWindow } = markedWindow(recorded, MARK(1), MARK(2))
    const raw = recorded.filter((r) => r.system === 'sched' && inWindow(r))
    const offline = evaluateAll(synth, raw, { initialTracked: seed }).filter((r) => r.action === 'trace')
    const kernel = recorded.filter((r) => r.system === 'synthetic' && inWindow(r))
    const fieldNames = synth.definition.fields.map((f) => f.name)
    const view = (fields) => fieldNames.map((f) => `${f}=${fields[f]}`).join(' ')
    const { mismatches, explained } = compareByCpu(kernel, offline, view, raw)
    log(
      `${name}: ${raw.length} raw events, kernel ${kernel.length} records, offline ${offline.length}, explained ${explained.length}${explained.length ? ` (${explained.slice(0, 3).join('; ')})` : ''}; e.g. ${kernel
        .slice(0, 2)
        .map((r) => view(r.fields))
        .join(' | ')}`,
    )
    // The kernel stamps a synthetic record after the end event that made it: for the window's last
    // end events (on a CPU other than the marker's) the record can fall just after the closing mark.
    // Such an offline record is found among the kernel's records after the window, on its CPU.
    const after = recorded.filter((r) => r.system === 'synthetic' && r.ts > to)
    const stampedLate = (m) => {
      const missing = /^cpu(\d+) #\d+\/\d+: kernel undefined \/ offline (.*)$/.exec(m)
      return missing !== null && after.some((r) => r.cpu === Number(missing[1]) && view(r.fields) === missing[2])
    }
    const late = mismatches.filter(stampedLate)
    if (late.length > 0)
      log(`${name}: ${late.length} offline records stamped by the kernel just after the window: ${late.join('; ')}`)
    assert(kernel.length >= 3, `the kernel produced records (${kernel.length})`)
    const differ = mismatches.filter((m) => !stampedLate(m))
    assert(differ.length === 0, `records differ:\n${differ.slice(0, 10).join('\n')}`)
    if (process.env.LANE_ARTIFACTS) {
      // The window's raw events and the kernel's records, with what the offline side needs besides.
      const meta = {
        definition: name,
        kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
        from: String(from),
        to: String(to),
        seed: [...seed].map(([i, m]) => [i, [...m].map(([k, v]) => [k, String(v)])]),
      }
      console.log(
        `LANE-ARTIFACT ${name}.jsonl ${Buffer.from(recordLines(meta, recorded.filter(inWindow))).toString('base64')}`,
      )
    }
  })
}
