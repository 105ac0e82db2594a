import { FieldFlag } from './field-flags.js'
import type { ValueKind } from './format-types.js'

/** Byte sizes of the element types seen in kernel array declarations. */
function elementSize(baseType: string, longSize: number): number | undefined {
  const t = baseType
    .replace(/^(const|volatile)\s+/g, '')
    .replace(/^__(data|rel)_loc\s+/, '')
    .trim()
  if (/\*$/.test(t)) return longSize
  if (/^(unsigned |signed )?char$|^(__)?[us]8$|^bool$/.test(t)) return 1
  if (/^(unsigned |signed )?short( int)?$|^(__)?[us]16$|^__(le|be)16$/.test(t)) return 2
  if (/^(unsigned |signed )?int$|^unsigned$|^(__)?[us]32$|^__(le|be)32$|^pid_t$|^gfp_t$/.test(t)) return 4
  if (/^(unsigned |signed )?long long( int)?$|^(__)?[us]64$|^__(le|be)64$/.test(t)) return 8
  if (/^(unsigned |signed )?long( int)?$|^size_t$|^ssize_t$/.test(t)) return longSize
  return undefined
}

/** The base type of an array declaration: `unsigned long[6]` -> `unsigned long`. */
function arrayBaseType(cType: string): string {
  const i = cType.indexOf('[')
  return (i < 0 ? cType : cType.slice(0, i)).trim()
}

/**
 * The TypeScript shape of a field: 32 bits or fewer -> number, 64 bits -> bigint,
 * char arrays -> string, byte arrays -> Uint8Array, other integer arrays ->
 * number[] or bigint[] by element size. Pointers and longs follow their size,
 * which the format file gives in the kernel's own long size.
 */
export function valueKind(cType: string, size: number, flags: number, longSize: number): ValueKind {
  if ((flags & FieldFlag.ARRAY) === 0) {
    if (size <= 4 && size > 0 && size !== 3) return 'number'
    if (size === 8) return 'bigint'
    return 'bytes'
  }
  const base = arrayBaseType(cType).replace(/^__(data|rel)_loc\s+/, '')
  if (/^(signed )?char$/.test(base) || base === 'const char') return 'string'
  const elem = elementSize(base, longSize)
  if (elem === 8) return 'bigint[]'
  if (elem === 2 || elem === 4) return 'number[]'
  return 'bytes'
}

/** The TypeScript type text of a value kind, as the generated modules spell it. */
export function valueTypeText(kind: ValueKind): string {
  return kind === 'bytes' ? 'Uint8Array' : kind
}
