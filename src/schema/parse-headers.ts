import { FormatParseError } from './errors.js'
import type { HeaderEvent, HeaderPage, HeaderPageField } from './format-types.js'

const HEADER_FIELD =
  /^\s*field:\s*(.*?)\s+([A-Za-z_]\w*);\s*offset:\s*(\d+);\s*size:\s*(\d+);\s*(?:signed:\s*(\d+);)?\s*$/

/** Parses `events/header_page`: the fields of a ring-buffer page header. */
export function parseHeaderPage(text: string, file = 'header_page'): HeaderPage {
  const fields: HeaderPageField[] = []
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return
    const m = HEADER_FIELD.exec(line)
    if (!m)
      throw new FormatParseError(
        file,
        index + 1,
        '"field: <type> <name>;\\toffset:<n>;\\tsize:<n>;\\tsigned:<0|1>;"',
        line,
      )
    fields.push({ cType: m[1]!, name: m[2]!, offset: Number(m[3]), size: Number(m[4]), signed: m[5] === '1' })
  })
  const commit = fields.find((f) => f.name === 'commit')
  const data = fields.find((f) => f.name === 'data')
  if (!commit) throw new FormatParseError(file, 0, 'a "commit" field')
  if (!data) throw new FormatParseError(file, 0, 'a "data" field')
  return { fields, commitSize: commit.size, dataOffset: data.offset, dataSize: data.size, text }
}

/** Parses `events/header_event`: bit widths and reserved type_len values of the event header. */
export function parseHeaderEvent(text: string, file = 'header_event'): HeaderEvent {
  // Names come from the file: no prototype, so `__proto__` is a key like any other.
  const bits = Object.create(null) as Record<string, number>
  const types = Object.create(null) as Record<string, number>
  let dataMaxTypeLen: number | undefined
  text.split('\n').forEach((line, index) => {
    const t = line.trim()
    if (t === '' || t.startsWith('#')) return
    let m = /^(\w+)\s*:\s*(\d+)\s+bits$/.exec(t)
    if (m) {
      bits[m[1]!] = Number(m[2])
      return
    }
    m = /^(\w+)\s*:\s*type\s*==\s*(\d+)$/.exec(t)
    if (m) {
      types[m[1]!] = Number(m[2])
      return
    }
    m = /^data max type_len\s*==\s*(\d+)$/.exec(t)
    if (m) {
      dataMaxTypeLen = Number(m[1])
      return
    }
    throw new FormatParseError(
      file,
      index + 1,
      '"<name> : <n> bits", "<name> : type == <n>" or "data max type_len == <n>"',
      line,
    )
  })
  if (dataMaxTypeLen === undefined) throw new FormatParseError(file, 0, 'a "data max type_len" line')
  return { bits, types, dataMaxTypeLen, text }
}
