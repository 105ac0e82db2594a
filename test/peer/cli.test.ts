import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { ROOT } from '../helpers/paths.js'

const PEER = join(ROOT, 'test/fixtures/peer')
function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) }, out, err }
}
const truth = (name: string) => readFileSync(join(PEER, name), 'utf8')

describe.each(['net', 'net7', 'qemu'])('typed-ftrace report / peers on the %s host and guest', (prefix) => {
  const host = join(PEER, `${prefix}-host.dat`)
  const guest = join(PEER, `${prefix}-guest.dat`)

  it('report HOST GUEST -t prints the merged records exactly as trace-cmd report -t -R -i HOST -i GUEST', async () => {
    const c = capture()
    // File labels are the names as given, like trace-cmd's: pass them relative to the fixtures.
    expect(await main(['report', '-t', relative(process.cwd(), host), relative(process.cwd(), guest)], c.io)).toBe(0)
    const ours = c.out.join('').replaceAll(`${relative(process.cwd(), PEER)}/`, '')
    expect(ours).toBe(truth(`${prefix}-merged.report.txt`))
    // The network sessions' host files have no trace id: merged anyway (as trace-cmd does), with
    // the reason on stderr; the QEMU session's host has one and pairs silently.
    if (prefix === 'qemu') expect(c.err.join('')).toBe('')
    else expect(c.err.join('')).toMatch(/warning: .* has no trace id \(TRACEID option\)/)
  })

  it('report --raw-ts GUEST prints the recorded clock as trace-cmd report --raw-ts', async () => {
    const c = capture()
    expect(await main(['report', '-t', '--raw-ts', guest], c.io)).toBe(0)
    expect(c.out.join('')).toBe(truth(`${prefix}-guest.raw-ts.report.txt`))
  })

  it("report --format jsonl HOST GUEST names each record's file and peer", async () => {
    const c = capture()
    expect(await main(['report', '--format', 'jsonl', host, guest], c.io)).toBe(0)
    const lines = c.out
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; peer: string; ts: string })
    const expected = truth(`${prefix}-merged.records.jsonl`)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; ts: string })
    expect(lines.map((l) => [l.file, l.ts])).toEqual(expected.map((l) => [l.file, l.ts]))
    expect(new Set(lines.map((l) => l.peer))).toEqual(new Set(['host', '127.0.0.1']))
  })

  it('peers prints trace ids, the guest list with its vCPU map, the samples and why the files do not pair strictly', async () => {
    const c = capture()
    // Exit 1 when a guest does not pair (the network session's host has no trace id).
    expect(await main(['peers', host, guest], c.io)).toBe(prefix === 'qemu' ? 0 : 1)
    const text = c.out.join('')
    const dump = truth(`${prefix}-guest.dump.txt`)
    const id = /0x([0-9A-F]{16}) \[peer's trace id\]/.exec(dump)![1]
    const hostId = prefix === 'qemu' ? `0x${/0x([0-9A-F]{16}) \[peer's trace id\]/.exec(dump)![1]}` : 'none'
    expect(text).toContain(`${prefix}-host.dat: host, trace id ${hostId}`)
    expect(text).toMatch(/guest 127\.0\.0\.1: trace id 0x[0-9A-F]{16}, 2 vCPUs \(vCPU->host thread: 0->\? 1->\?\)/)
    expect(text).toContain(`time shift against host 0x${id}, interpolate, 2 vCPUs`)
    // Every sample trace-cmd dump lists, with its offset, scaling and fraction bits.
    for (const [, offset, scaling, fraction, time] of dump.matchAll(/^\t(-?\d+) (\d+) (\d+) (\d+)\[/gm)) {
      expect(text).toContain(`time ${time}  offset ${offset}  scaling ${scaling}  fraction ${fraction}`)
    }
    if (prefix === 'qemu') expect(text).toContain('  pairs with qemu-host.dat')
    else expect(text).toMatch(/does not pair \(host-without-trace-id\)/)
    const j = capture()
    expect(await main(['peers', '--format', 'json', host, guest], j.io)).toBe(prefix === 'qemu' ? 0 : 1)
    const json = JSON.parse(j.out.join('')) as {
      guests: { timeShift: { cpus: unknown[][] }; pairing: { problem: string }[] }[]
    }
    expect(json.guests[0]!.timeShift.cpus.map((c) => c.length)).toEqual([2, 2])
    expect(json.guests[0]!.pairing.map((p) => p.problem)).toEqual(prefix === 'qemu' ? [] : ['host-without-trace-id'])
  })
})

it('report with several files refuses single-file selections', async () => {
  const c = capture()
  expect(await main(['report', '--cpu', '0', join(PEER, 'net-host.dat'), join(PEER, 'net-guest.dat')], c.io)).toBe(2)
  expect(c.err.join('')).toMatch(/apply to one file only/)
})
