import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tableFromIPC } from 'apache-arrow'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  evaluateAll,
  ExportError,
  exportTrace,
  openTrace,
  session,
  synthFromSpec,
  toArrowTable,
} from '../../src/index.js'
import type { SynthSpec, TraceFile, TraceRecord } from '../../src/index.js'
import { main } from '../../src/cli/main.js'
import { ROOT } from '../helpers/paths.js'
import { asJson, duckdb, rows, tableRows } from './duckdb.js'

const TRACEDAT = join(ROOT, 'test/fixtures/tracedat')
const PEER = join(ROOT, 'test/fixtures/peer')
const scratch = () => mkdtempSync(join(tmpdir(), 'typed-ftrace-export-'))
const META = new Set(['common_type', 'common_pid'])

const WAKEUP_LAT: SynthSpec = {
  name: 'wakeup_lat',
  start: 'sched/sched_waking',
  end: 'sched/sched_switch',
  steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { delta: true }, { endField: 'next_comm', as: 'comm' }],
}

/** What an event table's row must hold for a record: its columns as DuckDB's JSON shows them. */
function expectedRow(r: TraceRecord<unknown>, source: string): Record<string, unknown> {
  const row: Record<string, unknown> = {
    ts: String(r.ts),
    common_cpu: r.cpu,
    common_pid: r.pid,
    common_comm: r.comm ?? null,
  }
  for (const f of r.event.fields) if (!f.common) row[f.name] = asJson(r.field(f.name))
  for (const f of r.event.fields) if (f.common && !META.has(f.name)) row[f.name] = asJson(r.field(f.name))
  row['instance'] = r.instance
  row['source'] = source
  return row
}

/** A row of the records table for a record (with the peer columns of a session's export). */
function recordsRow(r: TraceRecord<unknown>, source: string, peers = false): Record<string, unknown> {
  return {
    ts: String(r.ts),
    common_cpu: r.cpu,
    common_pid: r.pid,
    system: r.system,
    event: r.name,
    instance: r.instance,
    missed_events: r.missedEvents,
    ...(peers ? { peer: r.peer!.name, host_thread: r.hostThread ?? null } : {}),
    source,
  }
}

describe.each(['v6', 'v7', 'v7-zstd', 'v7-instance'])('%s.dat exported to Parquet, read back by DuckDB', (name) => {
  let trace: TraceFile<unknown>
  let out: string
  let records: TraceRecord<unknown>[]
  beforeAll(async () => {
    trace = await openTrace<unknown>(join(TRACEDAT, `${name}.dat`))
    out = scratch()
    records = [...trace.records('*')]
    await exportTrace(trace, { out, synth: [WAKEUP_LAT], rowGroupSize: 500 })
  })

  it('has one table per event with its record count, and a records table of every record', async () => {
    const db = await duckdb()
    const counts = new Map<string, number>()
    for (const r of records) counts.set(`${r.system}/${r.name}`, (counts.get(`${r.system}/${r.name}`) ?? 0) + 1)
    const perEvent = await rows(
      db,
      `SELECT system || '/' || event AS e, count(*) AS n FROM '${out}/records.parquet' GROUP BY ALL ORDER BY e`,
    )
    expect(perEvent.map((r) => [r['e'], Number(r['n'])])).toEqual([...counts].sort(([a], [b]) => (a < b ? -1 : 1)))
    for (const [event, n] of counts) {
      const [count] = await rows(db, `SELECT count(*) AS n FROM '${out}/${event}.parquet'`)
      expect(Number(count!['n']), event).toBe(n)
    }
    const files = readdirSync(out, { recursive: true }).filter((f) => String(f).endsWith('.parquet'))
    expect(files.length).toBe(counts.size + 2) // the events, records, synthetic/wakeup_lat
  })

  it('every field of every record equals the reader’s, typed from the format', async () => {
    const db = await duckdb()
    const byEvent = new Map<string, TraceRecord<unknown>[]>()
    for (const r of records) {
      const key = `${r.system}/${r.name}`
      byEvent.set(key, [...(byEvent.get(key) ?? []), r])
    }
    let checked = 0
    for (const [event, list] of byEvent) {
      const got = await tableRows(db, `${out}/${event}.parquet`)
      expect(got.length).toBe(list.length)
      list.forEach((r, i) => expect(got[i], `${event} #${i}`).toEqual(expectedRow(r, name)))
      checked += list.length
    }
    expect(checked).toBe(records.length)
    // The narrow table: every record in the reader's order.
    const all = await tableRows(db, `${out}/records.parquet`)
    expect(all).toEqual(records.map((r) => recordsRow(r, name)))
  })

  it('types columns by size and sign, 64-bit as BIGINT/UBIGINT, ts as TIMESTAMP_NS, arrays as lists', async () => {
    const db = await duckdb()
    const types = async (event: string) =>
      Object.fromEntries(
        (await rows(db, `DESCRIBE SELECT * FROM '${out}/${event}.parquet'`)).map((c) => [
          c['column_name'],
          c['column_type'],
        ]),
      )
    const sw = await types('sched/sched_switch')
    expect(sw).toMatchObject({
      ts: 'TIMESTAMP_NS',
      common_cpu: 'INTEGER',
      common_pid: 'INTEGER',
      common_comm: 'VARCHAR',
      prev_comm: 'VARCHAR',
      prev_pid: 'INTEGER',
      prev_state: 'BIGINT',
      common_flags: 'UTINYINT',
      source: 'VARCHAR',
    })
    if (records.some((r) => r.system === 'raw_syscalls' && r.name === 'sys_enter'))
      expect(await types('raw_syscalls/sys_enter')).toMatchObject({ id: 'BIGINT', args: 'UBIGINT[]' })
  })

  it('writes the synthetic event evaluated offline, its columns typed from the synth', async () => {
    const db = await duckdb()
    const synth = synthFromSpec(WAKEUP_LAT, trace.schema)
    const want = evaluateAll(synth, trace.records('*')).filter((s) => s.action === 'trace')
    const got = await tableRows(db, `${out}/synthetic/wakeup_lat.parquet`)
    expect(got).toEqual(
      want.map((s) => ({
        ts: String(s.ts),
        common_cpu: s.cpu,
        common_pid: s.pid,
        common_comm: (s.end as TraceRecord<unknown>).comm ?? null,
        pid: s.fields['pid'],
        delta: String(s.fields['delta']),
        comm: s.fields['comm'],
        source: name,
      })),
    )
    const types = await rows(db, `DESCRIBE SELECT pid, delta, comm FROM '${out}/synthetic/wakeup_lat.parquet'`)
    expect(types.map((t) => t['column_type'])).toEqual(['INTEGER', 'UBIGINT', 'VARCHAR'])
  })
})

describe('a host and its guest exported as one source', () => {
  it('keeps the merged session’s order and host-time stamps, with peer and host_thread', async () => {
    const host = await openTrace<unknown>(join(PEER, 'qemu-host.dat'))
    const guest = await openTrace<unknown>(join(PEER, 'qemu-guest.dat'))
    const s = session(host).guest(guest)
    const out = scratch()
    const result = await exportTrace(s, { out })
    expect(result.sources).toEqual([{ name: 'qemu-host', dir: out, records: expect.any(Number) }])
    const merged = [...s.records()]
    const db = await duckdb()
    const got = await tableRows(db, `${out}/records.parquet`)
    expect(got).toEqual(merged.map((r) => recordsRow(r, 'qemu-host', true)))
    expect(new Set(got.map((r) => r['peer']))).toEqual(new Set(['host', s.guests[0]!.name]))
    // An event table of both peers: the guest's rows in host time, in the merged order.
    const prints = merged.filter((r) => r.system === 'ftrace' && r.name === 'print')
    const table = await tableRows(db, `${out}/ftrace/print.parquet`)
    expect(table.map((r) => [r['ts'], r['peer'], r['host_thread']])).toEqual(
      prints.map((r) => [String(r.ts), r.peer.name, r.hostThread ?? null]),
    )
  })
})

describe('several sources', () => {
  it('writes one folder per source, and one query spans them', async () => {
    const out = scratch()
    const traces = await Promise.all(['v6', 'v7', 'v7-zstd'].map((n) => openTrace<unknown>(join(TRACEDAT, `${n}.dat`))))
    await exportTrace(traces, { out, synth: [WAKEUP_LAT], events: ['sched:*'] })
    expect(readdirSync(out).sort()).toEqual(['v6', 'v7', 'v7-zstd'])
    expect(readdirSync(join(out, 'v7')).sort()).toEqual(['records.parquet', 'sched', 'synthetic'])
    const db = await duckdb()
    const got = await rows(
      db,
      `SELECT source, count(*) AS n FROM '${out}/*/synthetic/wakeup_lat.parquet' GROUP BY source ORDER BY source`,
    )
    const want = traces.map((t, i) => ({
      source: ['v6', 'v7', 'v7-zstd'][i],
      n: String(evaluateAll(synthFromSpec(WAKEUP_LAT, t.schema), t.records('*')).length),
    }))
    expect(got).toEqual(want)
  })

  it('refuses two sources of one name, and takes names given', async () => {
    const trace = await openTrace<unknown>(join(TRACEDAT, 'v7.dat'))
    await expect(exportTrace([trace, trace], { out: scratch() })).rejects.toThrow(/give each a name/)
    const out = scratch()
    await exportTrace(
      [
        { name: 'host-a', trace },
        { name: 'host/b', trace },
      ],
      { out, events: ['sched_switch'] },
    )
    expect(readdirSync(out).sort()).toEqual(['host-a', 'host_b'])
    const [row] = await rows(
      await duckdb(),
      `SELECT list(DISTINCT source ORDER BY source) AS s FROM '${out}/*/records.parquet'`,
    )
    expect(row!['s']).toEqual(['host-a', 'host/b'])
  })
})

describe('bad input', () => {
  it('a file that stops decoding half-way: the tables written so far are complete, the error names file and offset', async () => {
    // v7.dat with its CPU 1 data cut short in its sixth page (the page's commit size runs past the page).
    const bytes = Buffer.from(readFileSync(join(TRACEDAT, 'v7.dat')))
    const cpu1 = (await openTrace<unknown>(bytes)).buffers[0]!.cpus.find((c) => c.cpu === 1)!
    const page = cpu1.offset + 5 * 4096
    bytes.writeBigUInt64LE(0x7000n, page + 8)
    const dir = scratch()
    const file = join(dir, 'cut.dat')
    writeFileSync(file, bytes)
    const out = join(dir, 'out')
    const error = await exportTrace(await openTrace<unknown>(file), { out, rowGroupSize: 100 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ExportError)
    const e = error as ExportError
    expect(e.file).toBe(file)
    expect(e.offset).toBe(page + 8)
    expect(e.message).toContain(`${file}: cpu 1 data at offset ${page + 8}`)
    expect(e.records).toBeGreaterThan(100)
    // Every table is a complete Parquet file holding the records before the damage.
    const db = await duckdb()
    const [n] = await rows(db, `SELECT count(*) AS n FROM '${out}/records.parquet'`)
    expect(Number(n!['n'])).toBe(e.records)
    const [m] = await rows(db, `SELECT count(*) AS n FROM '${out}/*/*.parquet'`)
    expect(Number(m!['n'])).toBe(e.records)
    expect(readdirSync(out, { recursive: true }).some((f) => String(f).endsWith('.partial'))).toBe(false)
    // The command line says the same.
    const stderr: string[] = []
    const code = await main(['export', file, '--out', join(dir, 'out2')], {
      stdout: () => undefined,
      stderr: (t) => void stderr.push(t),
    })
    expect(code).toBe(3)
    expect(stderr.join('')).toContain(`${file}: cpu 1 data at offset ${page + 8}`)
    // The built command, whose Parquet is written by its worker thread: the same complete tables.
    const built = spawnSync(
      process.execPath,
      [join(ROOT, 'dist/src/cli/main.js'), 'export', file, '--out', join(dir, 'out3')],
      {
        encoding: 'utf8',
      },
    )
    expect(built.status).toBe(3)
    expect(built.stderr).toContain(`${file}: cpu 1 data at offset ${page + 8}`)
    const [k] = await rows(db, `SELECT count(*) AS n FROM '${join(dir, 'out3')}/*/*.parquet'`)
    expect(Number(k!['n'])).toBe(e.records)
  })

  it('the built command (Parquet written in a worker thread) writes what the API does in-thread', async () => {
    const out = scratch()
    const files = ['v6', 'v7-instance'].map((n) => join(TRACEDAT, `${n}.dat`))
    const built = spawnSync(
      process.execPath,
      [join(ROOT, 'dist/src/cli/main.js'), 'export', ...files, '--out', join(out, 'cli'), '--row-group-size', '400'],
      { encoding: 'utf8' },
    )
    expect(built.stderr).toBe('')
    expect(built.stdout).toMatch(/^v6: 1963 records, \d+ tables in /)
    const traces = await Promise.all(files.map((f) => openTrace<unknown>(f)))
    await exportTrace(traces, { out: join(out, 'api'), rowGroupSize: 400 })
    const db = await duckdb()
    for (const table of [
      'v6/records',
      'v6/sched/sched_switch',
      'v7-instance/records',
      'v7-instance/sched/sched_waking',
    ])
      expect(await tableRows(db, `${out}/cli/${table}.parquet`), table).toEqual(
        await tableRows(db, `${out}/api/${table}.parquet`),
      )
  })

  it('does not overwrite an output directory without --force', async () => {
    const out = scratch()
    writeFileSync(join(out, 'notes.txt'), 'mine')
    const trace = await openTrace<unknown>(join(TRACEDAT, 'v7.dat'))
    await expect(exportTrace(trace, { out })).rejects.toMatchObject({ code: 'EEXIST' })
    const stderr: string[] = []
    const io = { stdout: () => undefined, stderr: (t: string) => void stderr.push(t) }
    expect(await main(['export', join(TRACEDAT, 'v7.dat'), '--out', out], io)).toBe(3)
    expect(stderr.join('')).toMatch(/EEXIST: .* exists and is not empty: .*--force/)
    expect(await main(['export', join(TRACEDAT, 'v7.dat'), '--out', out, '--force'], io)).toBe(0)
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine')
    // --force again: the earlier tables are replaced, not added to.
    expect(
      await main(['export', join(TRACEDAT, 'v7.dat'), '--out', out, '--force', '--events', 'sched:sched_switch'], io),
    ).toBe(0)
    expect(readdirSync(join(out, 'sched'))).toEqual(['sched_switch.parquet'])
  })
})

describe('event selection', () => {
  it('takes system:event, system:* and bare names, and refuses a name no event has', async () => {
    const trace = await openTrace<unknown>(join(TRACEDAT, 'v7.dat'))
    const out = scratch()
    await exportTrace(trace, { out, events: ['irq:*', 'sched_switch', 'sched/sched_waking'] })
    expect(readdirSync(join(out, 'sched')).sort()).toEqual(['sched_switch.parquet', 'sched_waking.parquet'])
    expect(readdirSync(join(out, 'irq')).sort()).toEqual(['softirq_entry.parquet', 'softirq_exit.parquet'])
    await expect(exportTrace(trace, { out: scratch(), events: ['sched:sched_swich'] })).rejects.toThrow(
      /'sched:sched_swich': no such event in the formats of .*v7\.dat/,
    )
  })
})

describe('Arrow', () => {
  it('writes Arrow IPC files with the same rows', async () => {
    const trace = await openTrace<unknown>(join(TRACEDAT, 'v7-zstd.dat'))
    const out = scratch()
    await exportTrace(trace, { out, format: 'arrow', rowGroupSize: 300, events: ['sched:sched_switch'] })
    const table = tableFromIPC(readFileSync(join(out, 'sched/sched_switch.arrow')))
    const switches = [...trace.records()].filter((r) => r.system === 'sched' && r.name === 'sched_switch')
    expect(table.numRows).toBe(switches.length)
    expect(table.batches.length).toBe(Math.ceil(switches.length / 300))
    const pids = table.getChild('next_pid')!.toArray() as Int32Array
    expect([...pids]).toEqual(switches.map((r) => r.field('next_pid')))
    expect(table.getChild('next_comm')!.get(3)).toBe(switches[3]!.field('next_comm'))
    // Time stamps as stored: nanoseconds (apache-arrow's get() shows a timestamp as milliseconds).
    const ts = table.getChild('ts')!.data.flatMap((d) => [...(d.values as BigInt64Array)])
    expect(ts).toEqual(switches.map((r) => r.ts))
  })

  it('toArrowTable: records in memory, every field of their events', async () => {
    const trace = await openTrace<unknown>(join(TRACEDAT, 'v7.dat'))
    const picked = [...trace.records()].filter((r) => r.system === 'sched')
    const table = await toArrowTable(picked)
    expect(table.numRows).toBe(picked.length)
    const json = table.toArray().map((row) => row.toJSON() as Record<string, unknown>)
    const ts = table.getChild('ts')!.data.flatMap((d) => [...(d.values as BigInt64Array)])
    expect(ts).toEqual(picked.map((r) => r.ts))
    picked.forEach((r, i) => {
      const row = json[i]!
      expect(row['event']).toBe(r.name)
      for (const f of r.event.fields)
        if (!META.has(f.name)) expect(row[f.name] ?? undefined, f.name).toEqual(r.field(f.name))
    })
  })
})
