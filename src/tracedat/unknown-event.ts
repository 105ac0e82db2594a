import type { EventFormat } from '../schema/format-types.js'

/**
 * The stand-in format of an event id the file has no format for: only the
 * common fields, in the system `unknown`, named `event_<id>`.
 */
export function unknownEvent(id: number): EventFormat {
  const field = (name: string, cType: string, offset: number, size: number, signed: boolean) =>
    ({
      name,
      cType,
      declaration: `${cType} ${name}`,
      offset,
      size,
      signed,
      arrayLength: undefined,
      dynamic: undefined,
      common: true,
      flags: signed ? 4 : 0,
      value: 'number',
    }) as const
  return {
    system: 'unknown',
    name: `event_${id}`,
    id,
    printFmt: '',
    fields: [
      field('common_type', 'unsigned short', 0, 2, false),
      field('common_flags', 'unsigned char', 2, 1, false),
      field('common_preempt_count', 'unsigned char', 3, 1, false),
      field('common_pid', 'int', 4, 4, true),
    ],
  }
}
