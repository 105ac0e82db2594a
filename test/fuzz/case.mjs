// Writes one fuzz case to a file and says what was done to it:
//   node test/fuzz/case.mjs SEED CASE OUT.dat
import { writeFileSync } from 'node:fs'
import { makeCase } from './mutate.mjs'

const [seed, index, out] = process.argv.slice(2)
const c = makeCase(Number(seed), Number(index))
writeFileSync(out, c.bytes)
console.log(`${c.fixture}: ${c.mutations.join(', ') || 'unchanged'} (${c.bytes.length} bytes) -> ${out}`)
