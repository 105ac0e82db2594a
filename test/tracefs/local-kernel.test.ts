import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { findTracefs, tracefs, TracefsError, TracefsUnsupportedError } from '../../src/index.js'
import type { Applicable } from '../../src/index.js'

// This machine's own kernel has tracefs (events, filters, instances, error_log)
// but no hist triggers or synthetic events: what can be proven here is.
const root = await findTracefs().catch((error: Error) => error)
if (root instanceof Error) console.warn(`SKIPPED local tracefs tests: ${root.message}`)

const wakeup: Applicable = {
  definition: { name: 'wakeup_lat' },
  commands: () => ({
    create: [
      { file: 'dynamic_events', text: 's:synthetic/wakeup_lat  pid_t pid; u64 delta;\n', mode: 'append' },
      {
        file: 'events/sched/sched_waking/trigger',
        text: 'hist:keys=pid:__arg_1_1=common_timestamp.usecs',
        mode: 'append',
      },
    ],
    destroy: [],
  }),
}

describe.skipIf(root instanceof Error)('tracefs on the running kernel', () => {
  it('detects what the kernel has', async () => {
    const tfs = await tracefs()
    expect(tfs.features.dynamicEvents).toBe(true)
    expect(tfs.features.errorLog).toBe(true)
    const hasHist = await readFile(`${tfs.root}/events/sched/sched_switch/hist`).then(
      () => true,
      () => false,
    )
    expect(tfs.features.histTriggers).toBe(hasHist)
  })

  it('refuses a synthetic event up front with ENOTSUP naming the kernel options, writing nothing', async () => {
    const tfs = await tracefs()
    if (tfs.features.histTriggers && tfs.features.syntheticEvents) return // a kernel that has them is tested in the QEMU lane
    const before = await readFile(`${tfs.root}/dynamic_events`, 'utf8')
    const error = await tfs.create(wakeup).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TracefsUnsupportedError)
    expect(error).toMatchObject({ code: 'ENOTSUP' })
    expect((error as TracefsUnsupportedError).missing.length).toBeGreaterThan(0)
    expect((error as Error).message).toMatch(/CONFIG_(SYNTH_EVENTS|HIST_TRIGGERS)/)
    expect(await readFile(`${tfs.root}/dynamic_events`, 'utf8')).toBe(before)
  })

  it('turns a refused filter into a typed error with the parsed error_log entry', async () => {
    const tfs = await tracefs({ instance: 'typed_ftrace_test' })
    try {
      const error = await tfs.setFilter('sched', 'sched_switch', 'prev_pid >< 3').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TracefsError)
      const e = error as TracefsError
      expect(e.code).toBe('EINVAL')
      expect(e.file).toBe('instances/typed_ftrace_test/events/sched/sched_switch/filter')
      expect(e.text).toBe('prev_pid >< 3')
      expect(e.errorLog).toHaveLength(1)
      expect(e.errorLog[0]).toMatchObject({ location: 'event filter parse error', command: 'prev_pid >< 3' })
      expect(e.errorLog[0]!.message).toMatch(/Invalid value/)
      expect(e.message).toMatch(/failed with EINVAL: event filter parse error: Invalid value/)
      await tfs.setFilter('sched', 'sched_switch', 'prev_pid > 3')
      expect(await tfs.getFilter('sched', 'sched_switch')).toBe('prev_pid > 3')
      await tfs.setFilter('sched', 'sched_switch', '')
      expect(await tfs.getFilter('sched', 'sched_switch')).toBeUndefined()
    } finally {
      await tfs.removeInstance()
    }
  })

  it('enables and disables events in an instance', async () => {
    const tfs = await tracefs({ instance: 'typed_ftrace_enable' })
    try {
      await tfs.enable('sched', 'sched_switch')
      expect(
        (await readFile(`${tfs.root}/instances/typed_ftrace_enable/events/sched/sched_switch/enable`, 'utf8')).trim(),
      ).toBe('1')
      await tfs.disable('sched', 'sched_switch')
      expect(
        (await readFile(`${tfs.root}/instances/typed_ftrace_enable/events/sched/sched_switch/enable`, 'utf8')).trim(),
      ).toBe('0')
      // @ts-expect-error a misspelt event does not compile against the registered kernel
      const error = await tfs.enable('sched', 'no_such_event').catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'ENOENT' })
    } finally {
      await tfs.removeInstance()
    }
  })
})

describe.skipIf(root instanceof Error || process.getuid?.() !== 0)('not root', () => {
  it('an unprivileged process gets EPERM with a message saying so', async () => {
    const { spawnSync } = await import('node:child_process')
    const { fileURLToPath } = await import('node:url')
    const index = fileURLToPath(new URL('../../dist/src/index.js', import.meta.url))
    const script = `import(${JSON.stringify(index)}).then(async (m) => { try { const t = await m.tracefs(); await t.enable('sched', 'sched_switch') } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) } })`
    const run = spawnSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, encoding: 'utf8' })
    const result = JSON.parse(run.stdout.trim()) as { code: string; message: string }
    expect(result.code).toBe('EPERM')
    expect(result.message).toMatch(/(only open to|needs) root \(this process runs as uid 65534\)/)
  })
})
