import type { ValueKind } from '../schema/format-types.js'
import { BigColumn, BinaryColumn, IntColumn, ListColumn, StringColumn } from './columns.js'
import type { ColumnBuilder } from './columns.js'

/** What a column's type is made from: a field of a kernel format or of a synthetic event. */
export interface TypedField {
  readonly cType: string
  readonly size: number
  readonly signed: boolean
  readonly value: ValueKind
  /** Element count of a fixed array (kernel formats only). */
  readonly arrayLength?: number | undefined
}

/** Bytes per element of an integer array field (`number[]` / `bigint[]`), as the reader reads them. */
export function elementSize(field: TypedField, longSize: number): number {
  if (field.value === 'bigint[]') return 8
  if (field.arrayLength) return Math.max(1, Math.min(4, field.size / field.arrayLength))
  const base = field.cType.replace(/^__(data|rel)_loc\s+/, '').replace(/\[.*$/, '')
  if (/\*\s*$/.test(base)) return Math.min(longSize, 4)
  if (/short|16\b/.test(base)) return 2
  return 4
}

/**
 * A column builder typed from a field: integers by size and sign (64-bit
 * ones as INT64/UINT64), strings, byte arrays as binary, integer arrays as
 * lists of their element type.
 *
 * For example, a 4-byte signed `pid_t` field gives an INT32 column.
 */
export function columnFor(field: TypedField, longSize: number, plainStrings = false): ColumnBuilder {
  switch (field.value) {
    case 'number':
      return new IntColumn(field.size, field.signed)
    case 'bigint':
      return new BigColumn(field.signed)
    case 'string':
      return new StringColumn(plainStrings)
    case 'bytes':
      return new BinaryColumn()
    case 'number[]':
    case 'bigint[]':
      return new ListColumn(elementSize(field, longSize), field.signed)
  }
}
