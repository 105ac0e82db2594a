import { TypedFtraceError } from '../../errors.js'
import type { FieldValue } from '../kernel-filter.js'

/** A key's or value's modifier, as the kernel names it after the dot. */
export type Modifier = 'hex' | 'sym' | 'sym-offset' | 'execname' | 'log2' | 'usecs' | 'buckets'

/** A key or value of a histogram, parsed. */
export interface HistFieldSpec {
  /** As written: `delta.buckets=10`. */
  readonly spec: string
  /** The field: `delta`. */
  readonly name: string
  readonly modifier: Modifier | undefined
  /** For `.buckets=N`: N. */
  readonly buckets: number
}

const KEY_MODIFIERS: readonly Modifier[] = ['hex', 'sym', 'sym-offset', 'execname', 'log2', 'usecs', 'buckets']

/**
 * Reads `field[.modifier]` with the kernel's rules: `.execname` only on
 * `common_pid`, `.usecs` only on `common_timestamp`, `.buckets=N` with N > 0;
 * values take only `.hex`.
 */
export function parseHistField(spec: string, role: 'key' | 'value'): HistFieldSpec {
  const dot = spec.indexOf('.')
  const name = dot < 0 ? spec : spec.slice(0, dot)
  const text = dot < 0 ? undefined : spec.slice(dot + 1)
  const bad = (why: string) => new TypedFtraceError('EINVAL', `Invalid field modifier: '${spec}' (${why})`)
  if (name === '' || !/^[A-Za-z_]\w*$/.test(name)) throw new TypedFtraceError('EINVAL', `'${spec}' is not a field name`)
  if (text === undefined) return { spec, name, modifier: undefined, buckets: 0 }
  let modifier: Modifier
  let buckets = 0
  if (text.startsWith('buckets=')) {
    buckets = Number(text.slice('buckets='.length))
    if (!Number.isSafeInteger(buckets) || buckets <= 0) throw bad('buckets=N needs a whole number N > 0')
    modifier = 'buckets'
  } else if ((KEY_MODIFIERS as readonly string[]).includes(text) && text !== 'buckets') modifier = text as Modifier
  else throw bad(`the modifiers are ${KEY_MODIFIERS.map((m) => (m === 'buckets' ? 'buckets=N' : m)).join(', ')}`)
  if (role === 'value' && modifier !== 'hex') throw bad('values take only .hex')
  if (modifier === 'execname' && name !== 'common_pid') throw bad('.execname applies to common_pid only')
  if (modifier === 'usecs' && name !== 'common_timestamp') throw bad('.usecs applies to common_timestamp only')
  return { spec, name, modifier, buckets }
}

/** A numeric field value as the kernel's u64 slot holds it (signed values sign-extended). */
export function u64(value: FieldValue | bigint): bigint {
  if (typeof value === 'bigint') return BigInt.asUintN(64, value)
  if (typeof value === 'number') return BigInt.asUintN(64, BigInt(Math.trunc(value)))
  return 0n
}

/** `.log2`: the power of two the value rounds up to (`ilog2(roundup_pow_of_two(v))`; 0 and 1 give 0). */
export function log2Bucket(value: bigint): number {
  if (value <= 1n) return 0
  const bits = (value - 1n).toString(2).length
  // roundup_pow_of_two overflows past 2^63 to 1 << 64, which the CPU shifts as 1 << 0.
  return bits >= 64 ? 0 : bits
}

/** `.buckets=N`: the first value of the value's bucket (the value rounded down to a multiple of N). */
export function bucketStart(value: bigint, size: number): bigint {
  const n = BigInt(size)
  return (value / n) * n
}

/** A string field's text up to its first NUL (what a string key holds). */
export function keyString(value: FieldValue): string {
  const text = value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : String(value ?? '')
  const nul = text.indexOf('\0')
  return nul < 0 ? text : text.slice(0, nul)
}
