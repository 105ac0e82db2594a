import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openTrace, writeTrace } from '../../src/index.js'
import type { TraceFile, TraceInput } from '../../src/index.js'
import { main } from '../../src/cli/main.js'
import { ensureApt } from '../helpers/native.js'
import { ROOT } from '../helpers/paths.js'

// The writer on its own: a trace-cmd fixture taken apart (formats, kallsyms, cmdlines, options
// and each CPU's raw pages) and written again must read back record for record, by our reader
// and by trace-cmd itself, in every version and compression.
const DIR = join(ROOT, 'test/fixtures/tracedat')
const work = mkdtempSync(join(tmpdir(), 'typed-ftrace-writer-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
const noTraceCmd = ensureApt('trace-cmd')
if (noTraceCmd) console.warn(`SKIPPED trace-cmd checks of the writer: ${noTraceCmd}`)

/** The parts of a trace-cmd file, as writeTrace takes them (its raw pages copied as they are). */
function partsOf(trace: TraceFile<unknown>, bytes: Uint8Array): TraceInput {
  const bySystem = new Map<string, string[]>()
  for (const [system, , text] of trace.formatTexts.formats) {
    if (system === 'ftrace') continue
    bySystem.set(system, [...(bySystem.get(system) ?? []), text])
  }
  return {
    headerPage: trace.formatTexts.headerPage!,
    headerEvent: trace.formatTexts.headerEvent!,
    ftraceFormats: trace.formatTexts.formats.filter(([s]) => s === 'ftrace').map(([, , t]) => t),
    eventFormats: [...bySystem].map(([system, formats]) => ({ system, formats })),
    kallsyms: trace.kallsyms,
    printk: trace.printk,
    cmdlines: [...trace.cmdlines].map(([pid, comm]) => `${pid} ${comm}\n`).join(''),
    cpuCount: trace.options.cpuCount ?? trace.cpuCount,
    clock: trace.clock,
    ...(trace.uname !== undefined ? { uname: trace.uname } : {}),
    writer: 'typed-ftrace test',
    traceId: trace.traceId,
    cpuStats: trace.options.cpuStats.map((s) => ({ instance: s.instance, cpu: s.cpu, text: s.text })),
    buffers: trace.buffers.map((b) => ({
      name: b.name,
      cpus: b.cpus.map((c) => ({ cpu: c.cpu, data: bytes.subarray(c.offset, c.offset + c.size) })),
    })),
  }
}

const line = (r: {
  ts: bigint
  cpu: number
  id: number
  instance: string
  payload: Uint8Array
  comm: string | undefined
}) => `${r.ts} ${r.cpu} ${r.instance} ${r.id} ${r.comm} ${Buffer.from(r.payload).toString('hex')}`

describe('writeTrace: a trace-cmd file written again', () => {
  const VARIANTS = [
    [7, 'zstd'],
    [7, 'none'],
    [6, 'none'],
  ] as const
  for (const [version, compression] of VARIANTS) {
    it(`v7-instance.dat as version ${version}, ${compression}: the same records, for us and for trace-cmd`, async () => {
      const source = join(DIR, 'v7-instance.dat')
      const original = await openTrace<unknown>(source)
      const parts = partsOf(original, readFileSync(source))
      const out = join(work, `again-${version}-${compression}.dat`)
      const written = await writeTrace(out, { ...parts, version, compression })
      expect(written.buffers.map((b) => b.name)).toEqual(['', 'fixture'])
      const again = await openTrace<unknown>(out)
      expect(again.version).toBe(version)
      expect(again.compression).toBe(compression)
      expect(again.instances).toEqual(['', 'fixture'])
      expect(again.traceId).toBe(original.traceId)
      expect(again.clock).toBe('local')
      expect(again.options.cpuStats.map((s) => `${s.instance}/${s.cpu}`)).toEqual(
        original.options.cpuStats.map((s) => `${s.instance}/${s.cpu}`),
      )
      const a = [...again.records('*')].map(line)
      const b = [...original.records('*')].map(line)
      expect(a.length).toBeGreaterThan(2000)
      expect(a).toEqual(b)
      if (noTraceCmd) return
      // trace-cmd prints exactly what it printed for the original.
      const report = execFileSync('trace-cmd', ['report', '-i', out, '-t', '-R'], {
        encoding: 'latin1',
        maxBuffer: 1 << 28,
      })
      expect(report).toBe(readFileSync(join(DIR, 'v7-instance.report.txt'), 'latin1'))
      execFileSync('trace-cmd', ['dump', '-i', out, '--options', '--flyrecord', '--clock', '--summary'], {
        stdio: 'ignore',
      })
    })
  }

  it('refuses what cannot be written, naming it', async () => {
    const original = await openTrace<unknown>(join(DIR, 'v7.dat'))
    const parts = partsOf(original, readFileSync(join(DIR, 'v7.dat')))
    const out = join(work, 'bad.dat')
    await expect(writeTrace(out, { ...parts, version: 6, compression: 'zstd' })).rejects.toThrow(
      /version 6 files are not compressed/,
    )
    await expect(
      writeTrace(out, { ...parts, buffers: [{ name: '', cpus: [{ cpu: 0, data: new Uint8Array(100) }] }] }),
    ).rejects.toThrow(/not a whole number of 4096-byte pages/)
    await expect(
      writeTrace(out, { ...parts, buffers: [{ name: '', cpus: [{ cpu: 7, data: new Uint8Array(0) }] }] }),
    ).rejects.toThrow(/CPU 7 is outside 0..1/)
  })
})

describe('writeTrace: edge cases written instead of edited', () => {
  it('task names that carry terminal escapes: typed-ftrace report shows them, never sends them', async () => {
    const source = join(DIR, 'v7.dat')
    const original = await openTrace<unknown>(source)
    const parts = partsOf(original, readFileSync(source))
    const hostile = [...original.cmdlines].map(([pid, comm]) => `${pid} ${comm}\u001b[31m\u009b2J\n`).join('')
    const out = join(work, 'escapes.dat')
    await writeTrace(out, { ...parts, cmdlines: Buffer.from(hostile, 'latin1') }) // the bytes ESC and CSI
    const text: string[] = []
    expect(await main(['report', out], { stdout: (t) => void text.push(t), stderr: () => {} })).toBe(0)
    const report = text.join('')
    // ESC is shown as text; byte 0x9b is CSI where it is read as Latin-1 (Node 20) and '›' where
    // TextDecoder reads 'latin1' as windows-1252 (Node 22 and later): shown as text, or harmless.
    expect(report).toContain('\\x1b[31m')
    expect(report).toMatch(/\\x1b\[31m(\\x9b|\u203a)2J/)
    expect(/[\u001b\u009b]/.test(report)).toBe(false)
    expect(report.split('\n').length).toBeGreaterThan(100)
  })

  it('a page marked as following lost events, an empty CPU and an empty instance', async () => {
    const source = join(DIR, 'v7.dat')
    const original = await openTrace<unknown>(source)
    const parts = partsOf(original, readFileSync(source))
    const cpu0 = original.buffers[0]!.cpus.find((c) => c.cpu === 0)!
    const pages = Uint8Array.from(readFileSync(source).subarray(cpu0.offset, cpu0.offset + cpu0.size))
    // A page with room after its data: 1234 events lost before it (RB_MISSED_EVENTS |
    // RB_MISSED_STORED, the count stored as a long right after the page's data), as the kernel
    // marks it.
    const at = [...Array(pages.length / 4096).keys()]
      .map((i) => i * 4096)
      .find((p) => p > 0 && 16 + (new DataView(pages.buffer, p).getUint32(8, true) & 0x7ffffff) + 8 <= 4096)
    expect(at).toBeDefined()
    const view = new DataView(pages.buffer, at)
    const commit = view.getUint32(8, true) & 0x7ffffff
    view.setUint32(8, commit | 0xc0000000, true)
    view.setBigUint64(16 + commit, 1234n, true)
    const out = join(work, 'edge.dat')
    await writeTrace(out, {
      ...parts,
      buffers: [
        { name: '', cpus: [{ cpu: 0, data: pages }] },
        { name: 'empty', cpus: [] },
      ],
    })
    const trace = await openTrace<unknown>(out)
    expect(trace.instances).toEqual(['', 'empty'])
    const records = [...trace.records('*')]
    expect(records.every((r) => r.cpu === 0)).toBe(true)
    expect(records.filter((r) => r.missedEvents !== 0).map((r) => r.missedEvents)).toEqual([1234])
    if (noTraceCmd) return
    const report = execFileSync('trace-cmd', ['report', '-i', out, '-t', '-R'], { encoding: 'latin1' })
    expect(report).toContain('CPU:0 [1234 EVENTS DROPPED]')
    expect(report.split('\n').filter((l) => /\[\d{3}\] +\d+\.\d+:/.test(l))).toHaveLength(records.length)
  })
})
