import type { FieldFormat } from '../../schema/format-types.js'
import type { FieldRef } from '../../definition/synth-definition.js'
import type { KernelErrno } from '../../definition/synth-error.js'

// How the kernel sees an event field in a hist trigger or as a synthetic event's parameter.

export type ValueProblem = { code: KernelErrno; kernel: string; reason: string }

/** Why the kernel cannot hold a field in a key or variable, or undefined: strings and 1, 2, 4 or 8-byte values only. */
export function histValueProblem(ref: FieldRef): ValueProblem | undefined {
  const f = ref.format
  if (f.name === 'common_comm')
    return {
      code: 'EINVAL',
      kernel: "Couldn't find field",
      reason:
        'hist triggers of Linux 6.1 cannot read the task name (COMM) as a field (filters can); use a comm field of the event, or common_pid',
    }
  if (kernelString(f) || [1, 2, 4, 8].includes(f.size)) return undefined
  return { code: 'ENOMEM', kernel: '', reason: 'keys and variables are strings or 1, 2, 4 or 8-byte values' }
}

/** The kernel's string fields (filters and hist triggers): char arrays, dynamic char arrays and `char *`. */
export function kernelString(f: FieldFormat): boolean {
  const base = f.cType.replace(/^(const\s+)?/, '')
  if (/^char\s*\*$/.test(base)) return true
  return /\bchar\b/.test(f.cType) && (f.cType.includes('[') || f.dynamic !== undefined)
}

export function isStack(cType: string): boolean {
  return /long\[\]$/.test(cType)
}

/** The kernel's `check_synth_field`: the same type text, or the same size and (numbers only) sign. */
export function paramFits(source: FieldFormat, declared: string, declaredSize: number): boolean {
  const sourceType = source.cType
  const declaredString = /\bchar\[/.test(declared)
  if (declaredString) {
    if (declared === 'char[]' && sourceType.includes('char[')) return true
    return (
      sourceType === declared || (kernelString(source) && sourceType.includes('char[') && source.size === declaredSize)
    )
  }
  if (sourceType === declared) return true
  const declaredSigned = !(declared.startsWith('u') || declared === 'gfp_t')
  return source.size === declaredSize && source.signed === declaredSigned
}
