import type { Cursor } from './cursor.js'

/** `[system, event, format text]` of every event format in a file. */
export type FormatList = (readonly [string, string, string])[]

const MAX_COUNT = 1 << 20

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
    const text = c.text(c.size64('format size'), 'format text')
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
      const text = c.text(c.size64('format size'), 'format text')
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
