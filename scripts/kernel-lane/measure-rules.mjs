// Measures how many generated definitions the project accepts but the 6.1 kernel refuses
// (the kernel rules issue): generates specs on the host, replays them in the lane.
// Run after `npm run build`: node scripts/kernel-lane/measure-rules.mjs [count] [seed]
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { schemaFromDir } from '../../dist/src/index.js'
import { ROOT, runInGuest } from './lane.mjs'

const count = Number(process.argv[2] ?? 300)
const seed = Number(process.argv[3] ?? 1)
// The generator is TypeScript (it serves the tests): compile it afresh next to the build.
const { generateSpecs } = await (async () => {
  const { execSync } = await import('node:child_process')
  const { rmSync } = await import('node:fs')
  rmSync(join(ROOT, '.cache/gen'), { recursive: true, force: true })
  execSync(`node ${join(ROOT, 'node_modules/typescript/bin/tsc')} ${join(ROOT, 'test/oracle/gen-specs.ts')} --ignoreConfig --rootDir ${ROOT} --outDir ${join(ROOT, '.cache/gen')} --types node --module NodeNext --moduleResolution NodeNext --target ES2022 --skipLibCheck`, { stdio: 'inherit' })
  return import(join(ROOT, '.cache/gen/test/oracle/gen-specs.js'))
})()
const schema = await schemaFromDir(join(ROOT, 'test/fixtures/kernels/linux-6.1'))
const specs = generateSpecs(schema, count, seed)
mkdirSync(join(ROOT, '.cache/kernel-lane'), { recursive: true })
const file = join(ROOT, 'test/guest/specs.json')
writeFileSync(file, JSON.stringify(specs))
const run = await runInGuest('test/guest/measure-rules.mjs', ['test/guest/specs.json'])
console.log(run.output)
