import type { Cursor } from './cursor.js'

/** `[system, event, format text]` of every event format in a file. */
export type FormatList = (readonly [string, string, string])[]

const MAX_COUNT = 1 << 20
/** Largest one event format read from a file (a kernel's are a few KiB). */
export const MAX_FORMAT_BYTES = 1 << 20
/** Largest all event formats of a file together (a whole 6.18 kernel's are 2 MB). */
export const MAX_FORMATS_BYTES = 32 << 20

/** Bytes of format text read into each list so far. */
const formatBytes = new WeakMap<FormatList, number>()

/** Reads one sized format text, within the limits of one and of all ({@link MAX_FORMAT_BYTES}, {@link MAX_FORMATS_BYTES}). */
function formatText(c: Cursor, into: FormatList): string {
  const at = c.pos
  const size = c.size64('format size')
  if (size > MAX_FORMAT_BYTES) c.fail(`a format of ${size} bytes (at most ${MAX_FORMAT_BYTES} are read)`, at)
  const total = (formatBytes.get(into) ?? 0) + size
  formatBytes.set(into, total)
  if (total > MAX_FORMATS_BYTES)
    c.fail(`the formats come to more than ${MAX_FORMATS_BYTES} bytes (the limit of formats read from one file)`, at)
  return c.text(size, 'format text')
}

function eventName(text: string): string {
  return /^name:\s*(\S+)/m.exec(text)?.[1] ?? '?'
}

/** `header_page` and `header_event` texts (v6 at the start, v7 in section 16). */
export function readHeaderTexts(c: Cursor): { headerPage: string; headerEvent: string } {
  if (c.text(12, 'header_page tag') !== 'header_page\0') c.fail("expected 'header_page'", c.pos - 12)
  const headerPage = c.text(c.size64('header_page size'), 'header_page text')
  if (c.text(13, 'header_event tag') !== 'header_event\0') c.fail("expected 'header_event'", c.pos - 13)
  const headerEvent = c.text(c.size64('header_event size'), 'header_event text')
  return { headerPage, headerEvent }
}

/** The ftrace system's formats: u32 count, then sized texts. */
export function readFtraceFormats(c: Cursor, into: FormatList): void {
  const count = c.u32()
  if (count > MAX_COUNT || count * 8 > c.remaining) c.fail(`${count} ftrace formats`)
  for (let i = 0; i < count; i++) {
    const text = formatText(c, into)
    into.push(['ftrace', eventName(text), text])
  }
}

/** The other systems' formats: u32 systems, each a name, u32 count and sized texts. */
export function readEventFormats(c: Cursor, into: FormatList): void {
  const systems = c.u32()
  if (systems > MAX_COUNT || systems * 5 > c.remaining) c.fail(`${systems} systems`)
  for (let s = 0; s < systems; s++) {
    const system = c.cstr('system name')
    const count = c.u32()
    if (count > MAX_COUNT || count * 8 > c.remaining) c.fail(`${count} formats in system '${system}'`)
    for (let i = 0; i < count; i++) {
      const text = formatText(c, into)
      into.push([system, eventName(text), text])
    }
  }
}

/** `saved_cmdlines` text ("pid comm" lines) as a map. */
export function parseCmdlines(text: string): Map<number, string> {
  const out = new Map<number, string>()
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line)
    if (m) out.set(Number(m[1]), m[2]!)
  }
  return out
}

/** The clock named in brackets in a `trace_clock` text (`local global [x86-tsc]` -> `x86-tsc`). */
export function bracketedClock(text: string | undefined): string | undefined {
  return text === undefined ? undefined : /\[([^\]]+)\]/.exec(text)?.[1]
}
