import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs'

/** One CPU of one buffer: its `trace_pipe_raw` and the file its pages go to. */
export interface PumpStream {
  readonly buffer: string
  readonly cpu: number
  readonly source: string
  readonly target: string
}

/** What a stream has moved so far. */
export interface StreamCounts {
  readonly buffer: string
  readonly cpu: number
  pages: number
  events: number
  /** Pages that carry the kernel's missed-events mark. */
  markedPages: number
}

const PAGES_PER_WRITE = 32

interface OpenStream {
  readonly counts: StreamCounts
  readonly from: number
  readonly to: number
  readonly batch: Buffer
}

/**
 * Moves whole ring-buffer pages from `per_cpu/cpuN/trace_pipe_raw` (opened
 * non-blocking: a read gives one page, or EAGAIN when none is ready) to
 * per-CPU files, untouched, counting their events on the way. Synchronous: a
 * tick reads what is ready and returns, so it never waits on the kernel.
 */
export class PagePump {
  readonly pageSize: number
  readonly longSize: 4 | 8
  readonly #streams: OpenStream[] = []
  #closed = false

  constructor(streams: readonly PumpStream[], pageSize: number, longSize: 4 | 8) {
    this.pageSize = pageSize
    this.longSize = longSize
    try {
      for (const s of streams) {
        const from = openSync(s.source, constants.O_RDONLY | constants.O_NONBLOCK)
        let to: number
        try {
          to = openSync(s.target, 'a')
        } catch (error) {
          closeSync(from)
          throw error
        }
        this.#streams.push({
          counts: { buffer: s.buffer, cpu: s.cpu, pages: 0, events: 0, markedPages: 0 },
          from,
          to,
          batch: Buffer.alloc(pageSize * PAGES_PER_WRITE),
        })
      }
    } catch (error) {
      this.close()
      throw error
    }
  }

  get counts(): readonly StreamCounts[] {
    return this.#streams.map((s) => s.counts)
  }

  /** Reads every page that is ready on every CPU; returns how many were moved. */
  tick(): number {
    let moved = 0
    for (const s of this.#streams) moved += this.#drain(s)
    return moved
  }

  #drain(s: OpenStream): number {
    const size = this.pageSize
    let moved = 0
    let filled = 0
    for (;;) {
      let n: number
      try {
        n = readSync(s.from, s.batch, filled * size, size, null)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'EAGAIN' || code === 'EINTR') break
        throw error
      }
      if (n === 0) break
      if (n < size) s.batch.fill(0, filled * size + n, (filled + 1) * size)
      this.#count(s.counts, s.batch, filled * size)
      filled++
      moved++
      if (filled === PAGES_PER_WRITE) {
        this.#write(s, filled)
        filled = 0
      }
    }
    if (filled > 0) this.#write(s, filled)
    return moved
  }

  #write(s: OpenStream, pages: number): void {
    const bytes = pages * this.pageSize
    let done = 0
    while (done < bytes) done += writeSync(s.to, s.batch, done, bytes - done)
    s.counts.pages += pages
  }

  /** Counts the data events of the page at `at` (the same walk as the reader's, without decoding). */
  #count(counts: StreamCounts, page: Buffer, at: number): void {
    const header = 8 + this.longSize
    const commit = page.readUInt32LE(at + 8)
    if (commit & 0x80000000) counts.markedPages++
    const end = Math.min(at + header + (commit & 0x7ffffff), at + this.pageSize)
    let p = at + header
    let events = 0
    while (p + 4 <= end) {
      const type = page.readUInt32LE(p) & 0x1f
      if (type >= 29) {
        if (p + 8 > end) break
        p += type === 29 ? 4 + page.readUInt32LE(p + 4) : 8
      } else if (type === 0) {
        if (p + 8 > end) break
        p += 8 + ((page.readUInt32LE(p + 4) - 1) & ~3)
        events++
      } else {
        p += 4 + type * 4
        events++
      }
    }
    counts.events += events
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    for (const s of this.#streams) {
      try {
        closeSync(s.from)
      } catch {
        // already closed
      }
      try {
        closeSync(s.to)
      } catch {
        // already closed
      }
    }
  }
}
