import { PageCursor } from './page-cursor.js'
import type { PageLayout } from './page-layout.js'

export { PageFormatError } from './page-cursor.js'
export type { PageLayout } from './page-layout.js'

/** One data event of a page (the same object is reused for every event: copy what you keep). */
export interface PageEvent {
  /** Raw time stamp (trace-clock units) after this event's delta. */
  ts: bigint
  /** Offset of the payload in the buffer passed in. */
  offset: number
  /** Payload size in bytes (a multiple of 4, may include padding). */
  size: number
  /** Events lost before this one (first event after a page that says so; -1: count unknown). */
  missed: number
}

/**
 * The data events of the page at `start`, one at a time, as a generator (the
 * simple form of {@link PageCursor}, which is what the readers use). A
 * corrupt page stops with a {@link PageFormatError} naming the offset.
 */
export function* pageEvents(data: Uint8Array, start: number, layout: PageLayout): Generator<PageEvent, void, void> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const cursor = new PageCursor(layout)
  cursor.setBase(cursor.pageTimestamp(data, view, start))
  cursor.load(data, view, start)
  const event: PageEvent = { ts: 0n, offset: 0, size: 0, missed: 0 }
  while (cursor.next()) {
    event.ts = BigInt.asUintN(64, cursor.base + BigInt(cursor.rel))
    event.offset = cursor.offset
    event.size = cursor.size
    event.missed = cursor.missed
    yield event
  }
}
