// The hist handle's writes and reads, on a directory laid out like tracefs
// (plain files: the kernel's answers are the recorded 6.1 hist file); the
// real kernel's behaviour is proven in the kernel lane
// (test/guest/live-hist.guest.mjs).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { hist, tracefs } from '../../src/index.js'
import '../../types/linux-6.1.js'
import { ROOT } from '../helpers/paths.js'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function fakeTracefs(): string {
  dir = mkdtempSync(join(tmpdir(), 'tf-hist-handle-'))
  const event = join(dir, 'events/sched/sched_switch')
  mkdirSync(event, { recursive: true })
  writeFileSync(join(event, 'trigger'), '')
  writeFileSync(join(event, 'hist'), readFileSync(join(ROOT, 'test/fixtures/kernel-6.1/hist/sched.sched_switch.hist')))
  writeFileSync(join(dir, 'error_log'), '')
  return dir
}

const h = hist('sched', 'sched_switch')
  .keys('prev_pid', 'prev_state.hex')
  .values('prev_prio')
  .sort('hitcount.descending')
  .filter((f) => f.eq('prev_comm', 'sleep'))
const TEXT = 'hist:keys=prev_pid,prev_state.hex:vals=prev_prio:sort=hitcount.descending if prev_comm == "sleep"'

describe('HistHandle', () => {
  it('create appends the trigger; pause, continue, clear and destroy append theirs; read parses its own section', async () => {
    const root = fakeTracefs()
    const tfs = await tracefs({ root })
    const trigger = () => readFileSync(join(root, 'events/sched/sched_switch/trigger'), 'utf8')
    const handle = await tfs.create(h)
    expect(trigger()).toBe(TEXT)
    const { rows, hits, entries, dropped } = await handle.read()
    expect(rows.length).toBe(entries)
    expect(rows.reduce((n, r) => n + r.hitcount, 0)).toBe(hits)
    expect(dropped).toBe(0)
    expect(rows[0]!.key).toEqual({ prev_pid: expect.any(Number), prev_state: expect.any(BigInt) })
    await handle.pause()
    await handle.continue()
    await handle.clear()
    expect(trigger()).toBe(
      TEXT + TEXT.replace(' if', ':pause if') + TEXT.replace(' if', ':cont if') + TEXT.replace(' if', ':clear if'),
    )
    await handle.destroy()
    expect(trigger().endsWith(`!${TEXT}`)).toBe(true)
    await handle[Symbol.asyncDispose]() // already destroyed: nothing more is written
    expect(trigger().split('!hist').length).toBe(2)
  })

  it('read says when the kernel shows no such hist', async () => {
    const tfs = await tracefs({ root: fakeTracefs() })
    const handle = await tfs.create(hist('sched', 'sched_switch').keys('next_prio'))
    await expect(handle.read()).rejects.toThrow(/the hist is not in events\/sched\/sched_switch\/hist/)
  })
})
