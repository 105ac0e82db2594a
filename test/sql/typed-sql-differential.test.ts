// typedSql()'s types against sql()'s values over the full 6.18 typings: for generated
// statements (each one sql() takes), the record type the compiler derives must be exactly
// the fields the run-time synth holds, each typed by its value kind; and for statements with
// random fields (with JOIN, and without: hists with _COUNTER_ casts), the compiler must refuse
// exactly those sql() refuses.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { schemaFromDir, sql } from '../../src/index.js'
import type { FieldInfo, Schema, ValueKind } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'
// @ts-expect-error plain JavaScript benchmark module
import { sqlStatements } from '../../bench/lib/sql-statements.mjs'
// @ts-expect-error plain JavaScript helper shared with the benchmarks
import { typecheckErrors } from '../../bench/lib/tsc-diagnostics.mjs'

const TS_TYPE: Readonly<Record<ValueKind, string>> = {
  number: 'number',
  bigint: 'bigint',
  string: 'string',
  bytes: 'Uint8Array',
  'number[]': 'number[]',
  'bigint[]': 'bigint[]',
}

describe('typedSql() types what sql() builds (linux-6.18, 120 generated statements)', () => {
  it('SynthFields<typeof s> is exactly the run-time fields and their value kinds', async () => {
    const schema = await schemaFromDir(join(ROOT, 'test/fixtures/kernels/linux-6.18'))
    const statements: { name: string; text: string }[] = sqlStatements(schema, 120, 7)
    const lines = [
      "import { typedSql } from 'typed-ftrace'",
      "import type { SynthFields } from 'typed-ftrace'",
      "import { schema } from 'typed-ftrace/kernels/linux-6.18'",
      'type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false',
    ]
    statements.forEach(({ name, text }, i) => {
      const result = sql(name, text, schema)
      if (result.kind !== 'synth') throw new Error(`no synth: ${text}`)
      const fields = Object.entries(result.synth.fields as Record<string, FieldInfo>).map(
        ([k, f]) => `${k}: ${TS_TYPE[f.value]}`,
      )
      lines.push(`export const q${i} = typedSql('${name}', ${JSON.stringify(text)}, schema)`)
      lines.push(`export const e${i}: Exact<SynthFields<typeof q${i}>, { ${fields.join('; ')} }> = true`)
    })
    const errors: { line: number; message: string }[] = typecheckErrors('typed-sql-differential', {
      'statements.ts': lines.join('\n'),
    })
    expect(errors.map((e) => `${lines[e.line - 1]}\n  ${e.message}`)).toEqual([])
  }, 120_000)
})

/** A seeded generator: `random()` in [0, 1) and `pick(list)`. */
function seeded(seed: number) {
  let state = seed
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  return { random, pick }
}

/** Statements with random fields anywhere (ON pairs mostly compatible), seeded: many refused. */
function randomStatements(schema: Schema, count: number): string[] {
  const { random, pick } = seeded(12345)
  const events = schema.events.filter((e) => e.system !== 'ftrace' && e.fields.some((f) => !f.common))
  const out: string[] = []
  while (out.length < count) {
    const s = pick(events)
    const e = random() < 0.1 ? s : pick(events)
    const pairs = s.fields.flatMap((x) =>
      e.fields.filter((y) => !x.common && !y.common && x.size === y.size && x.flags === y.flags).map((y) => [x, y]),
    )
    const [sf, ef] = random() < 0.7 && pairs.length > 0 ? pick(pairs) : [pick(s.fields), pick(e.fields)]
    const sel: string[] = []
    if (random() < 0.6) sel.push(`a.${pick(s.fields).name}`)
    if (random() < 0.5) sel.push(`b.${pick(e.fields).name} AS x`)
    if (random() < 0.5) sel.push(`b.${pick(e.fields).name} - a.${pick(s.fields).name} AS d`)
    if (random() < 0.3) sel.push('TIMESTAMP_DELTA AS t')
    if (sel.length === 0) sel.push('a.common_pid')
    out.push(
      `SELECT ${sel.join(', ')} FROM ${s.system}.${s.name} AS a JOIN ${e.system}.${e.name} AS b ON a.${sf!.name} = b.${ef!.name}`,
    )
  }
  return out
}

/** Hists of random fields, by name alone or with a prefix, some cast to _COUNTER_. */
function randomHists(schema: Schema, count: number): string[] {
  const { random, pick } = seeded(999)
  const events = schema.events.filter((e) => e.system !== 'ftrace' && e.fields.some((f) => !f.common))
  const out: string[] = []
  while (out.length < count) {
    const e = pick(events)
    const sel: string[] = []
    for (let i = Math.floor(random() * 3); i >= 0; i--) {
      const f = pick(e.fields).name
      const named = random() < 0.5 ? f : random() < 0.5 ? `k.${f}` : `${e.name}.${f}`
      sel.push(random() < 0.3 ? `CAST(${named} AS _COUNTER_)` : named)
    }
    if (random() < 0.2) sel.push('k.STACKTRACE')
    if (random() < 0.2) sel.push('k.TIMESTAMP_USECS')
    out.push(`SELECT ${sel.join(', ')} FROM ${e.system}.${e.name} AS k`)
  }
  return out
}

describe('typedSql() refuses what sql() refuses (linux-6.18, random fields)', () => {
  it.each([
    ['300 statements with JOIN', randomStatements],
    ['300 statements without JOIN', randomHists],
  ])(
    '%s: a compile error exactly when sql() throws',
    async (_, generate) => {
      const schema = await schemaFromDir(join(ROOT, 'test/fixtures/kernels/linux-6.18'))
      const statements = generate(schema, 300)
      const header = [
        "import { typedSql } from 'typed-ftrace'",
        "import { schema } from 'typed-ftrace/kernels/linux-6.18'",
      ]
      const lines = [
        ...header,
        ...statements.map((t, i) => `export const q${i} = typedSql('n', ${JSON.stringify(t)}, schema)`),
      ]
      const errors: { line: number; message: string }[] = typecheckErrors('typed-sql-refusals', {
        'statements.ts': lines.join('\n'),
      })
      const refusedByType = new Map(errors.map((e) => [e.line - header.length - 1, e.message]))
      const differ: string[] = []
      let accepted = 0
      for (const [i, text] of statements.entries()) {
        let runTime: string | undefined
        try {
          sql('n', text, schema)
          accepted++
        } catch (error) {
          runTime = (error as Error).message
        }
        if ((runTime === undefined) !== !refusedByType.has(i))
          differ.push(
            `${text}\n  run time: ${runTime ?? 'accepted'}\n  compile time: ${refusedByType.get(i) ?? 'accepted'}`,
          )
      }
      expect(differ).toEqual([])
      expect(accepted).toBeGreaterThan(30) // both outcomes are represented
      expect(accepted).toBeLessThan(270)
    },
    120_000,
  )
})
