export { hist } from './hist.js'
export type { Hist } from './hist.js'
export type { HistTextOptions } from './kernel-text.js'
export type {
  BaseName,
  FieldsOf,
  HistField,
  HistKey,
  HistResult,
  HistRow,
  HistRowKey,
  HistRowValues,
  HistSort,
  HistValue,
  KeyValue,
  NumericField,
  NumericKeyModifier,
  PseudoField,
} from './types.js'
