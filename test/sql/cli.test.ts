// `typed-ftrace sql echo|eval`: the library's sql() on the command line. The
// statement with a JOIN prints what the same definition built by the builder
// prints, and evaluates over a trace.dat to the records `synth eval` gives for
// the equivalent JSON spec; a statement without JOIN prints its hist trigger and
// evaluates to the offline hist of the same keys, values and filter.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { hist, openTrace, schemaFromDir, sql } from '../../src/index.js'
import type { Schema } from '../../src/index.js'
import { KERNEL_6_1, ROOT } from '../helpers/paths.js'

const TRACE = join(ROOT, 'test/fixtures/tracedat/v7-zstd.dat')
const LAT =
  'SELECT a.pid AS pid, b.next_comm AS comm, TIMESTAMP_DELTA_USECS AS delta FROM sched.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = b.next_pid'
const dir = mkdtempSync(join(tmpdir(), 'typed-ftrace-sql-cli-'))

async function run(...args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(args, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) })
  return { code, out: out.join(''), err: err.join('') }
}

let schema: Schema
beforeAll(async () => {
  schema = await schemaFromDir(KERNEL_6_1)
})

describe('typed-ftrace sql', () => {
  it('echo prints the synthetic event of a JOIN as sql().echoCmd() does, in the form asked for', async () => {
    const r = await run('sql', 'echo', LAT, '--name', 'lat', '--formats', KERNEL_6_1, '--legacy-actions')
    expect(r).toMatchObject({ code: 0, err: '' })
    expect(r.out).toBe(sql('lat', LAT, schema).echoCmd({ actionSyntax: 'legacy' }))
    expect(r.out).toContain(':onmatch(sched.sched_waking).lat(')
  })

  it('echo prints the hist of a statement without JOIN; the statement may come from a file', async () => {
    const file = join(dir, 'kmalloc.sql')
    writeFileSync(
      file,
      'SELECT CAST(call_site AS SYM), CAST(bytes_req AS _COUNTER_)\nFROM kmem.kmalloc\nWHERE bytes_req > 64\n',
    )
    const r = await run('sql', 'echo', `@${file}`, '--kernel', 'linux-6.1')
    expect(r).toEqual({
      code: 0,
      err: '',
      out: "echo 'hist:keys=call_site.sym:vals=bytes_req if bytes_req > 64' > /sys/kernel/tracing/events/kmem/kmalloc/trigger\n",
    })
  })

  it('eval gives the records synth eval gives for the same definition as a JSON spec', async () => {
    const spec = join(dir, 'lat.json')
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'lat',
        start: 'sched/sched_waking',
        end: 'sched/sched_switch',
        steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { endField: 'next_comm', as: 'comm' }, { delta: true }],
      }),
    )
    const fromSql = await run('sql', 'eval', LAT, '--name', 'lat', TRACE, '--format', 'jsonl')
    const fromSpec = await run('synth', 'eval', spec, TRACE, '--format', 'jsonl')
    expect(fromSql.code).toBe(0)
    expect(fromSql.out.split('\n').length).toBeGreaterThan(10)
    expect(fromSql.out).toBe(fromSpec.out)
  })

  it('eval computes the hist of a statement without JOIN offline, as the hist of the same definition does', async () => {
    const statement = 'SELECT next_comm, CAST(prev_prio AS _COUNTER_) FROM sched.sched_switch WHERE next_prio < 120'
    const r = await run('sql', 'eval', statement, TRACE)
    expect(r).toMatchObject({ code: 0, err: '' })
    const trace = await openTrace<unknown>(TRACE)
    const records = [...trace.records()].filter((x) => x.event.name === 'sched_switch')
    type Offline = { keys(k: string): Offline; values(v: string): Offline; filter(t: string): Offline; text(): string }
    const offline = (hist as unknown as (r: unknown) => Offline)(records)
      .keys('next_comm')
      .values('prev_prio')
      .filter('next_prio < 120')
    expect(r.out).toBe(offline.text())
    expect(r.out).toMatch(/Hits: [1-9]/)
    const none = await run('sql', 'eval', 'SELECT next_comm FROM sched.sched_switch WHERE next_prio > 100000', TRACE)
    expect(none).toMatchObject({ code: 1, out: '' })
    expect(none.err).toMatch(/^typed-ftrace sql eval: the hist counted no record of '.*v7-zstd\.dat'\n$/)
    const withName = await run('sql', 'eval', statement, TRACE, '--name', 'x')
    expect(withName).toMatchObject({
      code: 2,
      err: 'typed-ftrace sql: the statement has no JOIN: it makes a hist, which takes no --name\n',
    })
  })
})
