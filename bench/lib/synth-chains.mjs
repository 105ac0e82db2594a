// Writes N varied, valid synth chains over a kernel schema as TypeScript
// source, for measuring what the typed builder costs the compiler. Seeded, so
// the same N and seed give the same file (and the same instantiation count).
import { flagNames } from '../../dist/src/index.js'

export function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const key = (f) => `${f.size}/${flagNames(f.flags)}`
export const numeric = (f) => !/array|dynamic/.test(flagNames(f.flags))
/** A string to the kernel's filters: char arrays (libtraceevent also marks u8/s8 arrays as strings). */
export const isString = (f) => /string/.test(flagNames(f.flags)) && /char/.test(f.cType)
/** A field the kernel takes as a synthetic field: not an array, or a char array (a string). */
export const copyable = (f) => !/array/.test(flagNames(f.flags)) || /char/.test(f.cType)

/**
 * @param {import('../../dist/src/index.js').Schema} schema
 * @param {number} count
 * @param {number} seed
 * @returns {string[]} one expression per chain
 */
export function synthChains(schema, count, seed = 1) {
  const random = mulberry32(seed)
  const pick = (list) => list[Math.floor(random() * list.length)]
  const events = schema.events.filter((e) => e.system !== 'ftrace' && e.fields.some((f) => !f.common))
  const chains = []
  while (chains.length < count) {
    const start = pick(events)
    const end = random() < 0.1 ? start : pick(events)
    const own = (e) => e.fields.filter((f) => !f.common)
    const pairs = []
    for (const a of own(start)) for (const b of own(end)) if (key(a) === key(b)) pairs.push([a, b])
    if (pairs.length === 0) continue
    const [ms, me] = pick(pairs)
    const n = chains.length
    let chain = `withSchema(schema).synth('chain_${n}')\n  .start('${start.system}', '${start.name}')\n  .end('${end.system}', '${end.name}')\n  .match('${ms.name}', '${me.name}'${random() < 0.5 ? `, 'key_${n}'` : ''})`
    const hasDelta = random() < 0.8
    if (hasDelta) chain += `\n  .delta(${random() < 0.5 ? '' : "'common_timestamp', 'lat'"})`
    const startFields = own(start)
    const endFields = own(end)
    const startCopies = startFields.filter(copyable)
    const endCopies = endFields.filter(copyable)
    if (random() < 0.6 && startCopies.length > 0) chain += `\n  .startField('${pick(startCopies).name}', 's_${n}')`
    if (random() < 0.6 && endCopies.length > 0) chain += `\n  .endField('${pick(endCopies).name}', 'e_${n}')`
    if (random() < 0.5) {
      const f = pick(startFields)
      if (isString(f)) chain += `\n  .startFilter((f) => f.glob('${f.name}', 'a*').or(f.ne('${f.name}', 'b')))`
      else if (numeric(f)) chain += `\n  .startFilter((f) => f.lt('${f.name}', 100).and(f.not(f.eq('${f.name}', 3))))`
    }
    if (random() < 0.4) {
      const f = pick(endFields)
      if (isString(f)) chain += `\n  .appendEndFilter('compare', '${f.name}', '~', '"x*"')`
      else if (numeric(f))
        chain += `\n  .appendEndFilter('compare', '${f.name}', '>=', 1).appendEndFilter('or').appendEndFilter('compare', '${f.name}', '&', 4)`
    }
    const variable = hasDelta ? (chain.includes("'lat'") ? 'lat' : 'delta') : undefined
    const h = random()
    if (variable && h < 0.3) chain += `\n  .onMax('${variable}').save('${pick(endFields).name}')`
    else if (variable && h < 0.5) chain += `\n  .onChange('${variable}').trace()`
    else if (h < 0.7) chain += `\n  .onMatch().trace()`
    chains.push(chain)
  }
  return chains
}

/** A module with the chains as exported constants, deriving each one's record type. */
export function chainsModule(chains) {
  return [
    "import { withSchema } from 'typed-ftrace'",
    "import type { SynthFields } from 'typed-ftrace'",
    "import { schema } from 'typed-ftrace/kernels/linux-6.18'",
    '',
    ...chains.map((c, i) => `export const c${i} = ${c}\nexport type F${i} = SynthFields<typeof c${i}>\n`),
  ].join('\n')
}
