/**
 * Ring-buffer pages as the kernel writes them (`trace_pipe_raw`, and the
 * per-CPU data of trace.dat files): a header (timestamp, commit word), then
 * events, each behind a 32-bit header of `type_len` and `time_delta`.
 */

/** How pages of one kernel are laid out. */
export interface PageLayout {
  /** Bytes in a page (the kernel's page size, 4096 on x86). */
  readonly pageSize: number
  /** The kernel's long size: the commit word's size. */
  readonly longSize: 4 | 8
  readonly littleEndian: boolean
}

const COMMIT_MASK = (1 << 27) - 1
const MISSING_EVENTS = 1 << 31
const MISSING_STORED = 1 << 30
const PADDING = 29
const TIME_EXTEND = 30
const TIME_STAMP = 31
const TS_TOP_BITS = 0xf800000000000000n

/** One data event of a page; the same object is reused for every event (copy what you keep). */
export interface PageEvent {
  /** Raw time stamp (trace clock units) after this event's delta. */
  ts: bigint
  /** Offset of the payload in the buffer passed in. */
  offset: number
  /** Payload size in bytes (may include padding up to 4 bytes). */
  size: number
  /**
   * Events lost before this one: only on the first event of a page whose
   * header says so; -1 when the kernel did not store the count.
   */
  missed: number
}

/** Problems a page can have; a decoder stops the page rather than reading garbage. */
export class PageFormatError extends Error {
  readonly offset: number
  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`)
    this.offset = offset
  }
}

/**
 * Iterates the data events of the page at `start`. The event object is
 * reused between steps. A corrupt length stops the iteration with a
 * {@link PageFormatError} naming the offset.
 */
export function* pageEvents(data: Uint8Array, start: number, layout: PageLayout): Generator<PageEvent, void, void> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const le = layout.littleEndian
  if (start + 8 + layout.longSize > data.byteLength) throw new PageFormatError('page header cut short', start)
  let ts = view.getBigUint64(start, le)
  const commitWord = layout.longSize === 8 ? Number(view.getBigUint64(start + 8, le) & 0xffffffffn) : view.getUint32(start + 8, le)
  const commit = commitWord & COMMIT_MASK
  const dataStart = start + 8 + layout.longSize
  const dataEnd = dataStart + commit
  if (commit > layout.pageSize - 8 - layout.longSize || dataEnd > data.byteLength) throw new PageFormatError(`commit size ${commit} past the page`, start + 8)
  let missed = 0
  if ((commitWord & MISSING_EVENTS) !== 0) {
    missed = -1
    if ((commitWord & MISSING_STORED) !== 0 && dataEnd + layout.longSize <= data.byteLength) {
      missed = layout.longSize === 8 ? Number(view.getBigUint64(dataEnd, le)) : view.getUint32(dataEnd, le)
    }
  }
  const event: PageEvent = { ts: 0n, offset: 0, size: 0, missed: 0 }
  let p = dataStart
  let first = true
  // Deltas add up as a number (exact below 2^53) and meet the 64-bit base once per event.
  let base = ts
  let acc = 0
  const flush = () => {
    if (acc !== 0) {
      base += BigInt(acc)
      acc = 0
    }
  }
  while (p + 4 <= dataEnd) {
    const word = view.getUint32(p, le)
    const typeLen = le ? word & 0x1f : word >>> 27
    const delta = le ? word >>> 5 : word & 0x7ffffff
    let next: number
    switch (typeLen) {
      case PADDING: {
        acc += delta
        if (delta === 0 && p + 8 > dataEnd) return
        const len = view.getUint32(p + 4, le)
        next = p + 4 + len
        if (len === 0 || next > dataEnd + 4) return
        p = next
        continue
      }
      case TIME_EXTEND:
        flush()
        base += (BigInt(view.getUint32(p + 4, le)) << 27n) + BigInt(delta)
        p += 8
        continue
      case TIME_STAMP:
        flush()
        base = ((BigInt(view.getUint32(p + 4, le)) << 27n) + BigInt(delta)) | (base & TS_TOP_BITS)
        p += 8
        continue
      case 0: {
        acc += delta
        const len = view.getUint32(p + 4, le)
        if (len < 4) throw new PageFormatError(`event length ${len} too small`, p)
        event.offset = p + 8
        event.size = ((len - 4 + 3) & ~3)
        next = p + 8 + event.size
        break
      }
      default:
        acc += delta
        event.offset = p + 4
        event.size = typeLen * 4
        next = p + 4 + event.size
    }
    if (next > dataEnd) throw new PageFormatError(`event of ${event.size} bytes runs past the page's data`, p)
    if (acc > 2 ** 52) flush()
    event.ts = acc === 0 ? base : base + BigInt(acc)
    event.missed = first ? missed : 0
    first = false
    yield event
    p = next
  }
}
