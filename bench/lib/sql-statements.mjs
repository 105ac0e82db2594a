// Writes N varied, valid SQL statements (with JOIN) over a kernel schema, for
// measuring what the typed SQL entry costs the compiler. Seeded, so the same N
// and seed give the same file (and the same instantiation count). Each
// statement is checked with the run-time sql() first: only statements it
// takes are written.
import { sql } from '../../dist/src/index.js'
import { copyable, isString, key, mulberry32, numeric } from './synth-chains.mjs'

/**
 * @param {import('../../dist/src/index.js').Schema} schema
 * @param {number} count
 * @param {number} seed
 * @returns {{ name: string, text: string }[]}
 */
export function sqlStatements(schema, count, seed = 1) {
  const random = mulberry32(seed)
  const pick = (list) => list[Math.floor(random() * list.length)]
  const events = schema.events.filter((e) => e.system !== 'ftrace' && e.fields.some((f) => !f.common))
  const out = []
  while (out.length < count) {
    const start = pick(events)
    const end = random() < 0.1 ? start : pick(events)
    const own = (e) => e.fields.filter((f) => !f.common)
    const pairs = []
    for (const a of own(start)) for (const b of own(end)) if (key(a) === key(b)) pairs.push([a, b])
    if (pairs.length === 0) continue
    const [ms, me] = pick(pairs)
    const n = out.length
    const bare = (e) => random() < 0.3 && schema.find(undefined, e.name) === e
    const item = (e, alias) => `${bare(e) ? e.name : `${e.system}.${e.name}`} AS ${alias}`
    const select = []
    const startCopies = own(start).filter(copyable)
    const endCopies = own(end).filter(copyable)
    if (random() < 0.7 && startCopies.length > 0) select.push(`s.${pick(startCopies).name} AS s_${n}`)
    const d = random()
    if (d < 0.4) select.push('(e.TIMESTAMP_USECS - s.TIMESTAMP_USECS) AS lat')
    else if (d < 0.7) select.push(`TIMESTAMP_DELTA${random() < 0.5 ? '_USECS' : ''} AS delta`)
    else if (numeric(ms)) select.push(`e.${me.name} - s.${ms.name} AS diff`)
    if (random() < 0.6 && endCopies.length > 0) select.push(`e.${pick(endCopies).name} AS e_${n}`)
    if (select.length === 0) select.push(`s.${ms.name}`)
    let text = `SELECT ${select.join(', ')}\n  FROM ${item(start, 's')}\n  JOIN ${item(end, 'e')} ON s.${ms.name} = e.${me.name}`
    if (random() < 0.5) {
      const f = pick(own(end))
      if (isString(f)) text += `\n  WHERE e.${f.name} ~ "x*"`
      else if (numeric(f)) text += `\n  WHERE e.${f.name} >= 1 || e.${f.name} & 4`
    }
    try {
      sql(`q_${n}`, text, schema)
    } catch {
      continue
    }
    out.push({ name: `q_${n}`, text })
  }
  return out
}

/** A module with the statements as exported constants, deriving each one's record type. */
export function statementsModule(statements) {
  return [
    "import { typedSql } from 'typed-ftrace'",
    "import type { SynthFields } from 'typed-ftrace'",
    "import { schema } from 'typed-ftrace/kernels/linux-6.18'",
    '',
    ...statements.map(
      ({ name, text }, i) =>
        `export const q${i} = typedSql('${name}', ${JSON.stringify(text)}, schema)\nexport type F${i} = SynthFields<typeof q${i}>\n`,
    ),
  ].join('\n')
}
