// The SQL dialect, proven against the kernel: random statements over the kernel's own formats
// (a fixed seed and a fresh one, generated on the host into sql-statements.json) are either
// refused by sql() or taken by the kernel, every write of them: a synthetic event with its two
// hist triggers (JOIN), or the hist trigger of the FROM event.
import { existsSync, readFileSync } from 'node:fs'
import { schemaFromLive, sql, tracefs, TracefsError } from '../../dist/src/index.js'
import { assert, test } from './harness.mjs'

const STATEMENTS = new URL('sql-statements.json', import.meta.url)

/** What the kernel said about a failed create: the file and the error_log message (or the errno). */
function kernelSaid(error) {
  if (!(error instanceof TracefsError)) return String(error)
  return `${error.file}: ${error.kernelMessage ?? `${error.code} (empty error_log)`}`
}

test('SQL: every statement sql() takes is taken by the kernel (fixed and fresh seed)', async ({ log }) => {
  assert(existsSync(STATEMENTS), 'sql-statements.json is missing: the host writes it before booting the lane')
  const runs = JSON.parse(readFileSync(STATEMENTS, 'utf8'))
  const schema = await schemaFromLive()
  const tfs = (await tracefs()).untyped()
  const failures = []
  for (const run of runs) {
    let taken = 0
    let ours = 0
    const refused = []
    for (const s of run.statements) {
      let result
      try {
        result = sql(s.name, s.sql, schema)
      } catch {
        continue // refused by sql() (the differential test compares these with libtracefs)
      }
      ours++
      console.log(`SQL-WRITING ${s.name}`)
      try {
        const handle = await tfs.create(result.kind === 'synth' ? result.synth : result)
        await handle.destroy()
        taken++
      } catch (error) {
        refused.push(`${s.name} [${s.scenario}] ${s.sql} -> ${kernelSaid(error)}`)
      }
    }
    log(
      `seed ${run.seed}: ${run.statements.length} statements; sql() takes ${ours} (${ours - refused.length} taken by the kernel), refuses ${run.statements.length - ours}`,
    )
    for (const r of refused) log(`  KERNEL REFUSED ${r}`)
    if (refused.length > 0)
      failures.push(`seed ${run.seed}: ${refused.length} statements sql() takes were refused by the kernel`)
    assert(taken === ours - refused.length, 'every statement counted once')
  }
  assert(failures.length === 0, failures.join('; '))
})
