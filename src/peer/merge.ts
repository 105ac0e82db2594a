import type { TraceRecord } from '../ring-buffer/record.js'

/**
 * Merges time-ordered record streams into one, by time stamp; on equal time
 * stamps the earlier stream first (trace-cmd's order for several input
 * files). A handful of streams: a linear scan beats a heap.
 */
export function* mergeByTime<K>(
  streams: readonly Iterator<TraceRecord<K>>[],
): Generator<TraceRecord<K>, void, undefined> {
  const heads: (TraceRecord<K> | undefined)[] = []
  const times: bigint[] = []
  try {
    for (const s of streams) {
      const next = s.next()
      heads.push(next.done ? undefined : next.value)
      times.push(next.done ? 0n : next.value.ts)
    }
    for (;;) {
      let pick = -1
      for (let i = 0; i < heads.length; i++) {
        if (heads[i] !== undefined && (pick < 0 || times[i]! < times[pick]!)) pick = i
      }
      if (pick < 0) return
      const record = heads[pick]!
      const next = streams[pick]!.next()
      if (next.done) heads[pick] = undefined
      else {
        heads[pick] = next.value
        times[pick] = next.value.ts
      }
      yield record
    }
  } finally {
    for (const s of streams) s.return?.()
  }
}
