import { Field, makeData, RecordBatch, Schema, Struct } from 'apache-arrow'
import type { ColumnBuilder } from './columns.js'
import type { TableSink } from './sinks.js'

/** A column: its name and builder. */
export interface Column {
  readonly name: string
  readonly builder: ColumnBuilder
}

/** Limits of a batch before it is written. */
export interface BatchLimits {
  /** Rows per batch (a Parquet row group). */
  readonly rows: number
  /** Bytes a batch may hold before it is written early (wide strings). */
  readonly bytes: number
}

/**
 * One output table: its columns' builders fill a batch, which is written to
 * the table's file (opened on the first batch) when it is full.
 */
export class TableWriter {
  /** Where the table is written (`sched/sched_switch.parquet` under the output directory). */
  readonly path: string
  readonly columns: readonly Column[]
  readonly schema: Schema
  /** Rows in the current batch. */
  rows = 0
  /** Rows written so far. */
  written = 0
  readonly #limits: BatchLimits
  readonly #open: (table: TableWriter) => Promise<TableSink>
  #sink: TableSink | undefined

  constructor(
    path: string,
    columns: readonly Column[],
    limits: BatchLimits,
    open: (table: TableWriter) => Promise<TableSink>,
  ) {
    this.path = path
    this.columns = columns
    this.schema = new Schema(columns.map((c) => new Field(c.name, c.builder.type, true)))
    this.#limits = limits
    this.#open = open
  }

  /** Whether the batch is full (rows, or bytes checked every 1024 rows). */
  get full(): boolean {
    const rows = this.rows
    if (rows >= this.#limits.rows) return true
    if ((rows & 1023) !== 0) return false
    let bytes = 0
    for (const c of this.columns) bytes += c.builder.bytes
    return bytes >= this.#limits.bytes
  }

  /** The current batch as an Arrow record batch; the builders start the next one. */
  takeBatch(): RecordBatch {
    const length = this.rows
    const children = this.columns.map((c) => c.builder.finish(length))
    this.rows = 0
    this.written += length
    return new RecordBatch(this.schema, makeData({ type: new Struct(this.schema.fields), length, children }))
  }

  /** Writes the current batch (if any rows). */
  async flush(): Promise<void> {
    if (this.rows === 0) return
    const batch = this.takeBatch()
    this.#sink ??= await this.#open(this)
    await this.#sink.write(batch)
  }

  /** Writes what is left and ends the file; a table that never had a row gets an empty file with its columns. */
  async close(): Promise<void> {
    if (this.#sink === undefined && this.rows === 0) {
      this.#sink = await this.#open(this)
      await this.#sink.write(this.takeBatch())
    } else await this.flush()
    await this.#sink!.close()
  }

  /** Drops the file being written. */
  async abort(): Promise<void> {
    await this.#sink?.abort()
  }
}
