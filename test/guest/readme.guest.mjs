// README examples that need a kernel with synthetic events run here.
import { spawnSync } from 'node:child_process'
import { assert, assertEqual } from './harness.mjs'
import { test } from './harness.mjs'
import { snapshot } from './lib.mjs'

test('the README backend example creates, reads and destroys the synth', () => {
  const before = snapshot()
  const run = spawnSync(process.execPath, ['dist/examples/readme-backend.js'], { encoding: 'utf8', cwd: '/project' })
  assertEqual(run.status, 0, run.stderr)
  const lines = run.stdout.trim().split('\n').filter(Boolean)
  assert(lines.length > 0, `it printed records: ${run.stdout}${run.stderr}`)
  assert(
    lines.every((l) => /^\d+ \d+n \d+ \d+n$/.test(l)),
    `pid delta cpu ts lines: ${lines.slice(0, 3)}`,
  )
  assertEqual(snapshot(), before, 'await using destroyed it')
})

test('the README live hist example creates, reads and destroys the hist trigger', () => {
  const before = snapshot(['sched/sched_switch'])
  const run = spawnSync(process.execPath, ['dist/examples/readme-live-hist.js'], { encoding: 'utf8', cwd: '/project' })
  assertEqual(run.status, 0, run.stderr)
  const lines = run.stdout.trim().split('\n').filter(Boolean)
  assertEqual(
    lines[0],
    'hist:keys=next_comm,prev_state:vals=next_prio:sort=hitcount.descending:size=4096 if next_pid != 0',
    'the trigger text',
  )
  assert(/^\d+ switches, \d+ dropped$/.test(lines.at(-1) ?? ''), `the totals: ${run.stdout}${run.stderr}`)
  assert(lines.length > 2, `it printed rows: ${run.stdout}`)
  assertEqual(snapshot(['sched/sched_switch']), before, 'await using destroyed it')
})

test('the README synth results example reads the maxima and the snapshot buffer', () => {
  const before = snapshot(['sched/sched_switch', 'sched/sched_waking'])
  const run = spawnSync(process.execPath, ['dist/examples/readme-synth-hist.js'], {
    encoding: 'utf8',
    cwd: '/project',
  })
  assertEqual(run.status, 0, run.stderr)
  const lines = run.stdout.trim().split('\n').filter(Boolean)
  const rows = lines.filter((l) => /^\d+ \d+n \S+ \d+$/.test(l))
  assert(rows.length > 0, `pid max prev_comm prev_pid lines: ${run.stdout}${run.stderr}`)
  assert(
    lines.some((l) => /^snapshot at \d+ us \(pid \d+\)$/.test(l)),
    `the snapshot line: ${run.stdout}`,
  )
  assert(
    lines.some((l) => /^[1-9]\d* switches in the snapshot buffer, the last to \S+$/.test(l)),
    `the snapshot records: ${run.stdout}`,
  )
  assertEqual(snapshot(['sched/sched_switch', 'sched/sched_waking']), before, 'await using destroyed it')
})
