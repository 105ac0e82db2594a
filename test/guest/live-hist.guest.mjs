// Typed hist triggers in the kernel: hist(system, event) created with
// tfs.create(), its table read back typed (and equal to the same histogram
// computed offline over the events recorded in the same window), paused,
// continued, cleared and destroyed, with the trigger files as before.
import { readFileSync } from 'node:fs'
import { hist, tracefs } from '../../dist/src/index.js'
import '../../dist/types/linux-6.1.js'
import { assert, assertEqual, test } from './harness.mjs'
import { snapshot, startSchedRecording, stopSchedRecording, TRACING, wakeups } from './lib.mjs'

const bag = (rows) => rows.map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))).sort()
const histText = () => readFileSync(`${TRACING}/events/sched/sched_switch/hist`, 'utf8')

test('a typed hist: create, read typed rows equal to the offline ones, nothing left after destroy', async ({ log }) => {
  const before = snapshot(['sched/sched_switch'])
  const tfs = await tracefs()
  const h = hist('sched', 'sched_switch')
    .keys('prev_pid', 'prev_state.hex')
    .values('prev_prio')
    .sort('hitcount.descending')
    .size(4096)
    .filter((f) => f.eq('prev_comm', 'sleep'))
  await startSchedRecording(tfs)
  let recorded = []
  let reading
  const handle = await tfs.create(h)
  try {
    wakeups(30)
    reading = await handle.read()
  } finally {
    recorded = await stopSchedRecording(tfs, 'none')
    await handle.destroy()
  }
  log(`kernel: ${reading.hits} hits in ${reading.entries} entries, e.g. ${bag(reading.rows.slice(0, 2)).join(' ')}`)
  assert(reading.hits >= 30, `at least 30 switches away from sleep, got ${reading.hits}`)
  assert(
    reading.rows.every((r) => typeof r.key.prev_pid === 'number' && typeof r.key.prev_state === 'bigint'),
    'keys typed as the event holds them',
  )
  assert(
    reading.rows.every((r) => typeof r.values.prev_prio === 'bigint'),
    'sums are bigints',
  )
  assertEqual(
    reading.rows.reduce((n, r) => n + r.hitcount, 0),
    reading.hits,
    'the hitcounts add up to the hits',
  )
  const offline = h.over(recorded.filter((r) => r.name === 'sched_switch')).result()
  assertEqual(bag(reading.rows), bag(offline.rows), 'kernel rows = offline rows')
  assertEqual([reading.hits, reading.entries, reading.dropped], [offline.hits, offline.entries, offline.dropped])
  assertEqual(snapshot(['sched/sched_switch']), before, 'the trigger files are as before')
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
