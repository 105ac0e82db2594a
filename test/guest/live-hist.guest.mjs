// Typed hist triggers in the kernel: hist(system, event) created with
// tfs.create(), its table read back typed (and equal to the same histogram
// computed offline over the events recorded in the same window), paused,
// continued, cleared and destroyed, with the trigger files as before.
import { readFileSync, writeFileSync } from 'node:fs'
import { hist, readRawRecords, tracefs } from '../../dist/src/index.js'
import { main } from '../../dist/src/cli/main.js'
import '../../dist/types/linux-6.1.js'
import { assert, assertEqual, test } from './harness.mjs'
import { snapshot, startSchedRecording, TRACING, wakeups } from './lib.mjs'

const bag = (rows) => rows.map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))).sort()
/** Stops the recording and reads the sched_switch records; fails when the ring buffer lost any. */
async function stopRecording(tfs) {
  await tfs.disable('sched', 'sched_waking')
  await tfs.disable('sched', 'sched_switch')
  const recorded = []
  for await (const r of readRawRecords(tfs.io, '', [
    { system: 'sched', event: 'sched_switch' },
    { system: 'sched', event: 'sched_waking' },
  ]))
    recorded.push(r)
  const lost = recorded.filter((r) => r.missedEvents !== 0)
  if (lost.length > 0) throw new Error(`the ring buffer lost events: the comparison cannot be exact`)
  return recorded
}

const histText = () => readFileSync(`${TRACING}/events/sched/sched_switch/hist`, 'utf8')

/** Six hists counting only the `sleep` children of the workload: 1, 2 and 3 keys, .log2, .buckets, .hex, a string key, sort descending, a name, a size. */
export const SIX = () => [
  hist('sched', 'sched_switch')
    .keys('prev_pid', 'prev_state.hex')
    .values('prev_prio')
    .sort('hitcount.descending')
    .size(4096)
    .filter((f) => f.eq('prev_comm', 'sleep')),
  hist('sched', 'sched_switch')
    .keys('next_comm')
    .values('next_prio')
    .filter((f) => f.eq('prev_comm', 'sleep')),
  hist('sched', 'sched_switch')
    .keys('next_pid.log2')
    .name('typed_ftrace_log2')
    .filter((f) => f.eq('next_comm', 'sleep')),
  hist('sched', 'sched_waking')
    .keys('pid.buckets=4', 'target_cpu')
    .values('prio')
    .sort('pid', 'target_cpu')
    .filter((f) => f.eq('comm', 'sleep')),
  hist('sched', 'sched_waking')
    .keys('pid', 'target_cpu', 'prio')
    .filter((f) => f.eq('comm', 'sleep')),
  hist('sched', 'sched_waking')
    .keys('common_pid')
    .values('prio')
    .sort('prio.descending')
    .filter((f) => f.glob('comm', 'slee*')),
]

test('six typed hists: read rows equal to the offline ones over the same events, nothing left after destroy', async ({
  log,
}) => {
  const before = snapshot(['sched/sched_switch', 'sched/sched_waking'])
  const tfs = await tracefs()
  const hists = SIX()
  await startSchedRecording(tfs)
  const handles = []
  const readings = []
  let recorded = []
  try {
    for (const h of hists) handles.push(await tfs.create(h))
    wakeups(30)
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (const handle of handles) readings.push(await handle.read())
  } finally {
    recorded = await stopRecording(tfs)
    for (const handle of handles.reverse()) await handle.destroy()
  }
  hists.forEach((h, i) => {
    const reading = readings[i]
    const what = `${h.definition.event} keys=${h.definition.keys.map((k) => k.spec)}`
    log(`${what}: ${reading.hits} hits in ${reading.entries} entries, e.g. ${bag(reading.rows.slice(0, 2)).join(' ')}`)
    assert(reading.hits >= 10, `${what}: at least 10 hits, got ${reading.hits}`)
    assertEqual(
      reading.rows.reduce((n, r) => n + r.hitcount, 0),
      reading.hits,
      `${what}: the hitcounts add up to the hits`,
    )
    const offline = h.over(recorded.filter((r) => r.name === h.definition.event)).result()
    assertEqual(bag(reading.rows), bag(offline.rows), `${what}: kernel rows = offline rows`)
    assertEqual(
      [reading.hits, reading.entries, reading.dropped],
      [offline.hits, offline.entries, offline.dropped],
      `${what}: totals`,
    )
  })
  const first = readings[0]
  assert(
    first.rows.every((r) => typeof r.key.prev_pid === 'number' && typeof r.key.prev_state === 'bigint'),
    'keys typed as the event holds them',
  )
  assert(
    first.rows.every((r) => typeof r.values.prev_prio === 'bigint'),
    'sums are bigints',
  )
  assert(
    readings[1].rows.every((r) => typeof r.key.next_comm === 'string'),
    'string keys are strings',
  )
  assertEqual(snapshot(['sched/sched_switch', 'sched/sched_waking']), before, 'the trigger files are as before')
})

test('a typed hist: pause freezes the counts, continue resumes them, clear zeroes them', async ({ log }) => {
  const before = snapshot(['sched/sched_switch'])
  const tfs = await tracefs()
  const h = hist('sched', 'sched_switch').keys('next_comm').values('next_prio').name('typed_ftrace_sw')
  const handle = await tfs.create(h)
  try {
    wakeups(10)
    const counted = await handle.read()
    assert(counted.hits > 0, 'counted')
    assert(
      counted.rows.every((r) => typeof r.key.next_comm === 'string'),
      'string keys',
    )
    await handle.pause()
    assert((await handle.section()).paused, 'the kernel shows [paused]')
    const paused = await handle.read()
    wakeups(10)
    const later = await handle.read()
    assertEqual(later.hits, paused.hits, 'no counting while paused')
    await handle.continue()
    wakeups(10)
    const resumed = await handle.read()
    assert(resumed.hits > later.hits, `counting again after continue (${later.hits} -> ${resumed.hits})`)
    await handle.pause()
    await handle.clear()
    const cleared = await handle.read()
    assertEqual([cleared.hits, cleared.entries, cleared.rows.length], [0, 0, 0], 'cleared')
    await handle.continue()
    wakeups(5)
    assert((await handle.read()).hits > 0, 'counting after clear and continue')
    log(
      `hits: ${counted.hits}, paused ${paused.hits} -> ${later.hits}, resumed ${resumed.hits}, cleared ${cleared.hits}`,
    )
    assertEqual(await handle.destroy(), true, 'destroy removed the trigger')
    assertEqual(await handle.destroy(), false, 'a second destroy removes nothing')
    assertEqual(snapshot(['sched/sched_switch']), before, 'the trigger files are as before')
    assert(!histText().includes('typed_ftrace_sw'), 'the hist file no longer shows it')
  } finally {
    await handle[Symbol.asyncDispose]()
  }
})

test('a typed hist the kernel refuses leaves nothing behind; disposing the handle destroys it', async () => {
  const before = snapshot(['sched/sched_switch'])
  const tfs = await tracefs()
  const h = hist('sched', 'sched_switch').keys('next_pid.log2')
  const first = await tfs.create(h)
  try {
    const withOne = snapshot(['sched/sched_switch'])
    let refused
    try {
      await tfs.create(h)
    } catch (error) {
      refused = error
    }
    assert(refused !== undefined, 'a second identical hist is refused')
    assert(/already exists/.test(String(refused?.message)), `the kernel's reason: ${refused?.message}`)
    assertEqual(snapshot(['sched/sched_switch']), withOne, 'the refused create left nothing')
    assert(first.definition === h.definition, 'the handle holds the definition')
  } finally {
    await first[Symbol.asyncDispose]()
  }
  assertEqual(snapshot(['sched/sched_switch']), before, 'disposed: the trigger files are as before')
})

test('typed-ftrace hist create, read (text and json) and destroy a JSON spec', async ({ log }) => {
  const before = snapshot(['sched/sched_switch'])
  const spec = '/tmp/switches.hist.json'
  writeFileSync(
    spec,
    JSON.stringify({
      event: 'sched/sched_switch',
      keys: ['next_comm'],
      values: ['next_prio'],
      sort: ['hitcount.descending'],
      filter: [['prev_comm', '==', '"sleep"']],
    }),
  )
  // The command line's own entry point, in this process (a node start costs seconds under TCG).
  const cli = async (...args) => {
    const out = []
    const err = []
    const status = await main(['hist', ...args], { stdout: (t) => out.push(t), stderr: (t) => err.push(t) })
    return { status, stdout: out.join(''), stderr: err.join('') }
  }
  const created = await cli('create', spec)
  assertEqual([created.status, created.stderr], [0, ''], 'create')
  try {
    assertEqual(
      created.stdout,
      'created hist trigger on sched/sched_switch: hist:keys=next_comm:vals=next_prio:sort=hitcount.descending if prev_comm == "sleep"\n',
      'create says what it wrote',
    )
    const again = await cli('create', spec)
    assertEqual(again.status, 5, `a second identical hist is refused by the kernel: ${again.stderr}`)
    assert(/^typed-ftrace hist: \w+: /.test(again.stderr) && again.stderr.split('\n').length === 2, again.stderr)
    wakeups(10)
    const text = await cli('read', spec)
    assertEqual(text.status, 0, text.stderr)
    assert(text.stdout.startsWith('# event histogram\n'), text.stdout)
    assert(text.stdout.includes('\nTotals:\n'), text.stdout)
    const json = await cli('read', spec, '--format', 'json')
    assertEqual(json.status, 0, json.stderr)
    const read = JSON.parse(json.stdout)
    assert(read.hits > 0, `counted: ${json.stdout}`)
    assertEqual(
      read.rows.reduce((n, r) => n + r.hitcount, 0),
      read.hits,
      'hitcounts add up',
    )
    assert(
      read.rows.every((r) => typeof r.key.next_comm === 'string' && /^\d+$/.test(r.values.next_prio)),
      'keys typed, sums as strings',
    )
    log(`${read.hits} hits; ${json.stdout.slice(0, 200)}`)
  } finally {
    const destroyed = await cli('destroy', spec)
    assertEqual([destroyed.status, destroyed.stderr], [0, ''], 'destroy')
    assert(destroyed.stdout.startsWith('removed hist trigger on sched/sched_switch: '), destroyed.stdout)
  }
  assertEqual(snapshot(['sched/sched_switch']), before, 'the trigger file is as before')
})
