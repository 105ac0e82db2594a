import { TypedFtraceError } from '../errors.js'
import type { HistDefinition, HistFieldRef } from '../compile/hist-trigger.js'

/** One histogram of a `hist` file: its trigger line and its text. */
export interface HistSection {
  /** The trigger as the kernel prints it back: `hist:keys=...:vals=...:sort=...:size=N[ if ...] [active]`. */
  readonly trigger: string
  /** The section's text, header to totals. */
  readonly text: string
  /** `[paused]` rather than `[active]`. */
  readonly paused: boolean
}

/** An entry of the kernel's table, parsed: keys by field, hitcount, sums by field. */
export interface ParsedHistRow {
  readonly key: Readonly<Record<string, unknown>>
  readonly hitcount: number
  readonly values: Readonly<Record<string, bigint>>
}

/** A histogram the kernel computed: entries in its order, and its totals. */
export interface ParsedHist {
  readonly rows: readonly ParsedHistRow[]
  /** `Hits:`: events counted. */
  readonly hits: number
  /** `Entries:`. */
  readonly entries: number
  /** `Dropped:`: events whose new key found the table full. */
  readonly dropped: number
}

/** The histograms of a `hist` file, one per hist trigger of the event, in the kernel's order. */
export function histSections(text: string): HistSection[] {
  return text
    .split(/\n\n(?=# event histogram\n)/)
    .filter((t) => t.startsWith('# event histogram'))
    .map((t) => {
      const trigger = /^# trigger info: (.*)$/m.exec(t)?.[1] ?? ''
      return { trigger, text: t.endsWith('\n') ? t : `${t}\n`, paused: trigger.endsWith(' [paused]') }
    })
}

/**
 * Whether a trigger line the kernel printed is this definition's hist: the
 * same name (printed right after `hist:` as `name=<name>:`, as 6.1 does, or `<name>:`), keys, values and
 * filter. The kernel adds `vals=hitcount`, its own sort and size and
 * `[active]`/`[paused]`.
 */
export function isTriggerOf(trigger: string, def: HistDefinition): boolean {
  const m = /^hist:(?:(?:name=)?(\w+):)?keys=([^:]*)(.*?)(?: if (.*?))? \[(?:active|paused)\]$/.exec(trigger)
  if (!m) return false
  const [, name, keys, rest, filter] = m
  if ((name ?? undefined) !== def.name) return false
  if (keys !== def.keys.map((k) => k.spec).join(',')) return false
  const vals = /:vals=([^:]*)/.exec(rest ?? '')?.[1]?.split(',') ?? []
  if (def.values.some((v) => !vals.includes(v.spec))) return false
  const ours = def.filter.text === '' ? undefined : def.filter.text + ')'.repeat(def.filter.openParens)
  return (filter ?? undefined) === ours
}

/**
 * Parses one section of a `hist` file into rows typed by the definition's
 * keys and values: numbers and bigints as the event's fields hold them
 * (signed fields signed), strings without their padding, `.log2` its power
 * of two, `.buckets=N` the bucket's first value, `.hex`/`.sym` the address,
 * `.execname` the pid, `.syscall` the number. Values printed as `.percent` or
 * `.graph` are left out (the kernel prints no sum for them).
 */
export function parseHistSection(text: string, def: HistDefinition): ParsedHist {
  const { rows, hits, entries, dropped } = parseTotals(text, (line) => parseEntry(line, def))
  return { rows, hits, entries, dropped }
}

/** The entries (each `{ ` line, parsed by `entry`) and the totals of a section. */
export function parseTotals<Row>(
  text: string,
  entry: (line: string) => Row,
): { rows: Row[]; hits: number; entries: number; dropped: number } {
  const rows: Row[] = []
  let hits = 0
  let entries = 0
  let dropped = 0
  for (const line of text.split('\n')) {
    if (line.startsWith('{ ')) rows.push(entry(line))
    else {
      const total = /^\s+(Hits|Entries|Dropped): (\d+)$/.exec(line)
      if (total) {
        const n = Number(total[2])
        if (total[1] === 'Hits') hits = n
        else if (total[1] === 'Entries') entries = n
        else dropped = n
      }
    }
  }
  return { rows, hits, entries, dropped }
}

/** One `{ key } hitcount: N  value: N` line of a `hist` file, keys and values typed by the definition. */
export function parseEntry(line: string, def: HistDefinition): ParsedHistRow {
  const end = line.lastIndexOf(' } hitcount: ')
  if (end < 0) throw new TypedFtraceError('EPROTO', `not a hist entry: ${JSON.stringify(line)}`)
  const keyText = line.slice(2, end)
  const after = line.slice(end + ' } hitcount: '.length)
  const key: Record<string, unknown> = {}
  let at = 0
  def.keys.forEach((k, i) => {
    const label = `${k.name}: `
    if (!keyText.startsWith(label, at))
      throw new TypedFtraceError('EPROTO', `hist entry without key '${k.name}': ${JSON.stringify(line)}`)
    at += label.length
    const next = def.keys[i + 1]
    const stop = next === undefined ? keyText.length : keyText.indexOf(`, ${next.name}: `, at)
    if (stop < 0)
      throw new TypedFtraceError('EPROTO', `hist entry without key '${next!.name}': ${JSON.stringify(line)}`)
    key[k.name] = keyValue(keyText.slice(at, stop), k)
    at = stop + 2
  })
  const hitcount = Number(/^\s*(\d+)/.exec(after)?.[1] ?? NaN)
  const values: Record<string, bigint> = {}
  const printed = new Map<string, string>()
  for (const m of after.matchAll(/ {2}([\w.]+)(?: \(%\))?: +(\S+)/g)) if (!printed.has(m[1]!)) printed.set(m[1]!, m[2]!)
  for (const v of def.values) {
    if (v.name === 'hitcount' || v.modifier === 'percent' || v.modifier === 'graph') continue
    const text = printed.get(v.name)
    if (text === undefined) continue
    values[v.name] = v.modifier === 'hex' ? BigInt(`0x${text}`) : BigInt(text)
  }
  return { key, hitcount, values }
}

/** A key's text as the row's value. */
function keyValue(text: string, k: HistFieldRef): unknown {
  const trimmed = text.trim()
  switch (k.modifier) {
    case 'log2':
      return Number(/^~ 2\^(\d+)/.exec(trimmed)?.[1])
    case 'buckets':
      return asField(BigInt(/^~ (\d+)-/.exec(trimmed)?.[1] ?? '0'), k)
    case 'hex':
      return asField(BigInt(`0x${trimmed}`), k)
    case 'sym':
    case 'sym-offset':
      return asField(BigInt(`0x${/^\[([0-9a-f]+)\]/.exec(trimmed)?.[1] ?? '0'}`), k)
    case 'execname':
    case 'syscall':
      return asField(BigInt(/\[\s*(\d+)\]$/.exec(trimmed)?.[1] ?? '0'), k)
    case 'usecs':
      return BigInt(trimmed)
    default:
      if (k.value === 'string') return text.replace(/ +$/, '')
      return asField(BigInt(trimmed), k)
  }
}

/** The kernel's u64 slot as the field's own value: signed fields signed, numbers as numbers. */
export function asField(slot: bigint, k: Pick<HistFieldRef, 'size' | 'signed' | 'value'>): number | bigint {
  const bits = Math.min(64, Math.max(8, k.size * 8))
  const value = k.signed ? BigInt.asIntN(bits, slot) : BigInt.asUintN(bits, slot)
  return k.value === 'number' ? Number(value) : value
}
