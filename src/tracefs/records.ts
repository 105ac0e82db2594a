import { constants } from 'node:fs'
import { open, readdir } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import type { EventFormat } from '../schema/format-types.js'
import { FieldReader } from '../ring-buffer/field-decoder.js'
import { pageEvents } from '../ring-buffer/page.js'
import type { PageLayout } from '../ring-buffer/page.js'
import { TraceRecord } from '../ring-buffer/record.js'
import { readEventFormat, readPageLayout } from './event-format.js'
import type { TracefsIO } from './io.js'
import { TracefsUnsupportedError } from './errors.js'

/** Options of {@link readRawRecords}. */
export interface RawRecordsOptions {
  /** Keep reading as events arrive until aborted (default: drain what is there and stop). */
  readonly follow?: boolean
  readonly signal?: AbortSignal
  /** How often to look for new pages when following (default 100 ms). */
  readonly pollMs?: number
  /**
   * Which buffer to read: the live ring buffer (`trace_pipe_raw`, the
   * default) or the snapshot buffer (`snapshot_raw`, what `snapshot()`
   * actions and `echo 1 > snapshot` swapped out). Both are consumed by reading.
   */
  readonly buffer?: 'main' | 'snapshot'
}

/** An event to read: `system/event`. */
export interface EventName {
  readonly system: string
  readonly event: string
}

/**
 * Reads events of the given kinds from the per-CPU raw ring buffers
 * (`per_cpu/cpuN/trace_pipe_raw`, which consumes them; `snapshot_raw` for the
 * snapshot buffer), decodes pages with the
 * same decoder as trace.dat files and yields records merged across CPUs in
 * time order.
 */
export async function* readRawRecords(
  io: TracefsIO,
  prefix: string,
  events: readonly EventName[],
  options: RawRecordsOptions = {},
): AsyncGenerator<TraceRecord> {
  const layout: PageLayout = await readPageLayout(io)
  const reader = new FieldReader(true, layout.longSize)
  const formats = new Map<number, EventFormat>()
  for (const e of events) {
    const format = await readEventFormat(io, e.system, e.event, layout.longSize)
    formats.set(format.id, format)
  }
  const cpus = (await readdir(io.path(`${prefix}per_cpu`)))
    .filter((d) => /^cpu\d+$/.test(d))
    .map((d) => Number(d.slice(3)))
    .sort((a, b) => a - b)
  const handles: [number, FileHandle][] = []
  const file = options.buffer === 'snapshot' ? 'snapshot_raw' : 'trace_pipe_raw'
  try {
    for (const cpu of cpus) {
      const path = `${prefix}per_cpu/cpu${cpu}/${file}`
      const handle = await open(io.path(path), constants.O_RDONLY | constants.O_NONBLOCK).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT' && file === 'snapshot_raw')
            throw new TracefsUnsupportedError(
              ['CONFIG_TRACER_SNAPSHOT'],
              `this kernel has no snapshot buffer (${path} is missing: CONFIG_TRACER_SNAPSHOT is not set)`,
            )
          throw error
        },
      )
      handles.push([cpu, handle])
    }
    const page = new Uint8Array(layout.pageSize)
    for (;;) {
      const batch: TraceRecord[] = []
      for (const [cpu, handle] of handles) {
        for (;;) {
          let n: number
          try {
            n = (await handle.read(page, 0, page.length, null)).bytesRead
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break
            throw error
          }
          if (n === 0) break
          for (const ev of pageEvents(page.subarray(0, n), 0, layout)) {
            const id = new DataView(page.buffer, ev.offset, 2).getUint16(0, true)
            const format = formats.get(id)
            if (!format) continue
            batch.push(
              new TraceRecord({
                ts: ev.ts,
                cpu,
                event: format,
                data: page.slice(ev.offset, ev.offset + ev.size),
                reader,
                missedEvents: ev.missed,
              }),
            )
          }
        }
      }
      batch.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.cpu - b.cpu))
      yield* batch
      if (!options.follow || options.signal?.aborted) return
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100))
      if (options.signal?.aborted) return
    }
  } finally {
    for (const [, handle] of handles) await handle.close().catch(() => undefined)
  }
}
