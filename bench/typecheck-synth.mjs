// Type-check cost of 200 varied synth chains against the full Linux 6.18
// typings, with the native compiler single-threaded: instantiations, types,
// check time and memory, net of the same file with no chains.
// Run after `npm run build`: node bench/typecheck-synth.mjs [count]
import { schemaFromDir } from '../dist/src/index.js'
import { chainsModule, synthChains } from './lib/synth-chains.mjs'
import { ROOT, printFigures, typecheck } from './lib/tsc-diagnostics.mjs'

export async function measureSynthChains(count = 200, seed = 1) {
  const schema = await schemaFromDir(`${ROOT}/test/fixtures/kernels/linux-6.18`)
  const baseline = typecheck('synth-chains-0', { 'chains.ts': chainsModule([]) })
  const figures = typecheck(`synth-chains-${count}`, { 'chains.ts': chainsModule(synthChains(schema, count, seed)) })
  return {
    chains: count,
    instantiations: figures.instantiations - baseline.instantiations,
    instantiationsPerChain: Math.round((figures.instantiations - baseline.instantiations) / count),
    types: figures.types - baseline.types,
    checkTime: figures.checkTime,
    checkTimeNet: Math.max(0, figures.checkTime - baseline.checkTime),
    memoryMiB: Math.round(figures.memoryKiB / 1024),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 200)
  const f = await measureSynthChains(count)
  printFigures(`${count} synth chains against linux-6.18 (tsc --singleThreaded)`, {
    instantiations: f.instantiations,
    'per chain': f.instantiationsPerChain,
    types: f.types,
    'check time': `${f.checkTime.toFixed(3)} s (target < 2 s)`,
    'net of baseline': `${f.checkTimeNet.toFixed(3)} s`,
    memory: `${f.memoryMiB} MiB`,
  })
}
