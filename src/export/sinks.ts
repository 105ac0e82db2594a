import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { finished } from 'node:stream/promises'
import { RecordBatchFileWriter, Table, tableToIPC } from 'apache-arrow'
import type { RecordBatch } from 'apache-arrow'
import { parquetFile } from './parquet-file.js'
import type { ParquetOptions } from './parquet-file.js'

export type { ExportCompression } from './parquet-file.js'

/** Where the batches of one table go: a file written as they come. */
export interface TableSink {
  /** Writes one batch (a Parquet row group, an Arrow record batch). */
  write(batch: RecordBatch): Promise<void>
  /** Ends the file (footer written, then renamed into place). */
  close(): Promise<void>
  /** Drops the unfinished file. */
  abort(): Promise<void>
}

/** A Parquet table written in this thread (see {@link parquetFile}). */
export async function parquetSink(path: string, options: ParquetOptions): Promise<TableSink> {
  const file = await parquetFile(path, options)
  return {
    write: (batch) => file.write(tableToIPC(new Table(batch), 'stream')),
    close: () => file.close(),
    abort: () => file.abort(),
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
