import { readFileSync } from 'node:fs'
import type { TraceFile, TraceRecord } from '../../src/index.js'

/** One record as trace-cmd printed it (`<fixture>.records.jsonl`, from `trace-cmd report -R -t`). */
export interface TruthRecord {
  instance: string
  cpu: number
  ts: string
  pid: number
  comm: string
  system: string
  event: string
  fields: Record<string, string>
  /** Events lost before this record (`CPU:N [N EVENTS DROPPED]`; -1 without a count). */
  dropped?: number
}

export function readTruth(path: string): TruthRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as TruthRecord)
}

const numeric = /^-?(0x[0-9a-fA-F]+|\d+)$/

/** The bytes of a value as the kernel stored them (little-endian). */
function bytesOf(value: unknown, elem: number): number[] {
  if (value instanceof Uint8Array) return [...value]
  if (typeof value === 'string') return [...Buffer.from(value, 'latin1')]
  if (Array.isArray(value)) {
    const out: number[] = []
    for (const v of value as (number | bigint)[]) {
      let x = BigInt.asUintN(elem * 8, BigInt(v))
      for (let i = 0; i < elem; i++, x >>= 8n) out.push(Number(x & 0xffn))
    }
    return out
  }
  return []
}

/**
 * Differences between our record's fields and trace-cmd's text of them:
 * numbers by value (trace-cmd prints some in hex or zero-padded), pointers
 * printed as symbols through the file's kallsyms, strings as text, arrays
 * byte for byte.
 */
export function fieldProblems(trace: TraceFile<unknown>, r: TraceRecord<unknown>, truth: TruthRecord): string[] {
  const problems: string[] = []
  const own = r.event.fields.filter((f) => !f.common)
  const names = Object.keys(truth.fields)
  if (names.join(',') !== own.map((f) => f.name).join(','))
    problems.push(`field names: ours ${own.map((f) => f.name).join(',')}, trace-cmd ${names.join(',')}`)
  for (const f of own) {
    const text = truth.fields[f.name]
    if (text === undefined) continue
    const ours = r.field(f.name)
    if (typeof ours === 'number' || typeof ours === 'bigint') {
      const bits = f.size * 8
      if (numeric.test(text)) {
        const theirs = text.startsWith('-') ? -BigInt(text.slice(1)) : BigInt(text)
        if (BigInt.asUintN(bits, theirs) !== BigInt.asUintN(bits, BigInt(ours)))
          problems.push(`${f.name}: ours ${ours}, trace-cmd ${text}`)
      } else if (trace.symbols.name(BigInt.asUintN(64, BigInt(ours))) !== text.replace(/\+0x[0-9a-f]+$/, '')) {
        problems.push(
          `${f.name}: ours ${ours} (${trace.symbols.name(BigInt.asUintN(64, BigInt(ours)))}), trace-cmd ${text}`,
        )
      }
    } else if (text.startsWith('ARRAY[')) {
      const want = (/^ARRAY\[(.*)\]$/.exec(text)?.[1] ?? '')
        .split(', ')
        .filter(Boolean)
        .map((h) => parseInt(h, 16))
      const elem = f.arrayLength ? f.size / f.arrayLength : f.value === 'bigint[]' ? 8 : f.value === 'number[]' ? 4 : 1
      let got = bytesOf(ours, elem)
      // A string field prints as an array of all its bytes, NULs included.
      if (typeof ours === 'string') {
        const p = r.payload
        const view = new DataView(p.buffer, p.byteOffset, p.byteLength)
        const loc = f.dynamic ? view.getUint32(f.offset, true) : 0
        const start = f.dynamic ? (loc & 0xffff) + (f.dynamic === 'rel_loc' ? f.offset + 4 : 0) : f.offset
        got = [...p.subarray(start, start + (f.dynamic ? loc >>> 16 : f.size))]
      }
      if (got.join() !== want.join())
        problems.push(`${f.name}: bytes ${got.map((b) => b.toString(16)).join(' ')}, trace-cmd ${text}`)
    } else if (typeof ours === 'string') {
      if (ours.replace(/\n$/, '') !== text.replace(/\n$/, ''))
        problems.push(`${f.name}: ours ${JSON.stringify(ours)}, trace-cmd ${JSON.stringify(text)}`)
    } else {
      problems.push(`${f.name}: ours ${String(ours)}, trace-cmd ${text}`)
    }
  }
  return problems
}

/** Our record in the same words as a truth line's head. */
export function head(r: {
  instance: string
  cpu: number
  ts: bigint | string
  pid: number
  comm: string | undefined
  system: string
  name?: string
  event?: unknown
  missedEvents?: number
  dropped?: number
}): string {
  return `${r.instance}|${r.cpu}|${r.ts}|${r.pid}|${r.comm ?? '<...>'}|${r.system}|${r.name ?? String(r.event)}|lost ${r.missedEvents ?? r.dropped ?? 0}`
}
