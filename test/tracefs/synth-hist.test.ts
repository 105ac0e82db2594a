// A synth's end trigger read back from the end event's hist file: the entries,
// the `max:`/`changed:` line a save() action adds under each, and the note of
// the last snapshot, on hist files recorded inside Debian's 6.1 and 6.12
// kernels (test/fixtures/kernel-<k>/synth-hist/, written by the kernel lane's
// test/guest/synth-hist.guest.mjs with LANE_ARTIFACTS=1). The live reads are
// proven in that lane.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest'
import { parseSynthHistSection, SynthHandle, synth, tracefs, TIMESTAMP_USECS } from '../../src/index.js'
import type { SavedFields } from '../../src/index.js'
import '../../types/linux-6.1.js'
import { ROOT } from '../helpers/paths.js'

/** The workload's `sleep` children only, as the lane counts them. */
const base = (name: string) =>
  synth(name)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid')
    .delta(TIMESTAMP_USECS)
    .startFilter((f) => f.eq('comm', 'sleep'))
    .endFilter((f) => f.eq('next_comm', 'sleep'))
/** The synths the lane created, by fixture name (their names give the variables the kernel prints). */
const SYNTHS = {
  save: base('lat_save').onMax('delta').save('prev_comm', 'prev_pid', 'next_prio').onMatch().trace(),
  change: base('lat_change').onChange('delta').save('prev_comm', 'prev_prio'),
  snap: base('lat_snap').onMax('delta').snapshot(),
  both: base('lat_both').onMax('delta').save('prev_comm', 'prev_pid').onMax('delta').snapshot(),
  change_snap: base('lat_chsnap').onChange('delta').snapshot(),
  trace_change: base('lat_trchange').onMax('delta').trace().onChange('delta').save('prev_pid'),
}
const KERNELS = ['6.1', '6.12'] as const
const fixture = (kernel: string, name: string) =>
  readFileSync(join(ROOT, `test/fixtures/kernel-${kernel}/synth-hist/${name}.hist`), 'utf8')
const FORMAT = join(ROOT, 'test/fixtures/kernels/linux-6.1/events/sched/sched_switch/format')

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe.each(KERNELS)('a synth end trigger in the %s kernel hist file', (kernel) => {
  it('save(): every entry has its max and the saved fields, typed by the end event', () => {
    const text = fixture(kernel, 'save')
    const reading = parseSynthHistSection(text, SYNTHS.save.definition)
    expect(reading.rows.length).toBe(reading.entries)
    expect(reading.rows.reduce((n, r) => n + r.hitcount, 0)).toBe(reading.hits)
    expect(reading.snapshot).toBeUndefined()
    for (const row of reading.rows) {
      expect(typeof row.key.next_pid).toBe('number')
      expect(row.tracked?.handler).toBe('max')
      expect(row.tracked?.variable).toBe('delta')
      expect(row.handlers).toEqual([{ handler: 'max', variable: 'delta', value: row.tracked!.value }])
      expect(typeof row.tracked?.value).toBe('bigint')
      // Without the format, numbers are the kernel's u64 slots.
      expect(Object.keys(row.tracked!.saved)).toEqual(['prev_comm', 'prev_pid', 'next_prio'])
      expect(typeof row.tracked!.saved.prev_comm).toBe('string')
      expect(typeof row.tracked!.saved.prev_pid).toBe('bigint')
    }
    // The lines of the first entry, as the kernel printed them.
    const [entry, tracked] = text.split('\n').filter((l) => l.startsWith('{') || l.startsWith('\t'))
    const first = reading.rows[0]!
    expect(entry).toContain(`next_pid: ${String(first.key.next_pid).padStart(10)} } hitcount: `)
    expect(tracked).toBe(
      `\tmax: ${String(first.tracked!.value).padStart(10)}  prev_comm: ${String(first.tracked!.saved.prev_comm).padEnd(32)}  prev_pid: ${String(first.tracked!.saved.prev_pid).padStart(10)}  next_prio: ${String(first.tracked!.saved.next_prio).padStart(10)}`,
    )
  })

  it('onChange().save(): the changed value and the saved fields', () => {
    const reading = parseSynthHistSection(fixture(kernel, 'change'), SYNTHS.change.definition)
    expect(reading.rows.length).toBeGreaterThan(10)
    for (const row of reading.rows) {
      expect(row.tracked?.handler).toBe('change')
      expect(Object.keys(row.tracked!.saved)).toEqual(['prev_comm', 'prev_prio'])
    }
  })

  it('snapshot(): no line under the entries, the note of the last snapshot', () => {
    for (const name of ['snap', 'change_snap'] as const) {
      const text = fixture(kernel, name)
      const reading = parseSynthHistSection(text, SYNTHS[name].definition)
      expect(reading.rows.every((r) => r.tracked === undefined && r.handlers.length === 0)).toBe(true)
      const note =
        /triggering value \{ (on\w+)\(\S+\) \}: +(\d+)\ttriggered by event with key: \{ next_pid: +(\d+) \}/.exec(text)!
      expect(reading.snapshot).toEqual({
        handler: note[1] === 'onmax' ? 'max' : 'change',
        variable: 'delta',
        value: BigInt(note[2]!),
        key: { next_pid: Number(note[3]) },
      })
      expect(reading.rows.some((r) => r.key.next_pid === reading.snapshot!.key.next_pid)).toBe(true)
    }
  })

  it('onMax().trace() and onChange().save(): a line for each handler, in order; the save() one has the fields', () => {
    const text = fixture(kernel, 'trace_change')
    const reading = parseSynthHistSection(text, SYNTHS.trace_change.definition)
    expect(reading.rows.length).toBeGreaterThan(10)
    for (const row of reading.rows) {
      expect(row.handlers.map((h) => h.handler)).toEqual(['max', 'change'])
      expect(row.tracked).toEqual({ ...row.handlers[1], saved: { prev_pid: row.tracked!.saved.prev_pid } })
      // A changed value is never above the maximum of the same variable.
      expect(row.handlers[1]!.value <= row.handlers[0]!.value).toBe(true)
    }
    expect(text.split('\n').filter((l) => /^\t(max|changed): /.test(l))).toHaveLength(2 * reading.rows.length)
  })

  it('save() and snapshot() on one maximum: the snapshot was taken at its key`s maximum', () => {
    const reading = parseSynthHistSection(fixture(kernel, 'both'), SYNTHS.both.definition)
    const snapshot = reading.snapshot!
    expect(snapshot.handler).toBe('max')
    const row = reading.rows.find((r) => r.key.next_pid === snapshot.key.next_pid)!
    expect(row.tracked!.value).toBe(snapshot.value)
  })

  it('SynthHandle.readHist() finds its section and types the saved fields by the live format', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tf-synth-hist-'))
    const event = join(dir, 'events/sched/sched_switch')
    mkdirSync(event, { recursive: true })
    // Another synth's section first: the handle must pick its own.
    writeFileSync(join(event, 'hist'), `${fixture(kernel, 'change')}\n${fixture(kernel, 'save')}`)
    copyFileSync(FORMAT, join(event, 'format'))
    writeFileSync(join(dir, 'error_log'), '')
    const tfs = await tracefs({ root: dir })
    const handle = new SynthHandle({ tracefs: tfs.untyped(), synth: SYNTHS.save })
    const reading = await handle.readHist()
    expect(reading.rows.length).toBe(reading.entries)
    const row = reading.rows[0]!
    expectTypeOf(row.tracked!.saved).toEqualTypeOf<{ prev_comm: string; prev_pid: number; next_prio: number }>()
    expect(typeof row.tracked!.saved.prev_pid).toBe('number')
    expect(typeof row.tracked!.saved.next_prio).toBe('number')
    expect(typeof row.tracked!.saved.prev_comm).toBe('string')
    const other = await new SynthHandle({ tracefs: tfs.untyped(), synth: SYNTHS.change }).readHist()
    expect(other.rows[0]!.tracked!.handler).toBe('change')
    await expect(new SynthHandle({ tracefs: tfs.untyped(), synth: SYNTHS.snap }).readHist()).rejects.toThrow(
      "the end trigger of 'lat_snap' is not in events/sched/sched_switch/hist",
    )
  })
})

describe('SavedFields', () => {
  it('is the fields save() named, typed by the end event; {} without save()', () => {
    expectTypeOf<SavedFields<typeof SYNTHS.both>>().toEqualTypeOf<{ prev_comm: string; prev_pid: number }>()
    expectTypeOf<SavedFields<typeof SYNTHS.snap>>().toEqualTypeOf<{}>()
    expectTypeOf<SavedFields<{ definition: { name: string } }>>().toEqualTypeOf<Record<string, unknown>>()
  })
})
