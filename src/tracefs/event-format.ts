import { parseFormat } from '../schema/parse-format.js'
import { parseHeaderPage } from '../schema/parse-headers.js'
import type { EventFormat } from '../schema/format-types.js'
import type { PageLayout } from '../ring-buffer/page.js'
import type { TracefsIO } from './io.js'

/** The ring buffer's page layout, from the kernel's `events/header_page`. */
export async function readPageLayout(io: TracefsIO): Promise<PageLayout> {
  const header = parseHeaderPage(await io.read('events/header_page'), 'events/header_page')
  return {
    pageSize: header.dataOffset + header.dataSize,
    longSize: header.commitSize === 4 ? 4 : 8,
    littleEndian: true,
  }
}

/** One event's format as the running kernel has it (`events/<system>/<event>/format`, the same in every instance). */
export async function readEventFormat(
  io: TracefsIO,
  system: string,
  event: string,
  longSize: number,
): Promise<EventFormat> {
  const file = `events/${system}/${event}/format`
  return parseFormat(await io.read(file), { system, file, longSize })
}
