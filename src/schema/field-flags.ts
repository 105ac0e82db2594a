/**
 * libtraceevent's field flags (`TEP_FIELD_IS_*`). libtracefs decides whether two
 * fields may be matched or compared from these flags, so we derive them exactly
 * as libtraceevent does from the `format` file.
 */
export const FieldFlag = {
  ARRAY: 1,
  POINTER: 2,
  SIGNED: 4,
  STRING: 8,
  DYNAMIC: 16,
  LONG: 32,
  FLAG: 64,
  SYMBOLIC: 128,
  RELATIVE: 256,
} as const

/** Names of the flags in the order used for the type-level flag string. */
const FLAG_NAMES = [
  ['array', FieldFlag.ARRAY],
  ['signed', FieldFlag.SIGNED],
  ['string', FieldFlag.STRING],
  ['dynamic', FieldFlag.DYNAMIC],
  ['long', FieldFlag.LONG],
  ['flag', FieldFlag.FLAG],
  ['symbolic', FieldFlag.SYMBOLIC],
  ['relative', FieldFlag.RELATIVE],
] as const

/**
 * The flags as `|`-joined names, the pointer flag left out. Two fields are
 * compatible for libtracefs exactly when their sizes and these strings are
 * equal, which is why the generated types carry this form.
 */
export function flagNames(flags: number): string {
  return FLAG_NAMES.filter(([, bit]) => (flags & bit) !== 0)
    .map(([name]) => name)
    .join('|')
}

/**
 * Flags from the declaration alone, as libtraceevent's `event_read_fields`
 * sets them: `[` makes an array, a trailing `*` a pointer, `__data_loc` and
 * `__rel_loc` a dynamic array, a char/u8/s8 array a string, any type text
 * containing `long` the long flag, and `signed:1` the signed flag.
 */
export function declarationFlags(cType: string, isArray: boolean, signed: boolean): number {
  let flags = 0
  if (isArray) flags |= FieldFlag.ARRAY
  if (cType.replace(/\[.*$/, '').includes('*')) flags |= FieldFlag.POINTER
  if (signed) flags |= FieldFlag.SIGNED
  if (isArray && /char|u8|s8/.test(cType)) flags |= FieldFlag.STRING
  if (cType.startsWith('__data_loc')) flags |= FieldFlag.DYNAMIC
  if (cType.startsWith('__rel_loc')) flags |= FieldFlag.DYNAMIC | FieldFlag.RELATIVE
  if (cType.includes('long')) flags |= FieldFlag.LONG
  return flags
}

/**
 * Fields printed through `__print_flags(...)` or `__print_symbolic(...)` get the
 * FLAG or SYMBOLIC mark. libtraceevent sets a pending mark when it meets one of
 * those functions and gives it to the next `REC->field` it parses, so we scan
 * the print arguments the same way (string literals skipped). Its parser gives
 * up at constructs it cannot read (a function it does not know, a statement
 * expression, `sizeof` of a kernel typedef); marks after that point are never
 * set, so the scan stops there too.
 */
export function printFmtMarks(printFmt: string): Map<string, number> {
  const marks = new Map<string, number>()
  const args = printArguments(printFmt)
  let pendingFlag = false
  let pendingSymbolic = false
  const token =
    /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\(\s*\{|REC\s*->\s*([A-Za-z_][A-Za-z0-9_]*)|\bsizeof\s*\(\s*([^)]*?)\s*\)|([A-Za-z_][A-Za-z0-9_]*)\s*\(/g
  for (const m of args.matchAll(token)) {
    const [text, field, sizeofArg, call] = m
    if (field !== undefined) {
      if (pendingFlag) {
        marks.set(field, (marks.get(field) ?? 0) | FieldFlag.FLAG)
        pendingFlag = false
      } else if (pendingSymbolic) {
        marks.set(field, (marks.get(field) ?? 0) | FieldFlag.SYMBOLIC)
        pendingSymbolic = false
      }
    } else if (sizeofArg !== undefined) {
      if (!SIZEOF_ARGS.test(sizeofArg)) break
    } else if (call !== undefined) {
      if (call === '__print_flags') pendingFlag = true
      else if (call === '__print_symbolic') pendingSymbolic = true
      else if (!KNOWN_FUNCTIONS.has(call)) break
    } else if (text.startsWith('(')) break
  }
  return marks
}

/** What libtraceevent's `sizeof(...)` understands. */
const SIZEOF_ARGS = /^(?:(?:unsigned\s+)?(?:int|long|long\s+long)|REC\s*->\s*\w+)$/

/** Helper functions libtraceevent parses without plugins (`process_function`). */
const KNOWN_FUNCTIONS = new Set([
  '__print_hex',
  '__print_hex_str',
  '__print_array',
  '__get_str',
  '__get_rel_str',
  '__get_bitmask',
  '__get_rel_bitmask',
  '__get_cpumask',
  '__get_rel_cpumask',
  '__get_dynamic_array',
  '__get_rel_dynamic_array',
  '__get_dynamic_array_len',
  '__get_rel_dynamic_array_len',
  '__get_sockaddr',
  '__get_rel_sockaddr',
])

/** The text after the format string of `print fmt: "...", args`. */
function printArguments(printFmt: string): string {
  const m = /^\s*"(?:[^"\\]|\\.)*"/.exec(printFmt)
  return m ? printFmt.slice(m[0].length) : printFmt
}
