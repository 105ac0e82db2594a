import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { exportTrace, openTrace, synth, TIMESTAMP_USECS } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1'

// One trace per host (here three recorded fixtures), each exported as its own source.
const files = ['v6', 'v7', 'v7-zstd'].map((name) => `test/fixtures/tracedat/${name}.dat`)
const traces = await Promise.all(files.map((file) => openTrace(file)))
const wakeupLat = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta(TIMESTAMP_USECS)

const out = mkdtempSync(join(tmpdir(), 'fleet-'))
const result = await exportTrace(traces, { out, synth: [wakeupLat] })
// out/v6/sched/sched_switch.parquet, out/v7/records.parquet, out/v7-zstd/synthetic/wakeup_lat.parquet, ...
console.log(result.sources.map((s) => `${s.name}: ${s.records} records`).join(', '))

// One query across the fleet: every source's synthetic table, by a glob.
const db = await (await DuckDBInstance.create(':memory:')).connect()
const p99 = await db.runAndReadAll(`
  SELECT source, count(*) AS wakeups, round(quantile_cont(delta, 0.99)) AS p99_us
  FROM '${out}/*/synthetic/wakeup_lat.parquet' GROUP BY source ORDER BY source`)
console.table(p99.getRowObjectsJson())
