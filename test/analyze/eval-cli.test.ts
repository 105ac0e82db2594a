// `typed-ftrace synth eval SPEC.json TRACE.dat`: the library's evaluation over a trace.dat,
// printed as trace-cmd prints events, as JSON lines, or as a latency histogram.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLValidator } from 'fast-xml-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import {
  evaluateAll,
  evaluatePeers,
  latencyBars,
  latencyHistogram,
  openTrace,
  session,
  synthFromSpec,
  synthsFromSpec,
} from '../../src/index.js'
import type { SynthRecord } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'

const TRACE = join(ROOT, 'test/fixtures/tracedat/v7-zstd.dat')
const SPEC = {
  name: 'wakeup_lat',
  start: 'sched/sched_waking',
  end: 'sched/sched_switch',
  steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { endField: 'next_comm', as: 'comm' }, { delta: true }],
}
const dir = mkdtempSync(join(tmpdir(), 'typed-ftrace-eval-cli-'))
const specFile = join(dir, 'wakeup_lat.json')
writeFileSync(specFile, JSON.stringify(SPEC))

async function run(...args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(['synth', 'eval', ...args], {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
  })
  return { code, out: out.join(''), err: err.join('') }
}

let expected: SynthRecord[]
beforeAll(async () => {
  const trace = await openTrace<unknown>(TRACE)
  expected = evaluateAll(synthFromSpec(SPEC, trace.schema), trace.records())
})

describe('synth eval', () => {
  it('prints the records as trace-cmd report prints events', async () => {
    const { code, out } = await run(specFile, TRACE)
    expect(code).toBe(0)
    const lines = out.trimEnd().split('\n')
    expect(expected.length).toBeGreaterThan(20)
    expect(lines).toHaveLength(expected.length)
    const first = expected[0]!
    const secs = (first.ts + 500n) / 1000n
    expect(lines[0]).toMatch(
      new RegExp(
        `^ +\\S+-${first.pid} +\\[00${first.cpu}\\] +${secs / 1_000_000n}\\.${String(secs % 1_000_000n).padStart(6, '0')}: wakeup_lat: +pid=${first.fields['pid']} comm=${first.fields['comm']} delta=${first.fields['delta']}$`,
      ),
    )
    const ns = await run(specFile, TRACE, '-t')
    expect(ns.out.split('\n')[0]).toContain(
      `${first.ts / 1_000_000_000n}.${String(first.ts % 1_000_000_000n).padStart(9, '0')}: wakeup_lat:`,
    )
  })

  it('--format jsonl: one object per record, 64-bit values as strings', async () => {
    const { out } = await run(specFile, TRACE, '--format', 'jsonl')
    const rows = out
      .trimEnd()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as { ts: string; cpu: number; pid: number; event: string; fields: Record<string, unknown> },
      )
    expect(rows).toHaveLength(expected.length)
    expect(rows.map((r) => [r.ts, r.cpu, r.pid, r.event, r.fields['pid'], r.fields['delta']])).toEqual(
      expected.map((r) => [String(r.ts), r.cpu, r.pid, 'wakeup_lat', r.fields['pid'], String(r.fields['delta'])]),
    )
  })

  it('--hist FIELD prints the latency histogram; --svg FILE writes it as SVG', async () => {
    const svg = join(dir, 'lat.svg')
    const { code, out } = await run(specFile, TRACE, '--hist', 'delta', '--svg', svg)
    expect(code).toBe(0)
    expect(out).toBe(`wakeup_lat.delta:\n${latencyBars(latencyHistogram(expected, 'delta'))}`)
    expect(XMLValidator.validate(readFileSync(svg, 'utf8'))).toBe(true)
    const linear = await run(specFile, TRACE, '--hist', 'delta', '--buckets', '10')
    expect(linear.out).toContain('     0 -> 9 : ')
    await expect(run(specFile, TRACE, '--hist', 'lat')).resolves.toMatchObject({
      code: 4,
      err: expect.stringContaining("'lat' is not a field of wakeup_lat: pid, comm, delta"),
    })
  })

  it('a host and its guest: start events from the guest, end events from the host, in host time (as evaluatePeers)', async () => {
    const PEER = join(ROOT, 'test/fixtures/peer')
    const wake = {
      name: 'wake_lat',
      start: 'sched/sched_waking',
      end: 'sched/sched_wakeup',
      steps: [{ match: ['pid', 'pid'], as: 'pid' }, { delta: true }],
    }
    writeFileSync(join(dir, 'wake.json'), JSON.stringify(wake))
    const host = join(PEER, 'net7-host.dat')
    const guest = join(PEER, 'net7-guest.dat')
    const { code, out, err } = await run(
      join(dir, 'wake.json'),
      host,
      guest,
      '--start',
      'guest',
      '--end',
      'host',
      '--format',
      'jsonl',
    )
    expect(code).toBe(0)
    // The host file has no trace id (it recorded an instance): merged anyway, with the reason.
    expect(err).toMatch(/warning: .*has no trace id/)
    // sched_waking is only in the guest file's formats, sched_wakeup only in the host's: the session joins them.
    const s = session(await openTrace<unknown>(host)).guest(await openTrace<unknown>(guest), { check: 'guest-list' })
    const expected = evaluatePeers(synthFromSpec(wake, s.schema), s, { start: 'guest', end: 'host' })
    expect(expected.length).toBeGreaterThan(20)
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { ts: string; fields: { pid: number; delta: string } })
    expect(lines.map((l) => [l.ts, l.fields.pid, l.fields.delta])).toEqual(
      expected.map((r) => [String(r.ts), r.fields['pid'], String(r.fields['delta'])]),
    )
    // --start/--end without guests make no sense, nor --instance with them.
    expect((await run(join(dir, 'wake.json'), host, '--start', 'guest')).code).toBe(2)
    await expect(run(join(dir, 'wake.json'), host, guest, '--instance', 'host')).resolves.toMatchObject({
      code: 2,
      err: expect.stringContaining('--instance applies to one file only'),
    })
  })

  it("a spec that does not fit the trace's formats is an error; bad options print the usage", async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...SPEC, steps: [{ match: ['pid', 'next_pidd'] }] }))
    expect((await run(join(dir, 'bad.json'), TRACE)).code).toBe(4)
    const usage = await run(specFile, TRACE, '--format', 'xml')
    expect(usage.code).toBe(2)
    expect(usage.err).toBe('typed-ftrace synth: --format "xml": use text or jsonl\n')
  })
})

describe('synth eval over a chain', () => {
  const RAN = {
    name: 'ran',
    start: 'synthetic/wakeup_lat',
    end: 'sched/sched_switch',
    steps: [
      { match: ['pid', 'prev_pid'], as: 'pid' },
      { startField: 'delta', as: 'wakeup' },
      { delta: true, as: 'ran' },
    ],
  }
  const chainFile = join(dir, 'chain.json')
  writeFileSync(chainFile, JSON.stringify([SPEC, RAN]))

  it('prints the last synth of the file, its chain evaluated first (as evaluateAll)', async () => {
    const trace = await openTrace<unknown>(TRACE)
    const [, ran] = synthsFromSpec([SPEC, RAN], trace.schema)
    const chained = evaluateAll(ran!, trace.records())
    expect(chained.length).toBeGreaterThan(5)
    const { code, out } = await run(chainFile, TRACE, '--format', 'jsonl')
    expect(code).toBe(0)
    const rows = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { ts: string; event: string; fields: Record<string, unknown> })
    expect(rows.map((r) => [r.ts, r.event, r.fields['pid'], r.fields['wakeup'], r.fields['ran']])).toEqual(
      chained.map((r) => [String(r.ts), 'ran', r.fields['pid'], String(r.fields['wakeup']), String(r.fields['ran'])]),
    )
  })

  it('--name picks another synth of the file', async () => {
    const one = await run(specFile, TRACE, '--format', 'jsonl')
    const picked = await run(chainFile, TRACE, '--format', 'jsonl', '--name', 'wakeup_lat')
    expect(picked.code).toBe(0)
    expect(picked.out).toBe(one.out)
    const none = await run(chainFile, TRACE, '--name', 'nope')
    expect(none).toMatchObject({ code: 2, out: '' })
    expect(none.err).toBe("typed-ftrace synth: --name 'nope': the spec defines wakeup_lat, ran\n")
  })
})

describe('a start filter on a synth that takes nothing from its start event', () => {
  // The kernel's end trigger looks up the start event's entry only to read the start
  // variables it uses; with none (only match fields and end fields), onmatch fires on
  // every end event and the start event and its filter change nothing. The evaluation
  // does the same; the command says so instead of leaving the filter silently ignored.
  const spec = {
    name: 'never',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { startFilter: ['pid', '==', '999999'] }],
  }
  const file = join(dir, 'start-unused.json')
  writeFileSync(file, JSON.stringify(spec))
  const WARNING =
    "typed-ftrace synth: warning: 'never' takes no value from its start event: the kernel fires it on every sched/sched_switch that passes the end filter, whatever the start events and the start filter (add a startField, compare or delta)\n"

  it('synth eval prints the records the kernel would and warns on stderr', async () => {
    const trace = await openTrace<unknown>(TRACE)
    const all = evaluateAll(synthFromSpec(spec, trace.schema), trace.records())
    expect(all.length).toBe([...trace.records()].filter((r) => r.name === 'sched_switch').length)
    const { code, out, err } = await run(file, TRACE, '--format', 'jsonl')
    expect(code).toBe(0)
    expect(out.trimEnd().split('\n')).toHaveLength(all.length)
    expect(err).toBe(WARNING)
  })

  it('synth echo warns too; a synth with a start variable does not', async () => {
    const out: string[] = []
    const err: string[] = []
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) }
    expect(await main(['synth', 'echo', file, '--kernel', 'linux-6.1'], io)).toBe(0)
    expect(err.join('')).toBe(WARNING)
    err.length = 0
    expect(await main(['synth', 'echo', specFile, '--kernel', 'linux-6.1'], io)).toBe(0)
    expect(err).toEqual([])
  })

  it('with a start variable, a filtered-out start is not remembered (evaluateAll and synth eval agree)', async () => {
    const filtered = { ...spec, steps: [...spec.steps, { delta: true }] }
    writeFileSync(join(dir, 'filtered.json'), JSON.stringify(filtered))
    const trace = await openTrace<unknown>(TRACE)
    expect(evaluateAll(synthFromSpec(filtered, trace.schema), trace.records())).toEqual([])
    const { code, err } = await run(join(dir, 'filtered.json'), TRACE)
    expect(code).toBe(1)
    expect(err).toMatch(/no never record/)
  })
})
