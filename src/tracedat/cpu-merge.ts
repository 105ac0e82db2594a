import { CpuStream, PageFormatError } from '../ring-buffer/cpu-stream.js'
import { MergeHeap } from '../ring-buffer/merge-heap.js'
import { pageLayout } from '../ring-buffer/page-layout.js'
import type { RecordContext } from '../ring-buffer/record.js'
import type { BufferData } from './container.js'
import { cpuPageSource } from './cpu-data.js'
import type { ReadProgress } from './cpu-data.js'
import { TraceDatError } from './errors.js'
import { decodeBudget } from './file-data.js'
import type { FileData } from './file-data.js'
import type { RecordSelection } from './selection.js'
import { Timeline } from './timestamps.js'
import type { TimestampOptions } from './timestamps.js'

/** The streams of one read, merged. */
export interface Merge {
  readonly heap: MergeHeap
  readonly streams: readonly StreamInfo[]
}

/** One CPU of one buffer in a merge: its stream, its clock and what its records share. */
export interface StreamInfo {
  readonly stream: CpuStream
  readonly timeline: Timeline
  readonly instance: string
  readonly section: string
  /** What its records share. */
  readonly context: RecordContext
}

/** What {@link mergeStreams} reads. */
export interface MergeProps {
  readonly file: FileData
  /** The selected buffers. */
  readonly buffers: readonly BufferData[]
  readonly selection: RecordSelection
  /** The time stamp conversions of this read. */
  readonly timestamps: TimestampOptions
  readonly progress: ReadProgress
}

/** Sets up one CPU stream per selected CPU of the selected buffers, each on its first event. */
export function mergeStreams({ file, buffers, selection, timestamps, progress }: MergeProps): Merge {
  const wanted = selection.cpus ? new Set(selection.cpus) : undefined
  const infos: { stream: CpuStream; buffer: BufferData; index: number; section: string }[] = []
  const budget = decodeBudget(file) // one for the whole pass: it bounds the total across CPUs
  const sortedBuffers = [...buffers].sort((a, b) => (a.name === '' ? -1 : b.name === '' ? 1 : 0))
  sortedBuffers.forEach((buffer, index) => {
    const layout = pageLayout(undefined, file.littleEndian, buffer.pageSize, file.longSize)
    for (const cpu of buffer.cpus) {
      if (wanted && !wanted.has(cpu.cpu)) continue
      const section = `${buffer.name ? `buffer '${buffer.name}' ` : ''}cpu ${cpu.cpu} data`
      const source = cpuPageSource(
        file.source,
        file.littleEndian,
        buffer,
        cpu,
        file.compression,
        file.zstd,
        section,
        budget,
        progress,
      )
      infos.push({
        stream: new CpuStream(cpu.cpu, layout, source, 0n, index * 65536 + cpu.cpu),
        buffer,
        index,
        section,
      })
    }
  })
  // One time origin per clock: the earliest first page of the buffers on it.
  const origins = new Map<string, bigint>()
  for (const info of infos) {
    const first = guard(info.section, info.stream, () => info.stream.firstPageTimestamp())
    if (first === undefined) continue
    const clock = info.buffer.clock ?? ''
    const known = origins.get(clock)
    if (known === undefined || first < known) origins.set(clock, first)
  }
  const timelines = new Map<BufferData, Timeline>()
  const streams: StreamInfo[] = infos.map((info) => {
    const base = origins.get(info.buffer.clock ?? '') ?? 0n
    let timeline = timelines.get(info.buffer)
    if (!timeline)
      timelines.set(info.buffer, (timeline = new Timeline(base, file.options, timestamps, info.buffer.name === '')))
    info.stream.cursor.setBase(base)
    // Records are given their merge key (see Timeline.key) and turn it into their time stamp.
    const context: RecordContext = {
      cpu: info.stream.cpu,
      instance: info.buffer.name,
      reader: file.reader,
      comms: file.cmdlines,
      clock: timeline.keyClock,
      cache: undefined,
      peer: selection.peer,
    }
    const s = { stream: info.stream, timeline, instance: info.buffer.name, section: info.section, context }
    info.stream.slot = s
    return s
  })
  const big = origins.size > 1 || streams.some((s) => !s.timeline.plain && !s.timeline.numericKeys)
  const heap = new MergeHeap(big)
  for (const s of streams) if (advanceStream(s, big)) heap.push(s.stream)
  return { heap, streams }
}

/** Runs `f` on a stream, turning a page format error into a {@link TraceDatError} at its file offset. */
function guard<T>(section: string, stream: CpuStream, f: () => T): T {
  try {
    return f()
  } catch (error) {
    if (error instanceof PageFormatError)
      throw new TraceDatError(section, stream.runPosition + error.offset, error.message, { cause: error })
    throw error
  }
}

/** Moves a stream to its next event and gives it its merge key; false at its end. */
export function advanceStream(s: StreamInfo, big: boolean): boolean {
  const stream = s.stream
  let more: boolean
  try {
    more = stream.advance()
  } catch (error) {
    if (error instanceof PageFormatError)
      throw new TraceDatError(s.section, stream.runPosition + error.offset, error.message, { cause: error })
    throw error
  }
  if (!more) return false
  if (big) stream.bigKey = s.timeline.ts(stream.rel, stream.cpu)
  else stream.key = s.timeline.numericKeys ? s.timeline.key(stream.rel, stream.cpu) : stream.rel
  return true
}
