// A synth's results read back in the kernel: the end trigger's hist file with
// the maxima (and last changes) that onMax()/onChange() keep and the fields
// save() keeps with them, and the snapshot buffer a snapshot() action fills,
// each compared with what the kernel's own files say. With LANE_ARTIFACTS=1
// the hist files are printed as fixtures for test/tracefs/synth-hist.test.ts
// (node scripts/kernel-lane/record-eval-fixtures.mjs synth-hist [--lane 6.12]).
import { readFileSync, writeFileSync } from 'node:fs'
import { createSynth, schemaFromLive, tracefs, TIMESTAMP_USECS } from '../../dist/src/index.js'
import { main } from '../../dist/src/cli/main.js'
import { assert, assertEqual, test } from './harness.mjs'
import { snapshot, TRACING, wakeups } from './lib.mjs'

let schemaPromise
const schema = () => (schemaPromise ??= schemaFromLive())
const base = async (name) =>
  createSynth(name, await schema())
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .delta(TIMESTAMP_USECS)
/** Only the workload's `sleep` children: once they are done, the tables and the snapshot stay as they are. */
const sleepOnly = (s) => s.startFilter((f) => f.eq('comm', 'sleep')).endFilter((f) => f.eq('next_comm', 'sleep'))
const histText = () => readFileSync(`${TRACING}/events/sched/sched_switch/hist`, 'utf8')
const big = (_, v) => (typeof v === 'bigint' ? `${v}n` : v)

/**
 * The kernel's own lines, read without the library: for each entry of the
 * section whose trigger names `variable`, the key, hitcount and the
 * `max:`/`changed:` lines under it, as text fields.
 */
function kernelEntries(text, variable) {
  const section = text.split(/\n\n(?=# event histogram\n)/).find((s) => s.includes(`(${variable})`))
  if (!section) throw new Error(`no section with ${variable}`)
  const out = []
  for (const m of section.matchAll(/^\{ next_pid: +(\d+) \} hitcount: +(\d+)((?:\n\t(?:max|changed): .*)*)/gm)) {
    const lines = m[3]
      .split('\n')
      .slice(1)
      .map((line) => {
        const t = /^\t(max|changed): +(\d+)(.*)$/.exec(line)
        const saved = Object.fromEntries(
          [...t[3].matchAll(/ {2}(\w+): (.*?)(?= {2}\w+: |$)/g)].map((f) => [f[1], f[2].trim()]),
        )
        return { [t[1]]: t[2], ...saved }
      })
    out.push({ pid: Number(m[1]), hitcount: Number(m[2]), lines })
  }
  const note = /triggering value \{ (\w+)\(\S+\) \}: +(\d+)\ttriggered by event with key: \{ next_pid: +(\d+) \}/.exec(
    section,
  )
  return { entries: out, note: note ? { handler: note[1], value: note[2], pid: Number(note[3]) } : undefined }
}

/**
 * The same, from readHist(), in the kernel's words: a line for each handler; the fields save()
 * keeps belong to the entry, and the kernel prints them on every handler's line.
 */
function asKernel(reading) {
  return reading.rows.map((r) => ({
    pid: r.key.next_pid,
    hitcount: r.hitcount,
    lines: r.handlers.map((h) => ({
      [h.handler === 'max' ? 'max' : 'changed']: String(h.value),
      ...Object.fromEntries(Object.entries(r.tracked?.saved ?? {}).map(([k, v]) => [k, String(v)])),
    })),
  }))
}
const sorted = (list) => list.map((x) => JSON.stringify(x, big)).sort()
/** The end variable the kernel prints in the trigger, `$__delta_<n>_2`, of a synth. */
const deltaVar = (s) =>
  /onm\w+\((\$__delta_\d+_\d+)\)|onchange\((\$__delta_\d+_\d+)\)/.exec(s.showEndHist())?.slice(1).find(Boolean)

test('six end triggers (onmax and onchange with save, trace, snapshot, two at once): readHist() equals the kernel hist file', async ({
  log,
}) => {
  const before = snapshot()
  const tfs = await tracefs()
  const cases = {
    save: sleepOnly(await base('lat_save'))
      .onMax('delta')
      .save('prev_comm', 'prev_pid', 'next_prio')
      .onMatch()
      .trace(),
    change: sleepOnly(await base('lat_change'))
      .onChange('delta')
      .save('prev_comm', 'prev_prio'),
    snap: sleepOnly(await base('lat_snap'))
      .onMax('delta')
      .snapshot(),
    both: sleepOnly(await base('lat_both'))
      .onMax('delta')
      .save('prev_comm', 'prev_pid')
      .onMax('delta')
      .snapshot(),
    change_snap: sleepOnly(await base('lat_chsnap'))
      .onChange('delta')
      .snapshot(),
    trace_change: sleepOnly(await base('lat_trchange'))
      .onMax('delta')
      .trace()
      .onChange('delta')
      .save('prev_pid'),
  }
  for (const [name, s] of Object.entries(cases)) {
    const handle = await tfs.create(s)
    try {
      await tfs.enable('sched', 'sched_switch')
      wakeups(20)
      // Only the workload's children count: once they are done, the table stays as it is.
      const reading = await handle.readHist()
      const text = histText()
      await tfs.disable('sched', 'sched_switch')
      const kernel = kernelEntries(histText(), deltaVar(s))
      assertEqual(sorted(asKernel(reading)), sorted(kernel.entries), `${name}: readHist() rows = the kernel's entries`)
      assert(reading.rows.length >= 10, `${name}: at least 10 entries, got ${reading.rows.length}`)
      const saves = s.definition.actions.some((a) => a.action === 'save')
      assert(
        reading.rows.every((r) => (r.tracked !== undefined) === saves),
        `${name}: a tracked value under every entry exactly when save() is there`,
      )
      if (saves) {
        const first = reading.rows[0].tracked
        for (const [k, v] of Object.entries(first.saved)) {
          const type = k === 'prev_comm' ? 'string' : 'number'
          assert(typeof v === type, `${name}: ${k} is a ${type}, got ${typeof v}`)
        }
      }
      const snapshots = s.definition.actions.some((a) => a.action === 'snapshot')
      assertEqual(
        reading.snapshot !== undefined,
        snapshots,
        `${name}: a snapshot note exactly when snapshot() is there`,
      )
      if (snapshots) {
        assertEqual(
          [
            reading.snapshot.handler === 'max' ? 'onmax' : 'onchange',
            String(reading.snapshot.value),
            reading.snapshot.key.next_pid,
          ],
          [kernel.note.handler, kernel.note.value, kernel.note.pid],
          `${name}: the snapshot note`,
        )
      }
      log(
        `${name}: ${reading.rows.length} entries, e.g. ${JSON.stringify(reading.rows[0], big)}; snapshot ${JSON.stringify(reading.snapshot, big)}`,
      )
      if (process.env.LANE_ARTIFACTS) console.log(`LANE-ARTIFACT ${name}.hist ${Buffer.from(text).toString('base64')}`)
    } finally {
      await handle.destroy()
      writeFileSync(`${TRACING}/snapshot`, '0')
    }
  }
  assertEqual(snapshot(), before, 'the trigger files are as before')
})

test('onMax().save(): each maximum is the largest delta the synthetic event traced for its pid, saved with its prev_pid', async ({
  log,
}) => {
  const tfs = await tracefs()
  const s = sleepOnly((await base('lat_max')).endField('prev_pid', 'from_pid'))
    .onMax('delta')
    .save('prev_pid', 'prev_comm')
    .onMatch()
    .trace()
  writeFileSync(`${TRACING}/trace`, '')
  const handle = await tfs.create(s)
  let reading
  const records = []
  try {
    await handle.enable()
    wakeups(30)
    await handle.disable()
    reading = await handle.readHist()
    for await (const r of tfs.records(s)) records.push(r)
  } finally {
    await handle.destroy()
  }
  assert(records.length >= 20, `at least 20 synthetic records, got ${records.length}`)
  assertEqual(
    reading.rows.reduce((n, r) => n + r.hitcount, 0),
    reading.hits,
    'hitcounts add up',
  )
  const byPid = new Map()
  for (const r of records) byPid.set(r.pid, [...(byPid.get(r.pid) ?? []), r])
  // An end event with no start before it (a new task's first switch: sched_wakeup_new, not sched_waking)
  // may leave an entry that counted nothing.
  const counted = reading.rows.filter((r) => r.hitcount > 0)
  assertEqual([...byPid.keys()].sort(), counted.map((r) => r.key.next_pid).sort(), 'one entry per traced pid')
  for (const row of counted) {
    const traced = byPid.get(row.key.next_pid)
    const max = traced.reduce((m, r) => (r.delta > m ? r.delta : m), 0n)
    assertEqual(row.tracked.value, max, `pid ${row.key.next_pid}: max = the largest traced delta`)
    assert(
      traced.some((r) => r.delta === max && r.from_pid === row.tracked.saved.prev_pid),
      `pid ${row.key.next_pid}: the saved prev_pid ${row.tracked.saved.prev_pid} is the one of a record with that delta`,
    )
    assertEqual(row.hitcount, traced.length, `pid ${row.key.next_pid}: hitcount = records traced`)
  }
  log(`${reading.rows.length} pids, ${records.length} records; e.g. ${JSON.stringify(reading.rows[0], big)}`)
})

test('onMax().snapshot(): the snapshot buffer read raw equals the kernel snapshot file, taken at a maximum', async ({
  log,
}) => {
  const tfs = await tracefs()
  const s = sleepOnly(await base('lat_snapmax'))
    .onMax('delta')
    .save('prev_pid')
    .onMax('delta')
    .snapshot()
  writeFileSync(`${TRACING}/trace`, '')
  const handle = await tfs.create(s)
  let reading
  let text
  const records = []
  try {
    await tfs.enable('sched', 'sched_switch')
    wakeups(30)
    await tfs.disable('sched', 'sched_switch')
    reading = await handle.readHist()
    text = readFileSync(`${TRACING}/snapshot`, 'utf8')
    for await (const r of handle.snapshotRecords({ system: 'sched', event: 'sched_switch' })) records.push(r)
  } finally {
    await handle.destroy()
    writeFileSync(`${TRACING}/snapshot`, '0')
  }
  const taken = reading.snapshot
  assert(taken !== undefined, 'the kernel noted a snapshot')
  const row = reading.rows.find((r) => r.key.next_pid === taken.key.next_pid)
  assertEqual(taken.value, row.tracked.value, `the snapshot's value is the maximum of pid ${taken.key.next_pid}`)
  assertEqual(
    taken.value,
    reading.rows.reduce((m, r) => (r.tracked.value > m ? r.tracked.value : m), 0n),
    'the last snapshot was taken at the largest maximum',
  )
  // The kernel prints time stamps in microseconds, rounded (ns2usecs).
  const usecs = (ns) => (ns + 500n) / 1000n
  const fromText = [
    ...text.matchAll(/\[(\d+)\]\s+\S+\s+(\d+)\.(\d{6}): sched_switch: .*?prev_pid=(\d+) .*?next_pid=(\d+) /g),
  ].map((m) => `${Number(m[1])}/${BigInt(m[2]) * 1_000_000n + BigInt(m[3])}/${m[4]}/${m[5]}`)
  const fromRaw = records.map((r) => `${r.cpu}/${usecs(r.ts)}/${r.prev_pid}/${r.next_pid}`)
  assert(fromRaw.length > 0, 'the snapshot holds sched_switch records')
  assertEqual(fromRaw.sort(), fromText.sort(), 'the raw snapshot records = the snapshot file')
  assert(
    records.every((r) => typeof r.next_pid === 'number' && typeof r.prev_comm === 'string'),
    'records typed like any sched_switch record',
  )
  const triggering = records.filter((r) => r.next_pid === taken.key.next_pid)
  log(
    `snapshot at max ${taken.value} us of pid ${taken.key.next_pid}: ${records.length} sched_switch records, ${triggering.length} of them to that pid`,
  )
  assert(triggering.length > 0, 'the switch to the pid that set the maximum is in the snapshot')
})

test('typed-ftrace synth create, read --format json and destroy: the maxima and saved fields of the hist file', async ({
  log,
}) => {
  const before = snapshot()
  const spec = '/tmp/cli_max.json'
  writeFileSync(
    spec,
    JSON.stringify({
      name: 'cli_max',
      start: 'sched/sched_waking',
      end: 'sched/sched_switch',
      steps: [
        { match: ['pid', 'next_pid'], as: 'pid' },
        { delta: true },
        { startFilter: ['comm', '==', '"sleep"'] },
        { endFilter: ['next_comm', '==', '"sleep"'] },
        { onMax: 'delta', save: ['prev_comm', 'prev_pid'] },
      ],
    }),
  )
  // The command line's own entry point, in this process (a node start costs seconds under TCG).
  const cli = async (...args) => {
    const out = []
    const err = []
    const status = await main(['synth', ...args], { stdout: (t) => out.push(t), stderr: (t) => err.push(t) })
    return { status, stdout: out.join(''), stderr: err.join('') }
  }
  const created = await cli('create', spec)
  assertEqual([created.status, created.stderr], [0, ''], 'create')
  let read
  let text
  try {
    wakeups(20)
    const json = await cli('read', spec, '--format', 'json')
    assertEqual([json.status, json.stderr], [0, ''], 'read')
    read = JSON.parse(json.stdout)
    text = histText() // only the workload's children count: the same table as the command read
  } finally {
    const destroyed = await cli('destroy', spec)
    assertEqual([destroyed.status, destroyed.stderr], [0, ''], 'destroy')
  }
  assert(read.rows.length >= 10, `at least 10 entries, got ${read.rows.length}`)
  assertEqual(read.name, 'cli_max', 'the synth')
  assert(
    read.rows.every((r) => /^\d+$/.test(r.tracked.value) && typeof r.tracked.saved.prev_comm === 'string'),
    `maxima as strings, prev_comm a string: ${JSON.stringify(read.rows[0])}`,
  )
  assert(
    read.rows.every((r) => typeof r.tracked.saved.prev_pid === 'number'),
    'prev_pid a number',
  )
  const fromCli = read.rows.map((r) => ({
    pid: r.key.next_pid,
    hitcount: r.hitcount,
    lines: [{ max: r.tracked.value, prev_comm: r.tracked.saved.prev_comm, prev_pid: String(r.tracked.saved.prev_pid) }],
  }))
  const variable = /onmax\((\$__delta_\d+_\d+)\)/.exec(text)?.[1]
  assertEqual(
    sorted(fromCli),
    sorted(kernelEntries(text, variable).entries),
    "the command's rows = the kernel's entries",
  )
  log(`${read.rows.length} entries, e.g. ${JSON.stringify(read.rows[0])}`)
  assertEqual(snapshot(), before, 'destroyed: tracefs as before')
})
