// The kernel-rules proof on its own: generates definitions over the 6.1 formats for the given
// seeds (default: 1 and a fresh one) and runs test/guest/kernel-rules.guest.mjs in the lane,
// printing its report. Run after `npm run build`:
//   node scripts/kernel-lane/measure-rules.mjs [count] [seed...]
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { schemaFromDir } from '../../dist/src/index.js'
import { ROOT, runInGuest } from './lane.mjs'

const count = Number(process.argv[2] ?? 300)
const seeds = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1, Math.floor(Math.random() * 2 ** 31)]
// The generator is TypeScript (it serves the tests): compile it afresh next to the build.
const { generateSpecs } = await (async () => {
  const { execSync } = await import('node:child_process')
  const { rmSync } = await import('node:fs')
  rmSync(join(ROOT, '.cache/gen'), { recursive: true, force: true })
  execSync(
    `node ${join(ROOT, 'node_modules/typescript/bin/tsc')} ${join(ROOT, 'test/oracle/gen-specs.ts')} --ignoreConfig --rootDir ${ROOT} --outDir ${join(ROOT, '.cache/gen')} --types node --module NodeNext --moduleResolution NodeNext --target ES2022 --skipLibCheck`,
    { stdio: 'inherit' },
  )
  return import(join(ROOT, '.cache/gen/test/oracle/gen-specs.js'))
})()
const schema = await schemaFromDir(join(ROOT, 'test/fixtures/kernels/linux-6.1'))
const runs = seeds.map((seed, i) => ({
  label: i === 0 && process.argv.length <= 3 ? 'fixed' : `seed ${seed}`,
  seed,
  specs: generateSpecs(schema, count, seed),
}))
console.log(`seeds: ${seeds.join(', ')}; ${count} definitions each`)
writeFileSync(join(ROOT, 'test/guest/kernel-rules-specs.json'), JSON.stringify(runs))
const run = await runInGuest('test/guest/main.mjs', ['kernel-rules.guest.mjs'], { timeoutMs: 900_000 })
for (const line of run.output.split('\n')) {
  if (!line.startsWith('LANE-RESULT ')) continue
  const r = JSON.parse(line.slice('LANE-RESULT '.length))
  for (const l of r.log) console.log(l)
  console.log(r.ok ? 'PASS' : `FAIL: ${r.error}`)
}
console.log(`lane: exit ${run.exitCode}, ${run.totalMs} ms`)
