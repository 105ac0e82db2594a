// The live tracefs backend inside a kernel with hist triggers (Debian 6.1).
import { writeFileSync } from 'node:fs'
import { createSynth, schemaFromLive, tracefs, TracefsError, TIMESTAMP_USECS, TIMESTAMP } from '../../dist/src/index.js'
import { assert, assertEqual, test } from './harness.mjs'
import { TRACING, snapshot, traceLines, wakeups } from './lib.mjs'

let schemaPromise
const schema = () => (schemaPromise ??= schemaFromLive())
const wakeupLat = async (name = 'wakeup_lat') =>
  createSynth(name, await schema())
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .delta(TIMESTAMP_USECS)

test('detects synthetic events, hist triggers and the trace() action', async () => {
  const tfs = await tracefs()
  assertEqual(tfs.features, {
    dynamicEvents: true,
    syntheticEvents: true,
    histTriggers: true,
    traceAction: true,
    errorLog: true,
  })
})

test('creates the README synth, records wakeups, destroys it without residue', async ({ log }) => {
  const before = snapshot()
  const tfs = await tracefs()
  const synth = await wakeupLat()
  writeFileSync(`${TRACING}/trace`, '')
  const handle = await tfs.create(synth)
  try {
    const listed = await tfs.listSynthEvents()
    assertEqual(listed.find((e) => e.name === 'wakeup_lat')?.fieldList, [
      ['pid_t', 'pid'],
      ['u64', 'delta'],
    ])
    await handle.enable()
    wakeups(40)
    await handle.disable()
    const text = traceLines('wakeup_lat')
    const records = []
    for await (const ev of tfs.records(synth)) records.push(ev)
    log(
      `${records.length} wakeup_lat records from the raw ring buffers, e.g. ${JSON.stringify(records.slice(0, 3).map((r) => ({ pid: r.pid, delta: String(r.delta), cpu: r.cpu, ts: String(r.ts) })))}`,
    )
    assert(records.length >= 20, `at least 20 synthetic records, got ${records.length}`)
    assert(
      records.every((r) => typeof r.pid === 'number' && r.pid > 0),
      'every record names a woken pid',
    )
    assert(
      records.every((r) => typeof r.delta === 'bigint'),
      'delta decodes as a bigint',
    )
    assert(
      records.some((r) => r.delta > 0n),
      'some latency is above 0 us',
    )
    for (let i = 1; i < records.length; i++) assert(records[i].ts >= records[i - 1].ts, 'records come in time order')
    const key = (r) => `${r.pid}/${r.delta}`
    assertEqual(
      records.map(key).sort(),
      text.map(key).sort(),
      'the decoded records are the ones the kernel prints in trace',
    )
  } finally {
    await handle[Symbol.asyncDispose]()
  }
  assertEqual(snapshot(), before, 'disposing the handle leaves tracefs as it was')
})

test('a refused definition throws the parsed error_log entry and leaves nothing behind', async () => {
  const before = snapshot()
  const tfs = await tracefs()
  const s = await schema()
  // A hand-made plan whose end trigger references a variable that does not exist.
  const bad = {
    definition: { name: 'bad_lat' },
    commands: () => ({
      create: [
        { file: 'dynamic_events', text: 's:synthetic/bad_lat  u64 lat;\n', mode: 'append' },
        { file: 'events/sched/sched_waking/trigger', text: 'hist:keys=pid:ts0=common_timestamp', mode: 'append' },
        {
          file: 'events/sched/sched_switch/trigger',
          text: 'hist:keys=next_pid:lat=common_timestamp-$nope:onmatch(sched.sched_waking).trace(bad_lat,$lat)',
          mode: 'append',
        },
      ],
      destroy: [],
    }),
  }
  void s
  const error = await tfs.create(bad).catch((e) => e)
  assert(error instanceof TracefsError, `a TracefsError, got ${error}`)
  assertEqual(error.code, 'EINVAL')
  assertEqual(error.file, 'events/sched/sched_switch/trigger')
  assert(error.errorLog.length >= 1, 'the error_log entry is attached')
  const last = error.errorLog.at(-1)
  assertEqual(last.location, 'hist:sched:sched_switch')
  assert(/Couldn't find variable|Couldn't find field/.test(last.message), `kernel message: ${last.message}`)
  assert(last.command.startsWith('hist:keys=next_pid'), `command: ${last.command}`)
  assertEqual(snapshot(), before, 'rollback removed the event and the start trigger')
})

for (const step of [0, 1, 2]) {
  test(`rollback when create step ${step + 1} of 3 fails leaves tracefs exactly as before`, async () => {
    const before = snapshot()
    const tfs = await tracefs()
    const synth = await wakeupLat('rollback_lat')
    const error = await tfs
      .create(synth, {
        beforeWrite: (_write, index) => {
          if (index === step)
            throw new TracefsError('EIO', _write.file, _write.text, [], `injected failure at step ${index + 1}`)
        },
      })
      .catch((e) => e)
    assert(error instanceof TracefsError && /injected/.test(error.message), `the injected error surfaces: ${error}`)
    assertEqual(snapshot(), before)
  })
}

test('rollback after a real kernel refusal of the start trigger (the event existed first)', async () => {
  const tfs = await tracefs()
  const synth = await wakeupLat('busy_lat')
  // The same start trigger already there: the kernel refuses the second with EEXIST-like EINVAL.
  const first = await tfs.create(synth)
  const before = snapshot()
  const other = createSynth('busy_lat2', await schema())
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .delta(TIMESTAMP_USECS)
  // Same variable names on the same events would clash: make it clash on purpose by reusing the name scheme.
  const clash = {
    definition: { name: 'busy_lat2' },
    commands: () => ({ create: [other.commands().create[0], synth.commands().create[1]], destroy: [] }),
  }
  const error = await tfs.create(clash).catch((e) => e)
  assert(error instanceof TracefsError, `refused: ${error}`)
  assertEqual(snapshot(), before, 'the new event was removed, the existing synth untouched')
  await first.destroy()
})

test('destroying what is not there is a no-op with a clear result; an unmatched !hist is detected', async () => {
  const tfs = await tracefs()
  const synth = await wakeupLat('absent_lat')
  const result = await tfs.destroy(synth)
  assertEqual(result.removedEvent, false)
  assertEqual(result.removedTriggers, [])
})

test('every worked example of the reference is accepted by the kernel', async ({ log }) => {
  const s = await schema()
  const before = snapshot([
    'sched/sched_waking',
    'sched/sched_switch',
    'preemptirq/irq_disable',
    'preemptirq/irq_enable',
  ])
  const tfs = await tracefs()
  const examples = {
    a: createSynth('ex_a', s)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', 'pid')
      .compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-end', 'delta'),
    b: createSynth('ex_b', s)
      .start('sched_waking')
      .end('sched_switch')
      .match('pid', 'next_pid', 'pid')
      .startField('prio')
      .endField('next_comm', 'comm')
      .endField('prev_prio')
      .compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-end', 'delta')
      .appendStartFilter('compare', 'prio', '<', '100')
      .appendEndFilter('compare', 'next_prio', '<', '50')
      .appendEndFilter('or')
      .appendEndFilter('not')
      .appendEndFilter('(')
      .appendEndFilter('compare', 'prev_prio', '>=', '100'),
    c: createSynth('ex_c', s)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', 'pid')
      .startField('target_cpu', 'cpu')
      .startField('prio')
      .endField('prev_prio')
      .endField('next_prio', 'nxt_p'),
    d: createSynth('ex_d', s)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid')
      .compare('prio', 'next_prio', 'add', 'sum')
      .compare(TIMESTAMP, TIMESTAMP, 'delta-start', 'neg'),
    f: createSynth('ex_f', s)
      .start('sched_waking')
      .end('sched_switch')
      .match('pid', 'next_pid', 'pid')
      .startField('prio')
      .compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-end', 'lat')
      .appendEndFilter('compare', 'prev_pid', '!=', '0')
      .onMax('lat')
      .trace()
      .onMax('lat')
      .snapshot(),
  }
  const failures = []
  for (const [label, synth] of Object.entries(examples)) {
    try {
      const handle = await tfs.create(synth)
      await handle.destroy()
      log(`(${label}) accepted: ${synth.showEndHist()}`)
    } catch (error) {
      failures.push(`(${label}) ${error.message}`)
    }
  }
  assertEqual(failures, [])
  assertEqual(
    snapshot(['sched/sched_waking', 'sched/sched_switch', 'preemptirq/irq_disable', 'preemptirq/irq_enable']),
    before,
  )
})

test('onmax with save and snapshot, onchange with trace: created, fired, destroyed', async ({ log }) => {
  const s = await schema()
  const tfs = await tracefs()
  const before = snapshot()
  const synth = createSynth('max_lat', s)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .delta(TIMESTAMP_USECS)
    .onMax('delta')
    .save('prev_comm', 'prev_pid')
    .onChange('delta')
    .trace()
  const handle = await tfs.create(synth)
  try {
    await handle.enable()
    wakeups(20)
    await handle.disable()
    const hist = await tfs.io.read('events/sched/sched_switch/hist')
    log(
      hist
        .split('\n')
        .filter((l) => /max:|prev_comm/.test(l))
        .slice(0, 3)
        .join(' | '),
    )
    assert(/max:\s*\d+/.test(hist), 'the hist file shows the saved maximum')
  } finally {
    await handle.destroy()
  }
  assertEqual(snapshot(), before)
})

test('list() finds the synth with its triggers; a later process adopts and destroys it', async () => {
  const before = snapshot()
  const creator = await tracefs()
  await creator.create(await wakeupLat('adopt_lat'))
  const listed = (await creator.list()).find((e) => e.name === 'adopt_lat')
  assert(listed, 'listed')
  assertEqual(
    listed.endTriggers.map((t) => `${t.system}/${t.event}`),
    ['sched/sched_switch'],
  )
  assertEqual(
    listed.startTriggers.map((t) => `${t.system}/${t.event}`),
    ['sched/sched_waking'],
  )
  const later = await tracefs()
  const adopted = await later.adopt('adopt_lat')
  const result = await later.destroy(adopted)
  assertEqual(result.removedEvent, true)
  assertEqual(result.removedTriggers.length, 2)
  assertEqual(snapshot(), before)
})

test('instances: triggers in the instance, the event global; removed cleanly', async () => {
  const tfs = await tracefs({ instance: 'lane_inst' })
  const before = snapshot(['sched/sched_waking', 'sched/sched_switch'])
  const handle = await tfs.create(await wakeupLat('inst_lat'))
  const trig = await tfs.io.read('instances/lane_inst/events/sched/sched_switch/trigger')
  await handle.destroy()
  assert(trig.includes('inst_lat'), 'the end trigger is in the instance')
  assertEqual(snapshot(['sched/sched_waking', 'sched/sched_switch']), before)
  await tfs.removeInstance()
})

test('destroy disables the synthetic event in every instance before removing it', async () => {
  const before = snapshot()
  const tfs = await tracefs()
  const other = await tracefs({ instance: 'lane_other' })
  await tfs.create(await wakeupLat('every_inst_lat'))
  try {
    await other.enable('synthetic', 'every_inst_lat')
    const result = await tfs.destroy(await wakeupLat('every_inst_lat'))
    assertEqual(result.removedEvent, true, 'the event is removed')
    assert(
      !(await tfs.listSynthEvents()).some((e) => e.name === 'every_inst_lat'),
      'the event is gone from dynamic_events',
    )
  } finally {
    if ((await tfs.listSynthEvents()).some((e) => e.name === 'every_inst_lat')) {
      await other.disable('synthetic', 'every_inst_lat')
      await tfs.destroy(await wakeupLat('every_inst_lat'))
    }
    await other.removeInstance()
  }
  assertEqual(snapshot(), before)
})

test('typed-ftrace synth create | list | destroy on the command line', async () => {
  const { main } = await import('../../dist/src/cli/main.js')
  const before = snapshot()
  const spec = {
    name: 'cli_lat',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { delta: true }],
  }
  writeFileSync('/tmp/cli_lat.json', JSON.stringify(spec))
  const out = []
  const io = { stdout: (t) => out.push(t), stderr: (t) => out.push(`ERR ${t}`) }
  assertEqual(await main(['synth', 'create', '/tmp/cli_lat.json'], io), 0, out.join(''))
  assert(out.join('').includes("created synthetic event 'cli_lat' (pid_t pid; u64 delta;)"), out.join(''))
  out.length = 0
  assertEqual(await main(['synth', 'list'], io), 0)
  assert(
    /cli_lat\tpid_t pid; u64 delta/.test(out.join('')) &&
      out.join('').includes('sched/sched_switch: hist:keys=next_pid'),
    out.join(''),
  )
  out.length = 0
  assertEqual(await main(['synth', 'destroy', '--name', 'cli_lat'], io), 0, out.join(''))
  assert(out.join('').includes("removed 'cli_lat': the event, 2 trigger(s)"), out.join(''))
  assertEqual(snapshot(), before)
  out.length = 0
  // Nothing of that name in tracefs: one line and exit code 5 (tracefs lacks what is needed).
  assertEqual(await main(['synth', 'destroy', '--name', 'cli_lat'], io), 5)
  assertEqual(out.join(''), "ERR typed-ftrace synth: ENOENT: no synthetic event 'cli_lat' to adopt\n")
})

test('a synth whose start event is another synth: both accepted, removed in reverse', async () => {
  const before = snapshot(['sched/sched_waking', 'sched/sched_switch', 'sched/sched_process_exec'])
  const s = await schema()
  const tfs = await tracefs()
  const lat = createSynth('chain_lat', s)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .delta(TIMESTAMP_USECS)
  const next = createSynth('exec_after_wake', s)
    .start(lat)
    .end('sched', 'sched_process_exec')
    .match('pid', 'pid', 'pid')
    .delta(TIMESTAMP_USECS, 'wait')
    .startField('delta', 'wake_lat')
  const first = await tfs.create(lat)
  const second = await tfs.create(next)
  const trig = await tfs.io.read('events/synthetic/chain_lat/trigger')
  assert(trig.includes('hist:keys=pid'), `the start trigger sits on the first synth: ${trig}`)
  await second.destroy()
  await first.destroy()
  assertEqual(snapshot(['sched/sched_waking', 'sched/sched_switch', 'sched/sched_process_exec']), before)
})
