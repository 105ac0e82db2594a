import type { ValueKind } from '../schema/format-types.js'

/**
 * A field of the synthetic event, described the way the kernel will show it
 * in the event's own `format` file.
 */
export interface FieldInfo {
  /** The type as the definition writes it: `pid_t`, `u64`, `s32`, `char[16]`, `char[]`, `unsigned long[]`. */
  readonly type: string
  /** The C type as libtraceevent will read it: `char[16]`, `__data_loc char[]` for dynamic arrays, else {@link type}. */
  readonly cType: string
  /** Size in bytes: the scalar's size, a fixed array's whole size, 4 for a dynamic array's locator. */
  readonly size: number
  /** The kernel's sign rule for synthetic fields: unsigned when the type starts with `u` or is `gfp_t`. */
  readonly signed: boolean
  /** libtraceevent flags as `|`-joined names without the pointer flag (`signed`, `array|signed|string`). */
  readonly flags: string
  /** How a decoded value reads in TypeScript. */
  readonly value: ValueKind
}
