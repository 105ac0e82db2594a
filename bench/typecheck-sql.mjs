// Type-check cost of 200 varied SQL statements read by typedSql() against the
// full Linux 6.18 typings, with the native compiler single-threaded:
// instantiations, types, check time and memory, net of the same file with no
// statements.
// Run after `npm run build`: node bench/typecheck-sql.mjs [count]
import { schemaFromDir } from '../dist/src/index.js'
import { sqlStatements, statementsModule } from './lib/sql-statements.mjs'
import { ROOT, printFigures, typecheck } from './lib/tsc-diagnostics.mjs'

export async function measureSqlStatements(count = 200, seed = 1) {
  const schema = await schemaFromDir(`${ROOT}/test/fixtures/kernels/linux-6.18`)
  const baseline = typecheck('sql-statements-0', { 'statements.ts': statementsModule([]) })
  const figures = typecheck(`sql-statements-${count}`, {
    'statements.ts': statementsModule(sqlStatements(schema, count, seed)),
  })
  return {
    statements: count,
    instantiations: figures.instantiations - baseline.instantiations,
    instantiationsPerStatement: Math.round((figures.instantiations - baseline.instantiations) / count),
    types: figures.types - baseline.types,
    checkTime: figures.checkTime,
    checkTimeNet: Math.max(0, figures.checkTime - baseline.checkTime),
    memoryMiB: Math.round(figures.memoryKiB / 1024),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 200)
  const f = await measureSqlStatements(count)
  printFigures(`${count} SQL statements against linux-6.18 (tsc --singleThreaded)`, {
    instantiations: f.instantiations,
    'per statement': `${f.instantiationsPerStatement} (target <= 5,000)`,
    types: f.types,
    'check time': `${f.checkTime.toFixed(3)} s (target < 1 s)`,
    'net of baseline': `${f.checkTimeNet.toFixed(3)} s`,
    memory: `${f.memoryMiB} MiB`,
  })
}
