import type { Entry, Table } from './collect.js'
import type { HistFieldSpec } from './hist-field.js'
import type { SortKey } from './sort-entries.js'

/** Options of the kernel's text form. */
export interface HistTextOptions {
  /**
   * Names a code address for `.sym` and `.sym-offset` keys: the symbol at or
   * below it (a trace.dat's `trace.symbols.find` fits). Without it, or when
   * it finds nothing, the address is printed as the kernel prints an unknown
   * one (`0x...`).
   */
  readonly symbol?: (
    address: bigint,
  ) => { readonly name: string; readonly address: bigint; readonly size?: bigint } | undefined
  /** `[paused]` instead of `[active]` in the trigger line. */
  readonly paused?: boolean
}

/** What the text needs besides the entries. */
export interface HistLayout {
  readonly keys: readonly HistFieldSpec[]
  readonly values: readonly HistFieldSpec[]
  readonly sort: readonly SortKey[]
  readonly size: number
  readonly filter: string | undefined
}

const u10 = (n: bigint | number) => String(n).padStart(10)

/** The trigger as the kernel prints it back: `hist:keys=...:vals=hitcount,...:sort=...:size=N[ if filter] [active]`. */
export function triggerInfo(layout: HistLayout, options: HistTextOptions = {}): string {
  const keys = layout.keys.map((k) => k.spec).join(',')
  const vals = ['hitcount', ...layout.values.map((v) => v.spec)].join(',')
  const sort = layout.sort.map((s) => s.text).join(',')
  const clock = layout.keys.some((k) => k.name === 'common_timestamp') ? ':clock=global' : ''
  const filter = layout.filter !== undefined ? ` if ${layout.filter}` : ''
  return `hist:keys=${keys}:vals=${vals}:sort=${sort}:size=${layout.size}${clock}${filter} ${options.paused ? '[paused]' : '[active]'}`
}

/**
 * One histogram as the kernel's `hist` file prints it: the header with the
 * trigger, one line per entry (`{ key: value, ... } hitcount: N  value: N`),
 * then the `Totals:` block with `Hits:`, `Entries:` and `Dropped:`.
 */
export function kernelText(
  table: Table,
  sorted: readonly Entry[],
  layout: HistLayout,
  options: HistTextOptions = {},
): string {
  let text = `# event histogram\n#\n# trigger info: ${triggerInfo(layout, options)}\n#\n\n`
  for (const entry of sorted) text += entryLine(entry, layout, options)
  return `${text}\nTotals:\n    Hits: ${table.hits}\n    Entries: ${sorted.length}\n    Dropped: ${table.dropped}\n`
}

function entryLine(entry: Entry, layout: HistLayout, options: HistTextOptions): string {
  const keys = layout.keys.map((k, i) => keyText(k, entry, i, options)).join(', ')
  const values = layout.values.map((v, i) => {
    const sum = BigInt.asUintN(64, entry.sums[i]!)
    return `  ${v.name}: ${v.modifier === 'hex' ? sum.toString(16).padStart(10) : u10(sum)}`
  })
  return `{ ${keys} } hitcount: ${u10(entry.hitcount)}${values.join('')}\n`
}

function keyText(key: HistFieldSpec, entry: Entry, index: number, options: HistTextOptions): string {
  const part = entry.key[index]!
  const hex = part.slot.toString(16)
  switch (key.modifier) {
    case 'hex':
      return `${key.name}: ${hex}`
    case 'sym':
      return `${key.name}: [${hex}] ${symbolText(part.slot, false, options).padEnd(45)}`
    case 'sym-offset':
      return `${key.name}: [${hex}] ${symbolText(part.slot, true, options).padEnd(55)}`
    case 'execname':
      return `${key.name}: ${(entry.comm ?? '<...>').padEnd(16)}[${u10(part.slot)}]`
    case 'log2':
      return `${key.name}: ~ 2^${String(part.slot).padEnd(2)}`
    case 'buckets':
      return `${key.name}: ~ ${part.slot}-${part.slot + BigInt(key.buckets) - 1n}`
    default:
      return part.text !== undefined ? `${key.name}: ${part.text.padEnd(50)}` : `${key.name}: ${u10(part.slot)}`
  }
}

/** `%ps` / `%pS` of an address: `name`, or `name+0xoff/0xsize` (`/0xsize` only when the symbol's size is known). */
function symbolText(address: bigint, withOffset: boolean, options: HistTextOptions): string {
  const found = options.symbol?.(address)
  if (!found) return `0x${address.toString(16)}`
  return withOffset
    ? `${found.name}+0x${(address - found.address).toString(16)}${found.size !== undefined ? `/0x${found.size.toString(16)}` : ''}`
    : found.name
}
