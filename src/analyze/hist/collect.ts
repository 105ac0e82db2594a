import type { RecordFilter } from '../kernel-filter.js'
import { readField } from '../records.js'
import type { FieldSource } from '../records.js'
import { bucketStart, keyString, log2Bucket, u64 } from './hist-field.js'
import type { HistFieldSpec } from './hist-field.js'

/** One key of an entry: what a row shows, and what sorting and the kernel's text use. */
export interface KeyPart {
  /** The row's value. */
  readonly value: unknown
  /** Numeric keys: the kernel's u64 slot. */
  readonly slot: bigint
  /** String keys: the text. */
  readonly text: string | undefined
}

/** One entry of the table. */
export interface Entry {
  readonly key: readonly KeyPart[]
  hitcount: number
  readonly sums: bigint[]
  /** `.execname`: the task's name when the entry was made. */
  readonly comm: string | undefined
}

/** The table as the kernel's tracing map holds it: entries in the order they were made, hits and drops. */
export interface Table {
  readonly entries: Entry[]
  hits: number
  dropped: number
}

/**
 * Counts records into a table: one entry per distinct key (all keys
 * together), hitcount and value sums per entry; a record whose new key finds
 * the table full is dropped, as the kernel does.
 */
export function collect(
  records: Iterable<FieldSource>,
  keys: readonly HistFieldSpec[],
  values: readonly HistFieldSpec[],
  filter: RecordFilter,
  size: number,
): Table {
  const byKey = new Map<string, Entry>()
  const table: Table = { entries: [], hits: 0, dropped: 0 }
  for (const record of records) {
    if (!filter((f) => readField(record, f))) continue
    const parts = keys.map((k) => keyPart(record, k))
    const id = parts.map((p) => (p.text !== undefined ? `s${p.text}` : String(p.slot))).join('\0')
    let entry = byKey.get(id)
    if (!entry) {
      if (table.entries.length >= size) {
        table.dropped++
        continue
      }
      entry = { key: parts, hitcount: 0, sums: values.map(() => 0n), comm: record.comm }
      byKey.set(id, entry)
      table.entries.push(entry)
    }
    table.hits++
    entry.hitcount++
    for (let i = 0; i < values.length; i++) entry.sums[i]! += sumOf(readField(record, values[i]!.name))
  }
  return table
}

function sumOf(value: unknown): bigint {
  return typeof value === 'bigint' ? value : typeof value === 'number' ? BigInt(Math.trunc(value)) : 0n
}

function keyPart(record: FieldSource, key: HistFieldSpec): KeyPart {
  const raw = readField(record, key.modifier === 'usecs' ? 'common_timestamp.usecs' : key.name)
  if (key.modifier === undefined && (typeof raw === 'string' || raw instanceof Uint8Array)) {
    const text = keyString(raw)
    return { value: text, slot: 0n, text }
  }
  const slot = u64(raw)
  switch (key.modifier) {
    case 'log2': {
      const power = log2Bucket(slot)
      return { value: power, slot: BigInt(power), text: undefined }
    }
    case 'buckets': {
      const start = bucketStart(slot, key.buckets)
      return { value: typeof raw === 'number' ? Number(start) : start, slot: start, text: undefined }
    }
    default:
      return { value: raw, slot, text: undefined }
  }
}
