import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { RecordBatchFileWriter, Table, tableToIPC } from 'apache-arrow'
import type { RecordBatch } from 'apache-arrow'
import {
  Compression,
  EnabledStatistics,
  Table as WasmTable,
  transformParquetStream,
  WriterPropertiesBuilder,
} from 'parquet-wasm'

/** Parquet compression codecs the export writes. */
export type ExportCompression = 'zstd' | 'snappy' | 'lz4' | 'none'

/** Where the batches of one table go: a file written as they come. */
export interface TableSink {
  /** Writes one batch (a Parquet row group, an Arrow record batch). */
  write(batch: RecordBatch): Promise<void>
  /** Ends the file (footer written, then renamed into place). */
  close(): Promise<void>
  /** Drops the unfinished file. */
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
export async function parquetSink(
  path: string,
  options: { compression: ExportCompression; rowGroupSize: number; dictionaryColumns: readonly string[] },
): Promise<TableSink> {
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
    async write(batch) {
      check()
      const ipc = tableToIPC(new Table(batch), 'stream')
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

/** An Arrow IPC file (Feather v2), written batch by batch. */
export async function arrowSink(path: string): Promise<TableSink> {
  await mkdir(dirname(path), { recursive: true })
  const partial = `${path}.partial`
  const writer = new RecordBatchFileWriter()
  const file = createWriteStream(partial)
  const stream = writer.toNodeStream()
  stream.pipe(file)
  return {
    async write(batch) {
      writer.write(batch)
      if (file.writableNeedDrain) await new Promise<void>((resolve) => file.once('drain', () => resolve()))
    },
    async close() {
      writer.finish()
      await finished(file)
      await rename(partial, path)
    },
    async abort() {
      writer.abort()
      file.destroy()
      await rm(partial, { force: true })
    },
  }
}
