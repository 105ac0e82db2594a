import { TypedFtraceError } from '../../errors.js'
import type { Entry } from './collect.js'
import type { HistFieldSpec } from './hist-field.js'

/** A sort field resolved: hitcount, a key (by index) or a value (by index), and the direction. */
export interface SortKey {
  readonly kind: 'hitcount' | 'key' | 'value'
  readonly index: number
  readonly descending: boolean
  /** As the trigger prints it: `hitcount`, `delta.log2`, `prio.descending`. */
  readonly text: string
}

/**
 * Resolves sort fields with the kernel's rules: at most two, each `hitcount`
 * or one of the keys or values (named bare or with its modifier), with
 * `.ascending` (the default) or `.descending`.
 */
export function sortKeys(
  specs: readonly string[],
  keys: readonly HistFieldSpec[],
  values: readonly HistFieldSpec[],
): SortKey[] {
  if (specs.length > 2) throw new TypedFtraceError('EINVAL', 'Too many sort fields (Max = 2)')
  return (specs.length === 0 ? ['hitcount'] : specs).map((spec) => {
    const m = /^(.*?)(?:\.(ascending|descending))?$/.exec(spec)!
    const name = m[1]!
    const descending = m[2] === 'descending'
    const suffix = descending ? '.descending' : ''
    if (name === 'hitcount') return { kind: 'hitcount', index: 0, descending, text: `hitcount${suffix}` }
    const find = (list: readonly HistFieldSpec[]) => list.findIndex((f) => f.spec === name || f.name === name)
    const key = find(keys)
    if (key >= 0) return { kind: 'key', index: key, descending, text: `${keys[key]!.spec}${suffix}` }
    const value = find(values)
    if (value >= 0) return { kind: 'value', index: value, descending, text: `${values[value]!.spec}${suffix}` }
    throw new TypedFtraceError('EINVAL', `Sort field must be a key or a val: '${spec}'`)
  })
}

/**
 * Sorts entries as the kernel prints them: by the first sort field, then the
 * second. Numeric keys compare by value (signed fields as signed), string
 * keys as bytes, sums as u64. Entries equal on every sort field keep the
 * order they were made in (the kernel's order among them follows its hash
 * table, which is not reproduced).
 */
export function sortEntries(entries: readonly Entry[], sort: readonly SortKey[]): Entry[] {
  const compare = (a: Entry, b: Entry): number => {
    for (const s of sort) {
      const c = compareBy(a, b, s)
      if (c !== 0) return s.descending ? -c : c
    }
    return 0
  }
  return [...entries].sort(compare)
}

function compareBy(a: Entry, b: Entry, s: SortKey): number {
  switch (s.kind) {
    case 'hitcount':
      return a.hitcount - b.hitcount
    case 'value':
      return cmp(BigInt.asUintN(64, a.sums[s.index]!), BigInt.asUintN(64, b.sums[s.index]!))
    case 'key': {
      const x = a.key[s.index]!
      const y = b.key[s.index]!
      if (x.text !== undefined && y.text !== undefined) return x.text < y.text ? -1 : x.text > y.text ? 1 : 0
      const xv = typeof x.value === 'number' || typeof x.value === 'bigint' ? x.value : x.slot
      const yv = typeof y.value === 'number' || typeof y.value === 'bigint' ? y.value : y.slot
      return cmp(xv, yv)
    }
  }
}

function cmp(a: number | bigint, b: number | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0
}
