import { valueKind } from '../schema/c-types.js'
import { declarationFlags, FieldFlag, flagNames } from '../schema/field-flags.js'
import type { FieldFormat } from '../schema/format-types.js'
import { SynthError } from '../definition/synth-error.js'
import type { FieldInfo } from '../definition/field-info.js'

/** A synthetic field: libtracefs' declaration text (`pid_t pid;`) and what the field is. */
export interface SyntheticType {
  readonly declaration: string
  readonly info: FieldInfo
}

/**
 * The synthetic field libtracefs declares for a source field (`add_synth_field`):
 * arrays keep their base type (`char comm[16];`, `char name[];` for a dynamic
 * string, `unsigned long stack[];`) with the byte size for fixed ones;
 * `pid_t`, `gfp_t` and `bool` are kept; other fields become
 * `char`/`unsigned char`/`s16`/`u16`/`s32`/`u32`/`s64`/`u64` by size and sign.
 * Any other size has no synthetic type: EBADF.
 */
export function syntheticType(source: FieldFormat, name: string, where: string, longSize = 8): SyntheticType {
  if ((source.flags & FieldFlag.ARRAY) !== 0) {
    const base = source.cType
      .replace(/\[.*$/, '')
      .replace(/^__(data|rel)_loc\s+/, '')
      .trim()
    const dynamic = (source.flags & FieldFlag.DYNAMIC) !== 0
    const length = dynamic ? '' : String(source.size)
    const cType = dynamic ? `__data_loc ${base}[]` : `${base}[${length}]`
    const size = dynamic ? 4 : source.size
    return typed(`${base} ${name}[${length}];`, `${base}[${length}]`, cType, size, kernelSigned(base), true, longSize)
  }
  if (source.cType === 'pid_t' || source.cType === 'gfp_t' || source.cType === 'bool') {
    return typed(
      `${source.cType} ${name};`,
      source.cType,
      source.cType,
      source.size,
      kernelSigned(source.cType),
      false,
      longSize,
    )
  }
  const signed = (source.flags & FieldFlag.SIGNED) !== 0
  const type = INT_TYPES[source.size]?.[signed ? 0 : 1]
  if (type === undefined) {
    throw new SynthError(
      'EBADF',
      `field '${source.name}' of ${where} (${source.cType}, ${source.size} bytes) has no synthetic event type: only 1, 2, 4 and 8-byte integers, pid_t, gfp_t, bool and arrays can be copied`,
    )
  }
  return typed(`${type} ${name};`, type, type, source.size, kernelSigned(type), false, longSize)
}

const INT_TYPES: Readonly<Record<number, readonly [string, string]>> = {
  1: ['char', 'unsigned char'],
  2: ['s16', 'u16'],
  4: ['s32', 'u32'],
  8: ['s64', 'u64'],
}

/** The kernel's `synth_field_signed`: unsigned when the type starts with `u` (incl. `unsigned ...`) or is `gfp_t`. */
function kernelSigned(type: string): boolean {
  return !(type.startsWith('u') || type === 'gfp_t')
}

function typed(
  declaration: string,
  type: string,
  cType: string,
  size: number,
  signed: boolean,
  isArray: boolean,
  longSize: number,
): SyntheticType {
  const flags = declarationFlags(cType, isArray, signed)
  const info: FieldInfo = Object.freeze({
    type,
    cType,
    size,
    signed,
    flags: flagNames(flags),
    value: valueKind(cType, size, flags, longSize),
  })
  return Object.freeze({ declaration, info })
}
