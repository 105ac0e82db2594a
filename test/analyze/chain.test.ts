// Chained synths evaluated offline: a synth whose start or end event is another synth
// (`.start(wakeupLat)`) evaluates the inner one first and takes its records as events of
// `synthetic/<name>`, as the kernel does when the inner synth's onmatch fires.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createSynth,
  evaluate,
  evaluateAll,
  evaluatePeers,
  openTrace,
  schemaFromDir,
  session,
  TIMESTAMP,
  TIMESTAMP_USECS,
} from '../../src/index.js'
import type { EvalRecord, HasDefinition, Schema, SynthRecord } from '../../src/index.js'
import { KERNEL_6_1, ROOT } from '../helpers/paths.js'

let schema: Schema
beforeAll(async () => {
  schema = await schemaFromDir(KERNEL_6_1)
})

const wakeupLat = () =>
  createSynth('wakeup_lat', schema)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .delta(TIMESTAMP_USECS)

/** How long the woken task ran, with its wakeup latency: starts on wakeup_lat, ends when it is switched out. */
const ranAfterWakeup = () =>
  createSynth('ran_after_wakeup', schema)
    .start(wakeupLat())
    .end('sched', 'sched_switch')
    .match('pid', 'prev_pid', 'pid')
    .startField('delta', 'wakeup')
    .delta(TIMESTAMP_USECS, 'ran')

const waking = (ts: bigint, pid: number, cpu = 0): EvalRecord => ({
  ts,
  cpu,
  pid: 1,
  system: 'sched',
  name: 'sched_waking',
  fields: { pid, prio: 120, comm: 'task', target_cpu: cpu },
})
const switchTo = (ts: bigint, prevPid: number, nextPid: number, cpu = 1): EvalRecord => ({
  ts,
  cpu,
  pid: prevPid,
  system: 'sched',
  name: 'sched_switch',
  fields: {
    prev_pid: prevPid,
    prev_prio: 120,
    prev_state: 1n,
    prev_comm: 'prev',
    next_pid: nextPid,
    next_prio: 120,
    next_comm: 'next',
  },
})

describe('a synth that starts or ends on another synth', () => {
  it('evaluates the inner synth first and pairs its records (events of synthetic/<name>)', () => {
    const out = evaluateAll(ranAfterWakeup(), [
      waking(1_000n, 5),
      switchTo(4_000n, 0, 5), // wakeup_lat: pid=5 delta=3 at 4000
      switchTo(10_000n, 5, 0), // pid 5 switched out: ran 6 us
    ])
    expect(out.map((r) => [r.system, r.name, r.ts, r.fields])).toEqual([
      ['synthetic', 'ran_after_wakeup', 10_000n, { pid: 5, wakeup: 3n, ran: 6n }],
    ])
  })

  it('every record carries its system and name, so it reads as an event', () => {
    const [r] = evaluateAll(wakeupLat(), [waking(1_000n, 5), switchTo(2_000n, 0, 5)])
    expect(r).toMatchObject({ system: 'synthetic', name: 'wakeup_lat', ts: 2_000n, cpu: 1, pid: 0 })
  })

  it('.end(otherSynth): the inner record comes right after the end event that made it', () => {
    // Starts on the switch that ends a wakeup, ends on that wakeup's record: the kernel runs the
    // newer synth's trigger on the switch first, then the inner one emits its record.
    const switchToWakeup = createSynth('switch_to_wakeup', schema)
      .start('sched', 'sched_switch')
      .end(wakeupLat())
      .match('next_pid', 'pid', 'pid')
      .delta(TIMESTAMP, 'gap')
    const out = evaluateAll(switchToWakeup, [waking(1_000n, 5), switchTo(4_000n, 0, 5)])
    expect(out.map((r) => [r.name, r.fields])).toEqual([['switch_to_wakeup', { pid: 5, gap: 0n }]])
  })

  it('three deep, and the same inner synth as start and end is evaluated once', () => {
    const inner = wakeupLat()
    const middle = createSynth('middle', schema)
      .start(inner)
      .end('sched', 'sched_switch')
      .match('pid', 'prev_pid', 'pid')
      .delta(TIMESTAMP, 'ran')
    const outer = createSynth('outer', schema).start(middle).end(middle).match('pid', 'pid', 'pid').startField('ran')
    const records = [waking(1_000n, 5), switchTo(4_000n, 0, 5), switchTo(10_000n, 5, 0)]
    expect(evaluateAll(middle, records).map((r) => r.fields)).toEqual([{ pid: 5, ran: 6_000n }])
    // outer's start and end are the same event: its end trigger runs first, so a middle record
    // pairs with the previous one of its pid (none here) and then becomes the new start.
    const again = [...records, waking(11_000n, 5), switchTo(12_000n, 0, 5), switchTo(20_000n, 5, 0)]
    expect(evaluateAll(outer, again).map((r) => [r.ts, r.fields])).toEqual([[20_000n, { pid: 5, ran: 6_000n }]])
  })

  it('evaluate (async) gives the same records', async () => {
    const records = [waking(1_000n, 5), switchTo(4_000n, 0, 5), switchTo(10_000n, 5, 0)]
    const out: SynthRecord[] = []
    for await (const r of evaluate(ranAfterWakeup(), records)) out.push(r)
    expect(out).toEqual(evaluateAll(ranAfterWakeup(), records))
  })

  it('evaluatePeers says chains are evaluated within one trace', async () => {
    const host = await openTrace<unknown>(join(ROOT, 'test/fixtures/peer/qemu-host.dat'))
    const guest = await openTrace<unknown>(join(ROOT, 'test/fixtures/peer/qemu-guest.dat'))
    const peers = session(host).guest(guest, { check: 'none' })
    expect(() => evaluatePeers(ranAfterWakeup(), peers, { start: 'guest', end: 'guest' })).toThrow(
      "'ran_after_wakeup' starts or ends on another synth ('wakeup_lat'): chains are evaluated within one trace (evaluate), not across peers",
    )
  })

  it('two different synths of one name in a chain are refused', () => {
    const other = createSynth('wakeup_lat', schema)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', 'pid')
      .startField('prio')
    const both = createSynth('both', schema).start(wakeupLat()).end(other).match('pid', 'pid', 'pid')
    expect(() => evaluateAll(both, [])).toThrow(/two different synthetic events named 'wakeup_lat'/)
  })
})

// The kernel's own records: sched events recorded inside Debian's 6.1 kernel with the README's
// wakeup_lat defined, and the synthetic/wakeup_lat records that kernel wrote.
const revive = (_: string, v: unknown) => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)
function recording(): EvalRecord[] {
  const [, ...lines] = readFileSync(join(ROOT, 'samples/wakeup-6.1.jsonl'), 'utf8').trim().split('\n')
  return lines.map((l) => {
    const r = JSON.parse(l, revive) as Omit<EvalRecord, 'ts' | 'pid'> & { ts: string }
    return { ...r, ts: BigInt(r.ts), pid: r.fields['common_pid'] as number }
  })
}

describe('a chain over a recording of the real 6.1 kernel', () => {
  it("gives what the outer synth gives over the kernel's own wakeup_lat records", () => {
    const records = recording()
    const raw = records.filter((r) => r.system === 'sched')
    const kernel = records.filter((r) => r.system === 'synthetic')
    const chained = ranAfterWakeup()
    const offline = evaluateAll(chained, raw)
    // The same outer synth over the recorded stream, its start taken as a recorded event
    // (the kernel's synthetic/wakeup_lat records), not evaluated from the raw events.
    const def = chained.definition
    const standalone: HasDefinition = { definition: { ...def, start: { ...def.start!, synth: undefined } } }
    const fromKernel = evaluateAll(standalone, records)
    expect(evaluateAll(standalone, raw)).toEqual([])
    // The kernel writes its synthetic record a little after the end event; offline it has the
    // end event's time. `ran` differs by exactly that, rounded to microseconds.
    const usecs = (ns: bigint) => (ns + 500n) / 1000n
    const kernelTs = new Map<string, bigint>()
    for (const k of kernel) {
      const end = raw.filter((r) => r.cpu === k.cpu && r.ts <= k.ts && r.name === 'sched_switch').at(-1)!
      kernelTs.set(`${end.ts}`, k.ts)
    }
    const innerOffline = evaluateAll(wakeupLat(), raw)
    const startOf = (r: SynthRecord, all: readonly SynthRecord[] | readonly EvalRecord[]) =>
      [...all].filter((s) => s.ts < r.ts && s.fields['pid'] === r.fields['pid']).at(-1)!
    const view = (r: SynthRecord, shift: bigint) =>
      `${r.ts} pid=${String(r.fields['pid'])} wakeup=${String(r.fields['wakeup'])} ran=${String((r.fields['ran'] as bigint) - shift)}`
    const expected = fromKernel.map((r) => {
      const k = startOf(r, kernel)
      const end = [...kernelTs].find(([, ts]) => ts === k.ts)![0]
      return view(r, usecs(BigInt(end)) - usecs(k.ts))
    })
    const got = offline.map((r) => view(r, 0n))
    // A kernel wakeup_lat record whose sched_waking came before the recording has no offline
    // counterpart: an outer record starting on it is explained, every other one must agree.
    const explained = fromKernel.filter((r) => {
      const k = startOf(r, kernel)
      return !innerOffline.some((s) => s.fields['pid'] === k.fields['pid'] && s.fields['delta'] === k.fields['delta'])
    })
    console.log(
      `chain over wakeup-6.1: ${raw.length} raw events, ${kernel.length} kernel wakeup_lat, ${innerOffline.length} offline wakeup_lat, ${fromKernel.length} outer records from the kernel's, ${offline.length} from the chain, ${explained.length} explained`,
    )
    expect(offline).toHaveLength(229) // the figure the README gives
    expect(offline.every((r) => r.system === 'synthetic' && r.name === 'ran_after_wakeup')).toBe(true)
    expect(got).toEqual(expected.filter((_, i) => !explained.includes(fromKernel[i]!)))
    expect(offline.length + explained.length).toBe(fromKernel.length)
  })
})
