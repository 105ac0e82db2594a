import type { EventDecoder } from '../ring-buffer/field-decoder.js'
import type { MergeHeap } from '../ring-buffer/merge-heap.js'
import { TraceRecord } from '../ring-buffer/record.js'
import type { ByteSource } from './byte-source.js'
import type { StreamInfo } from './cpu-merge.js'

/** What a {@link RecordIterator} walks: a merge, how to decode and advance, and the file it holds open. */
export interface RecordIteratorProps {
  readonly heap: MergeHeap
  /** The decoder of an event id. */
  readonly decoder: (id: number) => EventDecoder
  /** Moves a stream on; false at its end. */
  readonly advance: (s: StreamInfo) => boolean
  /** Ticked per record when progress is reported. */
  readonly progress: { tick(): void; finish(): void } | undefined
  /** Held (acquired) by the caller; released when the walk ends. */
  readonly source: ByteSource
}

/**
 * The iterator {@link TraceFile.records} returns: one new record per step,
 * through a reused result object (no generator, no per-step allocation but
 * the record).
 */
export class RecordIterator<K> implements IterableIterator<TraceRecord<K>> {
  readonly #heap: MergeHeap
  readonly #decoder: (id: number) => EventDecoder
  readonly #advance: (s: StreamInfo) => boolean
  readonly #progress: { tick(): void; finish(): void } | undefined
  #source: ByteSource | undefined
  readonly #result: IteratorResult<TraceRecord<K>> = { done: false, value: undefined as unknown as TraceRecord<K> }

  constructor(props: RecordIteratorProps) {
    this.#heap = props.heap
    this.#decoder = props.decoder
    this.#advance = props.advance
    this.#progress = props.progress
    this.#source = props.source
  }

  [Symbol.iterator](): this {
    return this
  }

  next(): IteratorResult<TraceRecord<K>> {
    const heap = this.#heap
    const top = heap.top()
    if (top === undefined) return this.return()
    const s = top.slot as StreamInfo
    const decoder = this.#decoder(top.eventId)
    const r = new TraceRecord<K>(
      s.context,
      decoder,
      top.view,
      top.data,
      top.offset,
      top.size,
      top.key,
      top.missed,
      heap.big ? top.bigKey : undefined,
    )
    try {
      if (this.#advance(s)) heap.topChanged()
      else heap.pop()
    } catch (error) {
      this.return()
      throw error
    }
    this.#progress?.tick()
    const result = this.#result as IteratorYieldResult<TraceRecord<K>>
    result.value = r
    return result
  }

  /** Ends the walk (a `break` out of `for...of` calls it): the file is closed when no other walk uses it. */
  return(): IteratorResult<TraceRecord<K>> {
    if (this.#source) {
      this.#source.release()
      this.#source = undefined
      this.#progress?.finish()
      while (this.#heap.size > 0) this.#heap.pop()
    }
    return { done: true, value: undefined }
  }
}
