import { valueKind } from './c-types.js'
import { FormatParseError } from './errors.js'
import { declarationFlags, printFmtMarks } from './field-flags.js'
import type { EventFormat, FieldFormat } from './format-types.js'

/** Options for {@link parseFormat}. */
export interface ParseFormatOptions {
  /** Where the text came from, for error messages (`events/sched/sched_switch/format`). */
  readonly file?: string
  /** The system the event belongs to (the format file does not say). */
  readonly system: string
  /** The kernel's `long` size in bytes (from `header_page`); 8 unless told. */
  readonly longSize?: number
}

/**
 * Most fields one event may have. The kernel's events have a few dozen (64 at most in the
 * 6.18 formats); a format beyond this is refused as it is read, so a damaged or hostile
 * format costs time in proportion to this bound, not to its length.
 */
export const MAX_FIELDS = 1024

const FIELD_LINE = /^\s*field:\s*(.*?);\s*offset:\s*(-?\d+);\s*size:\s*(\d+);\s*(?:signed:\s*(-?\d+);)?\s*$/

/**
 * Parses one tracefs `format` file. A malformed file throws a
 * {@link FormatParseError} naming the file, the line and what was expected.
 */
export function parseFormat(text: string, options: ParseFormatOptions): EventFormat {
  const file = options.file ?? `${options.system}/format`
  const longSize = options.longSize ?? 8
  const lines = text.split('\n')
  let i = 0

  const expectKey = (key: string): string => {
    const line = lines[i]
    if (line === undefined) throw new FormatParseError(file, i + 1, `"${key}:" line`, '<end of file>')
    if (!line.startsWith(`${key}:`)) throw new FormatParseError(file, i + 1, `"${key}:" line`, line)
    i++
    return line.slice(key.length + 1).trim()
  }

  const name = expectKey('name')
  if (!/^[\w.+-]+$/.test(name)) throw new FormatParseError(file, i, 'an event name', name)
  const idText = expectKey('ID')
  if (!/^\d+$/.test(idText)) throw new FormatParseError(file, i, 'a decimal event ID', idText)
  expectKey('format')

  const fields: FieldFormat[] = []
  const seen = new Set<string>()
  let section = 0
  let printFmt: string | undefined
  for (; i < lines.length; i++) {
    const line = lines[i]!
    if (line.trim() === '') {
      if (fields.length > 0) section++
      continue
    }
    if (line.startsWith('print fmt:')) {
      printFmt = line.slice('print fmt:'.length).trim()
      // The print format is one line in every kernel; keep any tail verbatim too.
      const rest = lines
        .slice(i + 1)
        .join('\n')
        .replace(/\n+$/, '')
      if (rest !== '') printFmt += `\n${rest}`
      break
    }
    if (fields.length >= MAX_FIELDS)
      throw new FormatParseError(file, i + 1, `at most ${MAX_FIELDS} fields`, `field ${fields.length + 1}`)
    const m = FIELD_LINE.exec(line)
    if (!m)
      throw new FormatParseError(file, i + 1, '"field:<declaration>;\\toffset:<n>;\\tsize:<n>;\\tsigned:<0|1>;"', line)
    const field = parseField(m, section === 0, longSize, file, i + 1)
    if (seen.has(field.name))
      throw new FormatParseError(file, i + 1, `a field name not used before in this event`, field.name)
    seen.add(field.name)
    fields.push(field)
  }
  if (printFmt === undefined) throw new FormatParseError(file, lines.length, '"print fmt:" line', '<end of file>')

  const marks = printFmtMarks(printFmt)
  const marked =
    marks.size === 0
      ? fields
      : fields.map((f) => {
          const mark = marks.get(f.name)
          return mark === undefined ? f : { ...f, flags: f.flags | mark }
        })
  return { system: options.system, name, id: Number(idText), fields: marked, printFmt }
}

function parseField(m: RegExpExecArray, common: boolean, longSize: number, file: string, line: number): FieldFormat {
  const declaration = m[1]!.trim()
  const offset = Number(m[2])
  const size = Number(m[3])
  const signed = m[4] !== undefined && Number(m[4]) !== 0
  const decl = splitDeclaration(declaration)
  if (!decl) throw new FormatParseError(file, line, 'a C declaration "<type> <name>"', declaration)
  if (offset < 0) throw new FormatParseError(file, line, 'a non-negative offset', String(offset))
  const isArray = decl.arrayText !== undefined
  const flags = declarationFlags(decl.cType, isArray, signed)
  const dynamic = decl.cType.startsWith('__data_loc')
    ? 'data_loc'
    : decl.cType.startsWith('__rel_loc')
      ? 'rel_loc'
      : undefined
  let arrayLength: number | undefined
  if (isArray && dynamic === undefined && /^\d+$/.test(decl.arrayText!)) arrayLength = Number(decl.arrayText)
  return {
    name: decl.name,
    cType: decl.cType,
    declaration,
    offset,
    size,
    signed,
    arrayLength,
    dynamic,
    common: common || decl.name.startsWith('common_'),
    flags,
    value: valueKind(decl.cType, size, flags, longSize),
  }
}

interface Declaration {
  readonly name: string
  readonly cType: string
  readonly arrayText: string | undefined
}

/**
 * Splits a declaration into type and name the way libtraceevent reads it:
 * `char comm[16]` -> `char[16]` + `comm`; `__data_loc char[] name` ->
 * `__data_loc char[]` + `name`; `struct foo * p` -> `struct foo *` + `p`.
 */
function splitDeclaration(declaration: string): Declaration | undefined {
  const text = declaration.replace(/\s+/g, ' ')
  const bracketsBeforeName = /^(.+?) ?\[([^\]]*)\] ?([A-Za-z_]\w*)$/.exec(text)
  if (bracketsBeforeName) {
    return {
      name: bracketsBeforeName[3]!,
      cType: `${typeText(bracketsBeforeName[1]!)}[${bracketsBeforeName[2]}]`,
      arrayText: bracketsBeforeName[2]!.trim(),
    }
  }
  const bracketsAfterName = /^(.*[\s*])([A-Za-z_]\w*) ?\[([^\]]*)\]$/.exec(text)
  if (bracketsAfterName && bracketsAfterName[1]!.trim() !== '') {
    return {
      name: bracketsAfterName[2]!,
      cType: `${typeText(bracketsAfterName[1]!)}[${bracketsAfterName[3]}]`,
      arrayText: bracketsAfterName[3]!.trim(),
    }
  }
  const scalar = /^(.*[\s*])([A-Za-z_]\w*)$/.exec(text)
  if (scalar && scalar[1]!.trim() !== '') return { name: scalar[2]!, cType: typeText(scalar[1]!), arrayText: undefined }
  return undefined
}

/** Type text with single spaces and pointer stars set apart, as libtraceevent joins tokens. */
function typeText(raw: string): string {
  return raw.replace(/\*/g, ' * ').replace(/\s+/g, ' ').trim()
}
