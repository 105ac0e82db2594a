/**
 * A run of whole ring-buffer pages: one read of `trace_pipe_raw`, a
 * decompressed chunk of a trace.dat file, or a slice of its uncompressed data.
 */
export interface PageRun {
  readonly data: Uint8Array
  /** A view of `data`. */
  readonly view: DataView
  /** Where `data[0]` came from (a file offset), for error messages. */
  readonly position: number
}

/** Where a CPU's pages come from, one run at a time. */
export interface PageSource {
  /** The next run of pages, or undefined at the end. */
  nextRun(): PageRun | undefined
}

/** A page source over runs already in memory. */
export function pageRuns(runs: Iterable<Uint8Array>): PageSource {
  const it = runs[Symbol.iterator]()
  let position = 0
  return {
    nextRun() {
      const next = it.next()
      if (next.done) return undefined
      const data = next.value
      const run = { data, view: new DataView(data.buffer, data.byteOffset, data.byteLength), position }
      position += data.byteLength
      return run
    },
  }
}
