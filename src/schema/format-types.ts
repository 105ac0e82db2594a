/** One field of an event, as its `format` file describes it. */
export interface FieldFormat {
  /** Field name (`prev_comm`). */
  readonly name: string
  /**
   * The C type as libtraceevent records it: the declaration without the name,
   * with array brackets kept (`char[16]`, `__data_loc char[]`, `struct task_struct *`).
   */
  readonly cType: string
  /** The declaration exactly as written after `field:` (`char prev_comm[16]`). */
  readonly declaration: string
  readonly offset: number
  /** Size in bytes; for a fixed array the whole array, for `__data_loc` the 4-byte locator. */
  readonly size: number
  readonly signed: boolean
  /** Element count of a fixed-size array (`char[16]` -> 16); undefined otherwise or for `[]`. */
  readonly arrayLength: number | undefined
  /** `data_loc`/`rel_loc` for dynamic arrays (payload elsewhere in the record). */
  readonly dynamic: 'data_loc' | 'rel_loc' | undefined
  /** One of `common_type`, `common_flags`, `common_preempt_count`, `common_pid`, ... */
  readonly common: boolean
  /** libtraceevent `TEP_FIELD_IS_*` flags, print-format marks included. */
  readonly flags: number
  /** How the value reads in TypeScript. */
  readonly value: ValueKind
}

/**
 * The TypeScript shape of a field's value:
 * - `number`/`bigint` for scalars up to 32 bits / of 64 bits (pointers and longs by their size),
 * - `string` for char arrays and `__data_loc char[]`,
 * - `bytes` (Uint8Array) for other 1-byte arrays and odd-sized blobs,
 * - `number[]`/`bigint[]` for wider integer arrays.
 */
export type ValueKind = 'number' | 'bigint' | 'string' | 'bytes' | 'number[]' | 'bigint[]'

/** An event's `format` file, parsed. */
export interface EventFormat {
  readonly system: string
  readonly name: string
  readonly id: number
  /** The common fields first, then the event's own, in file order. */
  readonly fields: readonly FieldFormat[]
  /** The `print fmt:` text, verbatim. */
  readonly printFmt: string
}

/** One line of `header_page`. */
export interface HeaderPageField {
  readonly name: string
  readonly cType: string
  readonly offset: number
  readonly size: number
  readonly signed: boolean
}

/** `events/header_page`: the layout of a ring-buffer page header. */
export interface HeaderPage {
  readonly fields: readonly HeaderPageField[]
  /** Size of `commit`, which is the kernel's `long`; also the file's long size. */
  readonly commitSize: number
  /** Offset of `data` in the page. */
  readonly dataOffset: number
  /** Size of the data area (page size minus the header). */
  readonly dataSize: number
  readonly text: string
}

/** `events/header_event`: the compressed event header description. */
export interface HeaderEvent {
  /** Bit widths, e.g. `{ type_len: 5, time_delta: 27, array: 32 }`. */
  readonly bits: Readonly<Record<string, number>>
  /** `padding`, `time_extend`, `time_stamp` type_len values. */
  readonly types: Readonly<Record<string, number>>
  /** `data max type_len`. */
  readonly dataMaxTypeLen: number
  readonly text: string
}
