import type { PageLayout } from './page-layout.js'

const COMMIT_MASK = 0x7ffffff
const MISSING_EVENTS = 0x80000000
const MISSING_STORED = 0x40000000
const PADDING = 29
const TIME_EXTEND = 30
const TIME_STAMP = 31
const TWO_32 = 2 ** 32
const TWO_27 = 2 ** 27
const TS_TOP_BITS = 0xf800000000000000n
const EMPTY = new Uint8Array(0)

/** A page that does not decode: a length or size points outside it. */
export class PageFormatError extends Error {
  /** Offset in the buffer passed to the decoder. */
  readonly offset: number
  constructor(message: string, offset: number) {
    super(message)
    this.name = 'PageFormatError'
    this.offset = offset
  }
}

/**
 * Walks the data events of ring-buffer pages without allocating: a page
 * header (u64 time stamp, commit word), then events behind a 32-bit header of
 * `type_len` (5 bits) and `time_delta` (27 bits). Padding, time-extend and
 * absolute time-stamp events move the clock and are skipped.
 *
 * Time stamps are kept as numbers relative to a `base` (a bigint, usually the
 * first page's time stamp), exact while a trace spans less than 2^53 units
 * (104 days of nanoseconds); a page further from the base is refused.
 */
export class PageCursor {
  readonly layout: PageLayout
  /** Bytes before the first event: u64 time stamp and the commit long. */
  readonly headerSize: number
  data: Uint8Array = EMPTY
  view: DataView = new DataView(EMPTY.buffer)
  /** Time stamp origin (raw trace-clock units): `rel` counts from it. */
  base = 0n
  #baseHi = 0
  #baseLo = 0
  /** Offset of the current page in `data`. */
  pageStart = 0
  #p = 0
  #end = 0
  /** The current event's time stamp minus {@link base}. */
  rel = 0
  /** Payload offset of the current event in `data`. */
  offset = 0
  /** Payload size of the current event (a multiple of 4; may include padding). */
  size = 0
  /**
   * Events the kernel lost just before the current one: set on the first data
   * event after a page that says so (-1: some, count unknown), else 0.
   */
  missed = 0
  #pendingMissed = 0

  constructor(layout: PageLayout, base = 0n) {
    this.layout = layout
    this.headerSize = 8 + layout.longSize
    this.setBase(base)
  }

  /** Sets the time origin (before loading pages). */
  setBase(base: bigint): void {
    this.base = BigInt.asUintN(64, base)
    this.#baseHi = Number(this.base >> 32n)
    this.#baseLo = Number(this.base & 0xffffffffn)
  }

  /** The raw time stamp of the page at `start` (without loading it). */
  pageTimestamp(data: Uint8Array, view: DataView, start: number): bigint {
    if (start < 0 || start + 8 > data.byteLength) throw new PageFormatError('page header cut short', start)
    return view.getBigUint64(start, this.layout.littleEndian)
  }

  /** Starts on the page at `start` of `data`; {@link next} then steps through its events. */
  load(data: Uint8Array, view: DataView, start: number): void {
    const le = this.layout.littleEndian
    const longSize = this.layout.longSize
    if (start < 0 || start + this.headerSize > data.byteLength)
      throw new PageFormatError('page header cut short', start)
    this.data = data
    this.view = view
    this.pageStart = start
    const lo = view.getUint32(le ? start : start + 4, le)
    const hi = view.getUint32(le ? start + 4 : start, le)
    const rel = (hi - this.#baseHi) * TWO_32 + (lo - this.#baseLo)
    if (rel > Number.MAX_SAFE_INTEGER || rel < -Number.MAX_SAFE_INTEGER)
      throw new PageFormatError('page time stamp more than 2^53 from the first one', start)
    this.rel = rel
    const word = longSize === 8 ? view.getUint32(le ? start + 8 : start + 12, le) : view.getUint32(start + 8, le)
    const commit = word & COMMIT_MASK
    const dataStart = start + this.headerSize
    const end = dataStart + commit
    if (commit > this.layout.pageSize - this.headerSize || end > data.byteLength)
      throw new PageFormatError(`commit size ${commit} runs past the page`, start + 8)
    if ((word & MISSING_EVENTS) !== 0) {
      let lost = -1
      if (
        (word & MISSING_STORED) !== 0 &&
        end + longSize <= start + this.layout.pageSize &&
        end + longSize <= data.byteLength
      ) {
        const l = view.getUint32(le || longSize === 4 ? end : end + 4, le)
        const h = longSize === 8 ? view.getUint32(le ? end + 4 : end, le) : 0
        lost = h * TWO_32 + l
      }
      this.#pendingMissed = this.#pendingMissed < 0 || lost < 0 ? -1 : this.#pendingMissed + lost
    }
    this.#p = dataStart
    this.#end = end
  }

  /** Steps to the next data event of the page; false at its end. */
  next(): boolean {
    const view = this.view
    const le = this.layout.littleEndian
    const end = this.#end
    let p = this.#p
    let rel = this.rel
    while (p + 4 <= end) {
      const word = view.getUint32(p, le)
      const type = le ? word & 0x1f : word >>> 27
      const delta = le ? word >>> 5 : word & COMMIT_MASK
      if (type >= PADDING) {
        if (p + 8 > end) break
        const arg = view.getUint32(p + 4, le)
        if (type === PADDING) {
          rel += delta
          p += 4 + arg
          continue
        }
        if (type === TIME_EXTEND) {
          rel += arg * TWO_27 + delta
        } else {
          const current = this.base + BigInt(rel)
          const absolute = ((BigInt(arg) << 27n) + BigInt(delta)) | (current & TS_TOP_BITS)
          rel = Number(absolute - this.base)
        }
        if (rel > Number.MAX_SAFE_INTEGER || rel < -Number.MAX_SAFE_INTEGER)
          throw new PageFormatError('time stamp more than 2^53 from the first one', p)
        p += 8
        continue
      }
      let offset: number
      let size: number
      if (type === 0) {
        if (p + 8 > end) throw new PageFormatError('event length cut short', p)
        const length = view.getUint32(p + 4, le)
        offset = p + 8
        if (length < 4 || length - 4 > end - offset)
          throw new PageFormatError(`event length ${length} does not fit the page`, p)
        size = (length - 1) & ~3
      } else {
        offset = p + 4
        size = type * 4
      }
      if (offset + size > end) throw new PageFormatError(`an event of ${size} bytes runs past the page's data`, p)
      this.rel = rel + delta
      this.offset = offset
      this.size = size
      this.missed = this.#pendingMissed
      this.#pendingMissed = 0
      this.#p = offset + size
      return true
    }
    this.rel = rel
    this.#p = end
    return false
  }

  /** Events lost after the last data event read (reported on the next one). */
  get pendingMissed(): number {
    return this.#pendingMissed
  }
}
