import { FieldFlag } from '../schema/field-flags.js'
import type { EventFormat, FieldFormat } from '../schema/format-types.js'
import type { SynthDefinition } from '../definition/synth-definition.js'

const COMMON: readonly Omit<FieldFormat, 'value'>[] = [
  {
    name: 'common_type',
    cType: 'unsigned short',
    declaration: 'unsigned short common_type',
    offset: 0,
    size: 2,
    signed: false,
    arrayLength: undefined,
    dynamic: undefined,
    common: true,
    flags: 0,
  },
  {
    name: 'common_flags',
    cType: 'unsigned char',
    declaration: 'unsigned char common_flags',
    offset: 2,
    size: 1,
    signed: false,
    arrayLength: undefined,
    dynamic: undefined,
    common: true,
    flags: 0,
  },
  {
    name: 'common_preempt_count',
    cType: 'unsigned char',
    declaration: 'unsigned char common_preempt_count',
    offset: 3,
    size: 1,
    signed: false,
    arrayLength: undefined,
    dynamic: undefined,
    common: true,
    flags: 0,
  },
  {
    name: 'common_pid',
    cType: 'int',
    declaration: 'int common_pid',
    offset: 4,
    size: 4,
    signed: true,
    arrayLength: undefined,
    dynamic: undefined,
    common: true,
    flags: FieldFlag.SIGNED,
  },
]

const FLAG_BITS: Readonly<Record<string, number>> = {
  array: FieldFlag.ARRAY,
  signed: FieldFlag.SIGNED,
  string: FieldFlag.STRING,
  dynamic: FieldFlag.DYNAMIC,
  long: FieldFlag.LONG,
}

/**
 * The event a synthetic event will be once created, as the kernel describes
 * it (`synthetic/<name>`, one 8-byte slot per field after the common ones),
 * so that a finished synth can be the start or end event of another one
 * before it exists in any kernel. Its ID is unknown until then (-1).
 */
export function syntheticEventFormat(definition: SynthDefinition): EventFormat {
  const fields: FieldFormat[] = COMMON.map((f) => ({ ...f, value: f.size === 8 ? 'bigint' : 'number' }))
  definition.fields.forEach((f, i) => {
    const info = f.info
    const flags = info.flags
      .split('|')
      .filter(Boolean)
      .reduce((bits, name) => bits | (FLAG_BITS[name] ?? 0), 0)
    const fixed = /\[(\d+)\]$/.exec(info.cType)
    fields.push({
      name: f.name,
      cType: info.cType,
      declaration: `${info.cType.replace(/\[.*$/, '')} ${f.name}${info.cType.includes('[') ? info.cType.slice(info.cType.indexOf('[')) : ''}`,
      offset: 8 + 8 * i,
      size: info.size,
      signed: info.signed,
      arrayLength: fixed ? Number(fixed[1]) : undefined,
      dynamic: info.cType.startsWith('__data_loc') ? 'data_loc' : undefined,
      common: false,
      flags,
      value: info.value,
    })
  })
  return { system: 'synthetic', name: definition.name, id: -1, fields, printFmt: '' }
}
