import { DuckDBInstance } from '@duckdb/node-api'
import type { DuckDBConnection } from '@duckdb/node-api'

/** A DuckDB connection in memory (the query engine the exported tables are checked with). */
export async function duckdb(): Promise<DuckDBConnection> {
  return (await DuckDBInstance.create(':memory:')).connect()
}

/** Rows of a query as JSON values (64-bit integers as strings). */
export async function rows(db: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]
}

/**
 * Every row of one Parquet file in file order, each column as JSON: time
 * stamps as their nanoseconds (a string), binary as upper-case hex.
 */
export async function tableRows(db: DuckDBConnection, path: string): Promise<Record<string, unknown>[]> {
  const columns = await rows(db, `DESCRIBE SELECT * FROM '${path}'`)
  const select = columns
    .map((c) => {
      const name = `"${String(c['column_name'])}"`
      if (c['column_type'] === 'TIMESTAMP_NS') return `epoch_ns(${name})::VARCHAR AS ${name}`
      if (c['column_type'] === 'BLOB') return `hex(${name}) AS ${name}`
      return name
    })
    .join(', ')
  return rows(db, `SELECT ${select} FROM '${path}'`)
}

/** A value as DuckDB's JSON shows it: bigints as strings, bytes as hex, undefined as null. */
export function asJson(value: unknown): unknown {
  if (value === undefined || value === null) return null
  if (typeof value === 'bigint') return String(value)
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex').toUpperCase()
  if (Array.isArray(value)) return value.map(asJson)
  return value
}
