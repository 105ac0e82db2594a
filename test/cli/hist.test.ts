// `typed-ftrace hist echo|create|read|destroy SPEC.json` and `synth read`: the
// echo lines for a shipped kernel, and the live commands on a tracing directory
// laid out like tracefs (plain files: the kernel's answers are hist files
// recorded in Debian's 6.1 kernel). The real kernel's behaviour is proven in
// the kernel lane (test/guest/live-hist.guest.mjs, synth-hist.guest.mjs).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { histFromSpec, histTriggerText, schemaFromDir } from '../../src/index.js'
import { KERNEL_6_1, ROOT } from '../helpers/paths.js'

const DIR = mkdtempSync(join(tmpdir(), 'tf-hist-cli-'))
afterAll(() => rmSync(DIR, { recursive: true, force: true }))

/** The README's hist, as JSON. */
const README_SPEC = {
  event: 'sched/sched_switch',
  keys: ['next_comm', 'prev_state'],
  values: ['next_prio'],
  sort: ['hitcount.descending'],
  size: 4096,
  filter: [['next_pid', '!=', 0]],
}
/** The first typed hist of the lane's live-hist test, whose section the recorded hist file holds. */
const RECORDED = {
  event: 'sched/sched_switch',
  keys: ['prev_pid', 'prev_state.hex'],
  values: ['prev_prio'],
  sort: ['hitcount.descending'],
  filter: [['prev_comm', '==', '"sleep"']],
}
const file = (name: string, value: unknown) => {
  const path = join(DIR, name)
  writeFileSync(path, JSON.stringify(value))
  return path
}

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(args, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) })
  return { code, out: out.join(''), err: err.join('') }
}

function fakeTracefs(hist: string): string {
  const root = mkdtempSync(join(DIR, 'tracefs-'))
  for (const event of ['sched_switch', 'sched_waking']) {
    mkdirSync(join(root, 'events/sched', event), { recursive: true })
    copyFileSync(join(KERNEL_6_1, 'events/sched', event, 'format'), join(root, 'events/sched', event, 'format'))
    writeFileSync(join(root, 'events/sched', event, 'trigger'), '')
  }
  writeFileSync(join(root, 'events/sched/sched_switch/hist'), hist)
  writeFileSync(join(root, 'error_log'), '')
  return root
}

describe('typed-ftrace hist', () => {
  it('echo prints the line libtracefs prints, for each command', async () => {
    const spec = file('readme.json', README_SPEC)
    const text = 'hist:keys=next_comm,prev_state:vals=next_prio:sort=hitcount.descending:size=4096 if next_pid != 0'
    expect(await run('hist', 'echo', spec, '--kernel', 'linux-6.1')).toEqual({
      code: 0,
      out: `echo '${text}' > /sys/kernel/tracing/events/sched/sched_switch/trigger\n`,
      err: '',
    })
    const pause = await run(
      'hist',
      'echo',
      spec,
      '--kernel',
      'linux-6.1',
      '--command',
      'pause',
      '--instance',
      'lat',
      '--tracing-dir',
      '/sys/kernel/debug/tracing',
    )
    expect(pause.out).toBe(
      "echo 'hist:keys=next_comm,prev_state:vals=next_prio:sort=hitcount.descending:size=4096:pause if next_pid != 0' > /sys/kernel/debug/tracing/instances/lat/events/sched/sched_switch/trigger\n",
    )
    const destroy = await run('hist', 'echo', spec, '--formats', KERNEL_6_1, '--command', 'destroy')
    expect(destroy.out).toBe(`echo '!${text}' > /sys/kernel/tracing/events/sched/sched_switch/trigger\n`)
  })

  it('an array of hists: one line each, in order', async () => {
    const spec = file('two.json', [README_SPEC, RECORDED])
    const { code, out } = await run('hist', 'echo', spec, '--kernel', 'linux-6.1')
    expect(code).toBe(0)
    expect(out.split('\n').filter(Boolean)).toHaveLength(2)
  })

  it('create appends the trigger; read prints its section or its typed rows; destroy appends its removal', async () => {
    const recorded = readFileSync(join(ROOT, 'test/fixtures/kernel-6.1/hist/sched.sched_switch.hist'), 'utf8')
    const root = fakeTracefs(recorded)
    const spec = file('recorded.json', RECORDED)
    const trigger = () => readFileSync(join(root, 'events/sched/sched_switch/trigger'), 'utf8')
    const text = 'hist:keys=prev_pid,prev_state.hex:vals=prev_prio:sort=hitcount.descending if prev_comm == "sleep"'
    expect(await run('hist', 'create', spec, '--tracing-dir', root)).toEqual({
      code: 0,
      out: `created hist trigger on sched/sched_switch: ${text}\n`,
      err: '',
    })
    expect(trigger()).toBe(text)

    const section = await run('hist', 'read', spec, '--tracing-dir', root)
    expect(section.code).toBe(0)
    expect(section.out).toMatch(
      /^# event histogram\n#\n# trigger info: hist:keys=prev_pid,prev_state\.hex:vals=hitcount,prev_prio:sort=hitcount\.descending:size=2048 if prev_comm == "sleep" \[active\]\n/,
    )
    expect(section.out).toMatch(/\nTotals:\n {4}Hits: \d+\n {4}Entries: \d+\n {4}Dropped: 0\n$/)

    const json = await run('hist', 'read', spec, '--tracing-dir', root, '--format', 'json')
    const parsed = JSON.parse(json.out) as {
      event: string
      paused: boolean
      hits: number
      entries: number
      rows: { key: { prev_pid: number; prev_state: string }; hitcount: number; values: { prev_prio: string } }[]
    }
    expect(parsed.event).toBe('sched/sched_switch')
    expect(parsed.paused).toBe(false)
    expect(parsed.rows).toHaveLength(parsed.entries)
    expect(parsed.rows.reduce((n, r) => n + r.hitcount, 0)).toBe(parsed.hits)
    expect(typeof parsed.rows[0]!.key.prev_pid).toBe('number')
    expect(parsed.rows[0]!.values.prev_prio).toMatch(/^\d+$/) // a 64-bit sum, as a string

    // Plain files cannot take the trigger away: the removal is written, and nothing was removed.
    expect(await run('hist', 'destroy', spec, '--tracing-dir', root)).toEqual({
      code: 0,
      out: 'nothing to remove: no such hist trigger on sched/sched_switch\n',
      err: '',
    })
    expect(trigger()).toBe(`${text}!${text}`)
  })

  it("HIST-SPEC.md's example writes the trigger it shows", async () => {
    const md = readFileSync(join(ROOT, 'src/analyze/hist/HIST-SPEC.md'), 'utf8')
    const spec = JSON.parse(/```json\n([\s\S]*?)```/.exec(md)![1]!) as unknown
    const shown = /```\n(hist:[^\n]*)\n```/.exec(md)![1]!
    expect(histTriggerText(histFromSpec(spec, await schemaFromDir(KERNEL_6_1)).definition)).toBe(shown)
  })

  it('histFromSpec gives the definition the typed builder gives', async () => {
    const schema = await schemaFromDir(KERNEL_6_1)
    expect(histTriggerText(histFromSpec(README_SPEC, schema).definition)).toBe(
      'hist:keys=next_comm,prev_state:vals=next_prio:sort=hitcount.descending:size=4096 if next_pid != 0',
    )
    const named = histFromSpec(
      {
        event: 'sched/sched_waking',
        keys: ['pid.buckets=4', 'target_cpu'],
        name: 'wake',
        filter: ['!', '(', ['comm', '~', '"slee*"'], ')'],
      },
      schema,
    )
    expect(histTriggerText(named.definition)).toBe('hist:keys=pid.buckets=4,target_cpu:name=wake if !(comm~"slee*")')
  })
})

describe('typed-ftrace synth read', () => {
  it("prints a synth's end trigger section, or its rows with the maxima and saved fields as JSON", async () => {
    const root = fakeTracefs(readFileSync(join(ROOT, 'test/fixtures/kernel-6.1/synth-hist/save.hist'), 'utf8'))
    for (const f of ['dynamic_events', 'synthetic_events']) writeFileSync(join(root, f), '')
    // The lane's lat_save (test/guest/synth-hist.guest.mjs), as JSON.
    const spec = file('lat_save.json', {
      name: 'lat_save',
      start: 'sched/sched_waking',
      end: 'sched/sched_switch',
      steps: [
        { match: ['pid', 'next_pid'], as: 'pid' },
        { delta: true },
        { startFilter: ['comm', '==', '"sleep"'] },
        { endFilter: ['next_comm', '==', '"sleep"'] },
        { onMax: 'delta', save: ['prev_comm', 'prev_pid', 'next_prio'] },
        { onMatch: true, trace: true },
      ],
    })
    const text = await run('synth', 'read', spec, '--tracing-dir', root)
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/^# event histogram\n#\n# trigger info: hist:keys=next_pid:vals=hitcount:pid=next_pid,/)
    const json = await run('synth', 'read', spec, '--tracing-dir', root, '--format', 'json')
    expect(json.err).toBe('')
    const read = JSON.parse(json.out) as {
      name: string
      entries: number
      rows: { key: { next_pid: number }; tracked: { handler: string; value: string; saved: Record<string, unknown> } }[]
    }
    expect(read.name).toBe('lat_save')
    expect(read.rows).toHaveLength(read.entries)
    expect(read.rows[0]!.tracked.handler).toBe('max')
    expect(read.rows[0]!.tracked.value).toMatch(/^\d+$/)
    expect(typeof read.rows[0]!.tracked.saved.prev_pid).toBe('number')
    expect(typeof read.rows[0]!.tracked.saved.prev_comm).toBe('string')
  })
})
