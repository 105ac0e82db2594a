// Where the type-check cost of the synth builder goes: the 200 chains of
// typecheck-synth.mjs cut down to their first steps, then with one kind of
// step added back, each figure net of the same file with no chains.
// Run after `npm run build`: node bench/typecheck-synth-steps.mjs [count]
import { schemaFromDir } from '../dist/src/index.js'
import { chainsModule, synthChains } from './lib/synth-chains.mjs'
import { ROOT, printFigures, typecheck } from './lib/tsc-diagnostics.mjs'

const count = Number(process.argv[2] ?? 200)
const schema = await schemaFromDir(`${ROOT}/test/fixtures/kernels/linux-6.18`)
const chains = synthChains(schema, count, 1)
const baseline = typecheck('synth-steps-0', { 'chains.ts': chainsModule([]) })

/** Each chain is `synth(...)`, `.start`, `.end`, `.match`, then optional steps, one per line. */
const steps = (chain) => chain.split('\n  ')
const withSteps = (prefix) => (s) => s.slice(0, 4).concat(s.slice(4).filter((step) => step.startsWith(prefix)))
const variants = {
  'synth + start': (s) => s.slice(0, 2),
  '+ end': (s) => s.slice(0, 3),
  '+ match (+ SynthFields)': (s) => s.slice(0, 4),
  'match + delta': withSteps('.delta'),
  'match + copied fields': (s) => s.slice(0, 4).concat(s.slice(4).filter((x) => /^\.(start|end)Field\(/.test(x))),
  'match + startFilter': withSteps('.startFilter'),
  'match + appendEndFilter': withSteps('.appendEndFilter'),
  'whole chains': (s) => s,
}
const figures = {}
for (const [name, cut] of Object.entries(variants)) {
  const f = typecheck(`synth-steps-${name.replace(/\W+/g, '-')}`, {
    'chains.ts': chainsModule(chains.map((c) => cut(steps(c)).join('\n  '))),
  })
  figures[name] = `${Math.round((f.instantiations - baseline.instantiations) / count)} per chain`
}
printFigures(`instantiations per chain, ${count} chains against linux-6.18, by the steps they keep`, figures)
