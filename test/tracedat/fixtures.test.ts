import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openTrace } from '../../src/index.js'
import type { FieldFormat, TraceRecord } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'

// Fixtures recorded by Debian's trace-cmd 3.1.6 (scripts/fixtures/record-tracedat.sh) with
// their ground truth from `trace-cmd report -R -t`: every record must come out the same, in
// the same order, with the same nanosecond time stamp, CPU, task, event and field values.
const DIR = join(ROOT, 'test/fixtures/tracedat')

interface ReportLine {
  instance: string
  comm: string
  pid: number
  cpu: number
  ts: bigint
  event: string
  fields: string
}

function parseReport(text: string): ReportLine[] {
  const out: ReportLine[] = []
  for (const line of text.split('\n')) {
    const m = /^(?:(\w+):)?\s*(.*)-(\d+)\s+\[(\d+)\]\s+(\d+)\.(\d{9}):\s+(\S+):\s?(.*)$/.exec(line)
    if (!m) continue
    out.push({ instance: m[1] ?? '', comm: m[2]!, pid: Number(m[3]), cpu: Number(m[4]), ts: BigInt(m[5]!) * 1_000_000_000n + BigInt(m[6]!), event: m[7]!, fields: m[8]!.trim() })
  }
  return out
}

/**
 * Every field of our record against the text trace-cmd printed for it: the
 * text is split at the known field names; numbers compare by value (trace-cmd
 * prints some padded or in hex, as the event's print format says), strings as
 * text, arrays byte for byte.
 */
function fieldProblems(r: TraceRecord, text: string): string[] {
  const fields = r.event.fields.filter((f) => !f.common)
  const problems: string[] = []
  let rest = text
  fields.forEach((f, i) => {
    const start = rest.indexOf(`${f.name}=`)
    if (start < 0) {
      problems.push(`no '${f.name}=' in '${text}'`)
      return
    }
    const next = fields[i + 1]
    const after = rest.slice(start + f.name.length + 1)
    const end = next ? after.indexOf(` ${next.name}=`) : -1
    const value = end < 0 ? after : after.slice(0, end)
    rest = end < 0 ? '' : after.slice(end + 1)
    const ours = r.field(f.name)
    if (r.system === 'ftrace' && r.name === 'print' && f.name === 'ip') return // printed as a symbol
    if (typeof ours === 'number' || typeof ours === 'bigint') {
      const v = value.trim()
      const parsed = /^-?0x[0-9a-f]+$/i.test(v) ? BigInt(v) : /^-?\d+$/.test(v) ? BigInt(v) : undefined
      const bits = BigInt(f.size * 8)
      if (parsed === undefined || BigInt.asUintN(Number(bits), parsed) !== BigInt.asUintN(Number(bits), BigInt(ours))) problems.push(`${f.name}: ours ${ours}, trace-cmd '${v}'`)
    } else if (typeof ours === 'string') {
      const v = r.name === 'print' ? value.replace(/\n$/, '') : value
      const o = r.name === 'print' ? ours.replace(/\n$/, '') : ours
      if (v.startsWith('ARRAY[') ? !bytesEqual(v, r, f) : v !== o) problems.push(`${f.name}: ours '${ours}', trace-cmd '${v}'`)
    } else if (value.startsWith('ARRAY[')) {
      if (!bytesEqual(value, r, f)) problems.push(`${f.name}: bytes differ: '${value}'`)
    } else if (ours instanceof Uint8Array) {
      const nul = ours.indexOf(0)
      const asText = new TextDecoder('latin1').decode(nul < 0 ? ours : ours.subarray(0, nul))
      if (asText !== value) problems.push(`${f.name}: ours '${asText}', trace-cmd '${value}'`)
    }
  })
  return problems
}

function bytesEqual(text: string, r: TraceRecord, f: FieldFormat): boolean {
  const want = (/^ARRAY\[(.*)\]$/.exec(text)?.[1] ?? '').split(', ').filter(Boolean).map((h) => parseInt(h, 16))
  const data = r.payload
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  let offset = f.offset
  let len = f.size
  if (f.dynamic) {
    const loc = view.getUint32(f.offset, true)
    offset = loc & 0xffff
    len = loc >>> 16
  }
  const got = [...data.subarray(offset, offset + len)]
  return got.length === want.length && got.every((b, i) => b === want[i])
}

describe('trace.dat fixtures read exactly as trace-cmd reports them', () => {
  for (const [name, version, compression] of [['v6', 6, 'none'], ['v7', 7, 'none'], ['v7-zstd', 7, 'zstd'], ['v7-instance', 7, 'none']] as const) {
    it(`${name}.dat: every record`, async () => {
      const trace = await openTrace(join(DIR, `${name}.dat`))
      expect(trace.version).toBe(version)
      expect(trace.compression).toBe(compression)
      expect(trace.littleEndian).toBe(true)
      expect(trace.pageSize).toBe(4096)
      expect(trace.clock).toBe('local')
      expect(trace.uname).toMatch(/^Linux /)
      expect(trace.traceCmdVersion).toMatch(/^3\.1\.6/)
      expect(trace.schema.find("sched", "sched_switch")).toBeDefined()
      const expected = parseReport(readFileSync(join(DIR, `${name}.report.txt`), 'utf8'))
      expect(expected.length).toBeGreaterThan(500)
      const records = [...trace.records('*')]
      expect(records.length).toBe(expected.length)
      const problems: string[] = []
      records.forEach((r, i) => {
        const e = expected[i]!
        const head = `${r.instance}:${r.comm ?? '<...>'}-${r.pid} [${r.cpu}] ${r.ts} ${r.name}`
        const want = `${e.instance}:${e.comm}-${e.pid} [${e.cpu}] ${e.ts} ${e.event}`
        if (head !== want) problems.push(`#${i}: ${head} / trace-cmd: ${want}`)
        else for (const p of fieldProblems(r, e.fields)) problems.push(`#${i} ${r.name}: ${p}`)
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
    const a = [...zlib.records('*')]
    const b = [...zstd.records('*')]
    expect(a.length).toBe(b.length)
    expect(a.length).toBeGreaterThan(500)
    a.forEach((r, i) => {
      const s = b[i]!
      expect([r.ts, r.cpu, r.id, Buffer.from(r.payload).toString('hex')]).toEqual([s.ts, s.cpu, s.id, Buffer.from(s.payload).toString('hex')])
    })
  })
})

describe('iterate(): the reused-record walk', () => {
  it.each(['v6', 'v7-zstd', 'v7-instance'])('%s: the same records, in the same order, as records()', async (name) => {
    const trace = await openTrace(join(DIR, `${name}.dat`))
    const walked: string[] = []
    trace.iterate((r) => void walked.push(`${r.ts} ${r.cpu} ${r.instance} ${r.id} ${Buffer.from(r.payload).toString('hex')} ${String(r.field('common_pid'))}`), '*')
    const listed = [...trace.records('*')].map((r) => `${r.ts} ${r.cpu} ${r.instance} ${r.id} ${Buffer.from(r.payload).toString('hex')} ${String(r.field('common_pid'))}`)
    expect(walked.length).toBeGreaterThan(500)
    expect(walked).toEqual(listed)
    let seen = 0
    trace.iterate(() => ++seen < 10)
    expect(seen).toBe(10)
  })
})
