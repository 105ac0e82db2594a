import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readTrace } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'

/**
 * A small version-6 file rebuilt from the real v6 fixture: the same headers,
 * the formats of the recorded events, the cmdlines and the first pages of each
 * CPU, without kallsyms. Mutating it is cheap, so it carries the property tests.
 */
export function smallV6(pagesPerCpu = 2): Uint8Array {
  const src = readFileSync(join(ROOT, 'test/fixtures/tracedat/v6.dat'))
  const trace = readTrace(new Uint8Array(src.buffer, src.byteOffset, src.byteLength))
  const parts: Buffer[] = []
  const u32 = (v: number) => {
    const b = Buffer.alloc(4)
    b.writeUInt32LE(v)
    return b
  }
  const u64 = (v: number) => {
    const b = Buffer.alloc(8)
    b.writeBigUInt64LE(BigInt(v))
    return b
  }
  const text = (s: string) => Buffer.from(s, 'latin1')
  parts.push(Buffer.from([0x17, 0x08, 0x44]), text('tracing'), text('6\0'), Buffer.from([0, 8]), u32(trace.pageSize))
  const hp = trace.schema.headerPage!.text
  const he = trace.schema.headerEvent!.text
  parts.push(text('header_page\0'), u64(hp.length), text(hp), text('header_event\0'), u64(he.length), text(he))
  const formatText = (name: string) => {
    const e = trace.schema.events.find((x) => x.name === name)!
    const fields = e.fields.map(
      (f) => `\tfield:${f.declaration};\toffset:${f.offset};\tsize:${f.size};\tsigned:${f.signed ? 1 : 0};\n`,
    )
    const common = fields.filter((_, i) => e.fields[i]!.common).join('')
    const own = fields.filter((_, i) => !e.fields[i]!.common).join('')
    return `name: ${e.name}\nID: ${e.id}\nformat:\n${common}\n${own}\nprint fmt: ${e.printFmt}\n`
  }
  const ftrace = trace.schema.eventsOf('ftrace').map((e) => formatText(e.name))
  parts.push(u32(ftrace.length), ...ftrace.flatMap((t) => [u64(t.length), text(t)]))
  const systems = trace.schema.systems.filter((s) => s !== 'ftrace')
  parts.push(u32(systems.length))
  for (const s of systems) {
    const formats = trace.schema.eventsOf(s).map((e) => formatText(e.name))
    parts.push(text(`${s}\0`), u32(formats.length), ...formats.flatMap((t) => [u64(t.length), text(t)]))
  }
  parts.push(u32(0), u32(0))
  const cmdlines = [...trace.cmdlines].map(([pid, comm]) => `${pid} ${comm}\n`).join('')
  parts.push(u64(cmdlines.length), text(cmdlines), u32(trace.cpuCount), text('flyrecord\0'))
  const head = Buffer.concat(parts)
  const tableSize = trace.cpuCount * 16
  let offset = Math.ceil((head.length + tableSize) / trace.pageSize) * trace.pageSize
  const data: Buffer[] = []
  const table: Buffer[] = []
  for (const cpu of trace.buffers[0]!.cpus) {
    const size = Math.min(cpu.size, pagesPerCpu * trace.pageSize)
    table.push(u64(offset), u64(size))
    data.push(Buffer.from(src.subarray(cpu.offset, cpu.offset + size)))
    offset += size
  }
  const tableBuf = Buffer.concat(table)
  const pad = Buffer.alloc(
    Math.ceil((head.length + tableSize) / trace.pageSize) * trace.pageSize - head.length - tableSize,
  )
  return new Uint8Array(Buffer.concat([head, tableBuf, pad, ...data]))
}
