import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openTrace } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'
import { fieldProblems, head, readTruth } from './ground-truth.js'

// Fixtures recorded by Debian's trace-cmd 3.1.6 (scripts/fixtures/record-tracedat.sh), each with
// its ground truth from `trace-cmd report -R -t` as JSON lines: every record must come out the
// same, in the same order, with the same time stamp, CPU, task, event and field values.
const DIR = join(ROOT, 'test/fixtures/tracedat')
const FIXTURES = [
  ['v6', 6, 'none'],
  ['v7', 7, 'none'],
  ['v7-zstd', 7, 'zstd'],
  ['v7-instance', 7, 'none'],
] as const

describe('trace.dat fixtures read exactly as trace-cmd reports them', () => {
  for (const [name, version, compression] of FIXTURES) {
    it(`${name}.dat: every record, in order, with its fields`, async () => {
      const trace = await openTrace<unknown>(join(DIR, `${name}.dat`))
      expect(trace.version).toBe(version)
      expect(trace.compression).toBe(compression)
      expect(trace.endianness).toBe('little')
      expect(trace.pageSize).toBe(4096)
      expect(trace.longSize).toBe(8)
      expect(trace.clock).toBe('local')
      expect(trace.uname).toMatch(/^Linux /)
      expect(trace.traceCmdVersion).toMatch(/^3\.1\.6/)
      expect(trace.schema.find('sched', 'sched_switch')).toBeDefined()
      const report = readFileSync(join(DIR, `${name}.report.txt`), 'utf8')
      expect(`cpus=${trace.cpuCount}`).toBe(report.split('\n')[0])
      const truth = readTruth(join(DIR, `${name}.records.jsonl`))
      expect(truth.length).toBeGreaterThan(500)
      const records = [...trace.records('*')]
      expect(records.length).toBe(truth.length)
      const problems: string[] = []
      records.forEach((r, i) => {
        const t = truth[i]!
        const ours = head(r)
        const theirs = head({ ...t, ts: t.ts })
        if (ours !== theirs) problems.push(`#${i}: ${ours} / trace-cmd: ${theirs}`)
        else for (const p of fieldProblems(trace, r, t)) problems.push(`#${i} ${r.name}: ${p}`)
      })
      expect(problems.slice(0, 10)).toEqual([])
    })
  }
})

describe('the zlib fixture', () => {
  // Debian's trace-cmd 3.1.6 writes (and reads) zstd only: v7-zlib.dat is v7-zstd.dat with every
  // section and chunk compressed again with zlib (scripts/fixtures/recompress-zlib.mjs).
  it('reads to exactly the records of its zstd twin', async () => {
    const [zlib, zstd] = await Promise.all([openTrace(join(DIR, 'v7-zlib.dat')), openTrace(join(DIR, 'v7-zstd.dat'))])
    expect(zlib.compression).toBe('zlib')
    expect(zstd.compression).toBe('zstd')
    expect(zlib.schema.events).toEqual(zstd.schema.events)
    expect([...zlib.cmdlines]).toEqual([...zstd.cmdlines])
    expect(zlib.kallsyms).toBe(zstd.kallsyms)
    expect(zlib.printk).toBe(zstd.printk)
    const line = (r: { ts: bigint; cpu: number; id: number; instance: string; payload: Uint8Array }) =>
      `${r.ts} ${r.cpu} ${r.instance} ${r.id} ${Buffer.from(r.payload).toString('hex')}`
    const a = [...zlib.records('*')].map(line)
    const b = [...zstd.records('*')].map(line)
    expect(a.length).toBeGreaterThan(500)
    expect(a).toEqual(b)
  })
})

describe('iterate(): the reused-record walk', () => {
  it.each(['v6', 'v7-zstd', 'v7-instance'])('%s: the same records, in the same order, as records()', async (name) => {
    const trace = await openTrace(join(DIR, `${name}.dat`))
    const text = (r: {
      ts: bigint
      cpu: number
      instance: string
      id: number
      payload: Uint8Array
      pid: number
      fields: object
    }) =>
      `${r.ts} ${r.cpu} ${r.instance} ${r.id} ${Buffer.from(r.payload).toString('hex')} ${r.pid} ${JSON.stringify(r.fields, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`
    const walked: string[] = []
    trace.iterate((r) => void walked.push(text(r)), '*')
    const listed = [...trace.records('*')].map(text)
    expect(walked.length).toBeGreaterThan(500)
    expect(walked).toEqual(listed)
    let seen = 0
    trace.iterate(() => ++seen < 10)
    expect(seen).toBe(10)
  })
})

describe('host/guest fixtures (test/fixtures/peer): options and corrected time stamps', () => {
  const PEER = join(ROOT, 'test/fixtures/peer')
  for (const prefix of ['net', 'net7']) {
    it(`${prefix}-guest.dat: TIME_SHIFT read and applied (and not with raw time stamps)`, async () => {
      const guest = await openTrace<unknown>(join(PEER, `${prefix}-guest.dat`))
      const host = await openTrace<unknown>(join(PEER, `${prefix}-host.dat`))
      expect(guest.traceId).not.toBe(0n)
      expect(host.traceId).toBe(0n) // no top instance on the host: no TRACEID
      expect(host.options.guests).toEqual([{ name: '127.0.0.1', traceId: guest.traceId, cpuPid: [-1, -1] }])
      const shift = guest.options.timeShift!
      expect(shift.flags).toBe(1)
      expect(shift.cpus).toHaveLength(2)
      for (const cpu of shift.cpus) {
        expect(cpu.times).toHaveLength(2)
        expect(cpu.scalings).toEqual([1n, 1n])
        expect(cpu.fractions).toEqual([0n, 0n])
      }
      for (const [trace, truthFile] of [
        [guest, `${prefix}-guest.records.jsonl`],
        [
          await openTrace<unknown>(join(PEER, `${prefix}-guest.dat`), { timestamps: { raw: true } }),
          `${prefix}-guest.raw-ts.records.jsonl`,
        ],
        [host, `${prefix}-host.records.jsonl`],
      ] as const) {
        const truth = readTruth(join(PEER, truthFile))
        const records = [...trace.records('*')]
        expect(records.length, truthFile).toBe(truth.length)
        const problems: string[] = []
        records.forEach((r, i) => {
          const t = truth[i]!
          if (head(r) !== head(t)) problems.push(`${truthFile} #${i}: ${head(r)} / trace-cmd: ${head(t)}`)
          else for (const p of fieldProblems(trace, r, t)) problems.push(`${truthFile} #${i} ${r.name}: ${p}`)
        })
        expect(problems.slice(0, 10)).toEqual([])
      }
    })
  }
})

describe('options and metadata', () => {
  it('v7-instance.dat: CPU stats per instance, buffers, sections with their descriptions, CPU count, trace id', async () => {
    const trace = await openTrace(join(DIR, 'v7-instance.dat'))
    expect(trace.instances).toEqual(['', 'fixture'])
    expect(trace.options.cpuCount).toBe(2)
    expect(trace.traceId).not.toBe(0n)
    expect(trace.options.cpuStats.map((s) => `${s.instance}:${s.cpu}`)).toEqual([':0', ':1', 'fixture:0', 'fixture:1'])
    expect(Object.keys(trace.options.cpuStats[0]!.values)).toEqual([
      'entries',
      'overrun',
      'commit overrun',
      'bytes',
      'oldest event ts',
      'now ts',
      'dropped events',
      'read events',
    ])
    expect(trace.buffers.map((b) => [b.name, b.clock, b.pageSize, b.compressed, b.cpus.length])).toEqual([
      ['', 'local', 4096, false, 2],
      ['fixture', 'local', 4096, false, 2],
    ])
    expect(trace.sections.find((s) => s.id === 16)?.description).toBe('headers')
    expect(trace.sections.find((s) => s.id === 21)?.description).toBe('command lines')
    expect(trace.cmdlines.size).toBeGreaterThan(100)
    expect(trace.symbols.name(trace.symbols.find(0xffffffffffffffffn)!.address)).toBeDefined()
    // Per CPU and per instance.
    const all = [...trace.records('*')]
    for (const instance of ['', 'fixture']) {
      for (const cpu of [0, 1]) {
        const mine = all.filter((r) => r.instance === instance && r.cpu === cpu).map((r) => r.ts)
        expect([...trace.cpuRecords(cpu, instance)].map((r) => r.ts)).toEqual(mine)
      }
      expect([...trace.records(instance)].length).toBe(all.filter((r) => r.instance === instance).length)
    }
  })

  it('v6.dat and v7-zstd.dat: the formats as a schema, the kernel long size, trace-cmd version', async () => {
    for (const name of ['v6.dat', 'v7-zstd.dat']) {
      const trace = await openTrace(join(DIR, name))
      expect(trace.schema.errors).toEqual([])
      expect(trace.schema.get('raw_syscalls', 'sys_enter').fields.find((f) => f.name === 'args')?.value).toBe(
        'bigint[]',
      )
      expect(trace.formatTexts.formats.length).toBe(trace.schema.events.length)
      expect(trace.options.traceClock).toMatch(/\[local\]/)
    }
  })
})
