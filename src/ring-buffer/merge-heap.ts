import type { CpuStream } from './cpu-stream.js'

/**
 * CPU streams ordered by their current event's time (`key`, or `bigKey`
 * when `big`), ties by `order`: a binary min-heap, so each step costs
 * O(log CPUs) comparisons.
 */
export class MergeHeap {
  readonly #items: CpuStream[] = []
  readonly big: boolean

  constructor(big: boolean) {
    this.big = big
  }

  get size(): number {
    return this.#items.length
  }

  /** The stream whose event comes first. */
  top(): CpuStream | undefined {
    return this.#items[0]
  }

  #less(a: CpuStream, b: CpuStream): boolean {
    if (this.big) return a.bigKey < b.bigKey || (a.bigKey === b.bigKey && a.order < b.order)
    return a.key < b.key || (a.key === b.key && a.order < b.order)
  }

  push(stream: CpuStream): void {
    const items = this.#items
    let i = items.length
    items.push(stream)
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.#less(stream, items[parent]!)) break
      items[i] = items[parent]!
      i = parent
    }
    items[i] = stream
  }

  /** Call after the top stream moved to a later event. */
  topChanged(): void {
    this.#siftDown(0)
  }

  /** Removes the top stream (it has no more events). */
  pop(): void {
    const items = this.#items
    const last = items.pop()!
    if (items.length > 0) {
      items[0] = last
      this.#siftDown(0)
    }
  }

  #siftDown(i: number): void {
    const items = this.#items
    const n = items.length
    const item = items[i]!
    for (;;) {
      const left = 2 * i + 1
      if (left >= n) break
      const right = left + 1
      const child = right < n && this.#less(items[right]!, items[left]!) ? right : left
      if (!this.#less(items[child]!, item)) break
      items[i] = items[child]!
      i = child
    }
    items[i] = item
  }
}
