import { PageCursor, PageFormatError } from './page-cursor.js'
import type { PageLayout } from './page-layout.js'
import type { PageRun, PageSource } from './page-source.js'

/**
 * The data events of one CPU's ring buffer in order, across pages and runs
 * of pages, without allocating per event. After {@link advance} returns true
 * the current event is in `rel`, `eventId`, `offset`, `size`, `missed`,
 * `data` and `view`.
 */
export class CpuStream {
  readonly cpu: number
  readonly cursor: PageCursor
  readonly #source: PageSource
  readonly #pageSize: number
  readonly #le: boolean
  #run: PageRun | undefined
  #next = 0
  #inPage = false
  /** Time stamp of the current event relative to the cursor's base. */
  rel = 0
  /** `common_type` of the current event (-1 when its payload is too short to hold one). */
  eventId = -1
  offset = 0
  size = 0
  missed = 0
  data: Uint8Array = new Uint8Array(0)
  view: DataView = new DataView(new ArrayBuffer(0))
  /** Order among streams for equal time stamps (lower first). */
  order: number
  /** Merge key: `rel`, or the converted time stamp when streams must be compared as bigints. */
  key = 0
  bigKey = 0n

  constructor(cpu: number, layout: PageLayout, source: PageSource, base = 0n, order = cpu) {
    this.cpu = cpu
    this.cursor = new PageCursor(layout, base)
    this.#source = source
    this.#pageSize = layout.pageSize
    this.#le = layout.littleEndian
    this.order = order
  }

  /** What the stream's owner attaches to it (the file reader: its clock and instance). */
  slot: unknown = undefined

  /** Where the current run of pages starts in its source (file offset). */
  get runPosition(): number {
    return this.#run?.position ?? 0
  }

  /** Where the current page is in its source (file offset), for error messages. */
  get position(): number {
    return (this.#run?.position ?? 0) + this.cursor.pageStart
  }

  /** The raw time stamp of the first page, or undefined when there is none (loads the first run). */
  firstPageTimestamp(): bigint | undefined {
    if (this.#run === undefined && !this.#nextRun()) return undefined
    const run = this.#run!
    return this.cursor.pageTimestamp(run.data, run.view, 0)
  }

  #nextRun(): boolean {
    const run = this.#source.nextRun()
    this.#run = run
    this.#next = 0
    return run !== undefined
  }

  /** Steps to the next data event; false at the end of the CPU's data. */
  advance(): boolean {
    const cursor = this.cursor
    for (;;) {
      if (this.#inPage && cursor.next()) {
        const data = cursor.data
        const offset = cursor.offset
        this.rel = cursor.rel
        this.offset = offset
        this.size = cursor.size
        this.missed = cursor.missed
        this.data = data
        this.view = cursor.view
        this.eventId =
          cursor.size < 2
            ? -1
            : this.#le
              ? data[offset]! | (data[offset + 1]! << 8)
              : (data[offset]! << 8) | data[offset + 1]!
        return true
      }
      this.#inPage = false
      const run = this.#run
      if (run !== undefined && this.#next + cursor.headerSize <= run.data.byteLength) {
        const at = this.#next
        this.#next += this.#pageSize
        cursor.load(run.data, run.view, at)
        this.#inPage = true
        continue
      }
      if (!this.#nextRun()) return false
    }
  }
}

export { PageFormatError }
