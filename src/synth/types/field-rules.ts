import type { Field } from '../../schema/field-types.js'

/**
 * libtracefs' match/compare rule (EBADE otherwise): equal sizes and equal
 * libtraceevent flags, the pointer flag aside (the generated `Flags` leave it out).
 */
export type Compatible<A extends Field, B extends Field> = string extends A['flags'] | B['flags']
  ? true // a field of an untyped schema (AnyKernel): known at run time only
  : [A['size'], A['flags']] extends [B['size'], B['flags']]
    ? [B['size'], B['flags']] extends [A['size'], A['flags']]
      ? true
      : false
    : false

type HasFlag<F extends Field, Name extends string> = F['flags'] extends `${string}${Name}${string}` ? true : false

/** A string field (char arrays, `__data_loc char[]`): the STRING flag. */
export type IsStringField<F extends Field> = HasFlag<F, 'string'>

/**
 * A string to the kernel's filters (char arrays, `__data_loc char[]`): libtraceevent also
 * marks `u8`/`s8` arrays as strings, which the kernel's filters refuse to compare.
 */
export type IsKernelString<F extends Field> = IsStringField<F> extends true
  ? F['cType'] extends `${string}char${string}`
    ? true
    : false
  : false

/** Can take part in a calculation: not an array and not dynamic (libtracefs' EINVAL rule). */
export type IsNumericField<F extends Field> = HasFlag<F, 'array'> extends true ? false : HasFlag<F, 'dynamic'> extends true ? false : true

/** What a field is, for messages: `pid_t, 4 bytes, signed`. */
export type Describe<F extends Field> = `${F['cType']}, ${F['size']} bytes${F['flags'] extends '' ? '' : `, ${F['flags']}`}`
