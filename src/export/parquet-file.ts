import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Writable } from 'node:stream'
import {
  Compression,
  EnabledStatistics,
  Table as WasmTable,
  transformParquetStream,
  WriterPropertiesBuilder,
} from 'parquet-wasm'

/** Parquet compression codecs the export writes. */
export type ExportCompression = 'zstd' | 'snappy' | 'lz4' | 'none'

/** How a Parquet file is written. */
export interface ParquetOptions {
  readonly compression: ExportCompression
  readonly rowGroupSize: number
  /** Columns written with dictionary pages (strings). */
  readonly dictionaryColumns: readonly string[]
}

/** A Parquet file taking batches as Arrow IPC streams. */
export interface ParquetFile {
  /** Writes one batch (an Arrow IPC stream of one record batch) as a row group. */
  write(ipc: Uint8Array): Promise<void>
  close(): Promise<void>
  abort(): Promise<void>
}

const CODECS: Record<ExportCompression, Compression> = {
  zstd: Compression.ZSTD,
  snappy: Compression.SNAPPY,
  lz4: Compression.LZ4_RAW,
  none: Compression.UNCOMPRESSED,
}

/** Lets the event loop run (file writes, the Parquet stream). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * A Parquet file written batch by batch through parquet-wasm's streaming
 * writer: each batch becomes one row group and is written out before the
 * next is taken, so memory stays that of a batch or two. The file is written
 * under `<path>.partial` and renamed when complete.
 */
export async function parquetFile(path: string, options: ParquetOptions): Promise<ParquetFile> {
  await mkdir(dirname(path), { recursive: true })
  const partial = `${path}.partial`
  let builder = new WriterPropertiesBuilder()
    .setCompression(CODECS[options.compression])
    .setMaxRowGroupSize(options.rowGroupSize)
    // Dictionary pages only where they pay (strings); for numbers they cost more time than they save.
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(EnabledStatistics.Chunk)
    .setCreatedBy('typed-ftrace')
  for (const c of options.dictionaryColumns) builder = builder.setColumnDictionaryEnabled(c, true)
  const properties = builder.build()
  let controller!: ReadableStreamDefaultController<unknown>
  const batches = new ReadableStream<unknown>({ start: (c) => void (controller = c) }, { highWaterMark: 1 })
  const file = createWriteStream(partial)
  let failure: unknown
  const done = transformParquetStream(batches, properties)
    .then((bytes) => bytes.pipeTo(Writable.toWeb(file) as WritableStream<Uint8Array>))
    .catch((error: unknown) => {
      failure ??= error
    })
  const check = () => {
    if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure))
  }
  return {
    async write(ipc) {
      check()
      const table = WasmTable.fromIPCStream(ipc)
      for (const b of table.recordBatches()) controller.enqueue(b)
      table.free()
      // Back-pressure: wait until the writer has taken the batch.
      while ((controller.desiredSize ?? 1) <= 0 && failure === undefined) await turn()
      check()
    },
    async close() {
      controller.close()
      await done
      check()
      await rename(partial, path)
    },
    async abort() {
      try {
        controller.error(new Error('export aborted'))
      } catch {
        // already closed
      }
      await done
      file.destroy()
      await rm(partial, { force: true })
    },
  }
}
