import { FieldFlag } from '../schema/field-flags.js'
import type { FieldFormat } from '../schema/format-types.js'

/**
 * The most bytes the keys of one hist trigger take together (the kernel's
 * HIST_KEY_SIZE_MAX: one string of MAX_FILTER_STR_VAL plus a stack trace).
 * More fail with EINVAL and nothing in `error_log`; seen on Linux 6.1 and 6.12.
 */
export const MAX_KEY_BYTES = 384

/**
 * What a field takes of the kernel's compound key: a string it copies
 * (`__data_loc char[]`, `char *`) 256 bytes, a char array its size in whole
 * 8-byte words, a stack trace 128 (16 addresses), anything else 8.
 */
export function keyBytes(format: Pick<FieldFormat, 'cType' | 'size' | 'flags'>): number {
  if (/long\s*\[\]$/.test(format.cType)) return 128
  if ((format.flags & FieldFlag.STRING) === 0) return 8
  if ((format.flags & (FieldFlag.DYNAMIC | FieldFlag.POINTER)) !== 0) return 256
  return Math.ceil(format.size / 8) * 8
}

/** The advice for the keys of a hist that take `bytes` bytes. */
export function histKeySizeAdvice(bytes: number): string {
  return `these keys would take ${bytes} bytes, more than the ${MAX_KEY_BYTES} a hist trigger takes (a copied string takes 256, a stack trace 128; the kernel: EINVAL with nothing in error_log): drop a string key`
}
