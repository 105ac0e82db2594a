// The kernel-rules proof on its own: generates definitions over a lane kernel's formats for the
// given seeds (default: 1 and a fresh one), adds one definition per rule, and runs
// test/guest/kernel-rules.guest.mjs in that lane, printing its report. Run after `npm run build`:
//   node scripts/kernel-lane/measure-rules.mjs [--lane 6.1|6.12] [count] [seed...]
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { schemaFromDir } from '../../dist/src/index.js'
import { SHIPPED_KERNELS } from './kernels.mjs'
import { ROOT, runInGuest } from './lane.mjs'

let argv = process.argv.slice(2)
let lane = '6.1'
if (argv[0] === '--lane') {
  lane = argv[1]
  argv = argv.slice(2)
}
const count = Number(argv[0] ?? 300)
const seeds = argv.length > 1 ? argv.slice(1).map(Number) : [1, Math.floor(Math.random() * 2 ** 31)]
// The generator is TypeScript (it serves the tests): compile it afresh next to the build.
const { generateSpecs, RULE_SPECS } = await (async () => {
  const { execSync } = await import('node:child_process')
  const { rmSync } = await import('node:fs')
  rmSync(join(ROOT, '.cache/gen'), { recursive: true, force: true })
  execSync(
    `node ${join(ROOT, 'node_modules/typescript/bin/tsc')} ${join(ROOT, 'test/oracle/gen-specs.ts')} ${join(ROOT, 'test/kernel/rule-specs.ts')} --ignoreConfig --rootDir ${ROOT} --outDir ${join(ROOT, '.cache/gen')} --types node --module NodeNext --moduleResolution NodeNext --target ES2022 --skipLibCheck`,
    { stdio: 'inherit' },
  )
  return {
    ...(await import(join(ROOT, '.cache/gen/test/oracle/gen-specs.js'))),
    ...(await import(join(ROOT, '.cache/gen/test/kernel/rule-specs.js'))),
  }
})()
const kernel = SHIPPED_KERNELS.find((k) => k.lane === lane)
if (!kernel) throw new Error(`no shipped kernel has the lane '${lane}'`)
const schema = await schemaFromDir(join(ROOT, kernel.from))
const runs = seeds.map((seed, i) => ({
  label: i === 0 && argv.length <= 1 ? 'fixed' : `seed ${seed}`,
  seed,
  specs: generateSpecs(schema, count, seed),
}))
runs.push({ label: 'one definition per rule', seed: 'none', specs: RULE_SPECS })
console.log(`lane ${lane}: seeds ${seeds.join(', ')}; ${count} definitions each, and one per rule`)
writeFileSync(join(ROOT, 'test/guest/kernel-rules-specs.json'), JSON.stringify(runs))
const run = await runInGuest('test/guest/main.mjs', ['kernel-rules.guest.mjs'], { timeoutMs: 900_000, lane, cpus: 1 })
for (const line of run.output.split('\n')) {
  if (!line.startsWith('LANE-RESULT ')) continue
  const r = JSON.parse(line.slice('LANE-RESULT '.length))
  for (const l of r.log) console.log(l)
  console.log(r.ok ? 'PASS' : `FAIL: ${r.error}`)
}
console.log(`lane: exit ${run.exitCode}, ${run.totalMs} ms`)
