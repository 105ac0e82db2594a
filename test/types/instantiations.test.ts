import { describe, expect, it } from 'vitest'
// @ts-expect-error plain JavaScript benchmark module
import { measureSynthChains } from '../../bench/typecheck-synth.mjs'
// @ts-expect-error plain JavaScript benchmark module
import { measureLiveEvents } from '../../bench/typecheck-live.mjs'
// @ts-expect-error plain JavaScript benchmark module
import { measureSqlStatements } from '../../bench/typecheck-sql.mjs'

// The compiler's work for the typed builder is part of the product: 200 varied
// chains over the full 6.18 typings (fixed seed, so the count is deterministic)
// must stay under this many instantiations per chain.
const BUDGET_PER_CHAIN = 1650

describe('type-check cost of the synth builder', () => {
  it(`200 chains over linux-6.18 stay under ${BUDGET_PER_CHAIN} instantiations per chain`, async () => {
    const figures = await measureSynthChains(200, 1)
    console.log(`synth chains: ${figures.instantiations} instantiations (${figures.instantiationsPerChain} per chain), ${figures.types} types, check ${figures.checkTime} s`)
    expect(figures.instantiationsPerChain).toBeLessThanOrEqual(BUDGET_PER_CHAIN)
    expect(figures.instantiationsPerChain).toBeGreaterThan(100) // the chains were really checked
  }, 120_000)
})

// The live backend's typed event methods on the same typings: 100 events (fixed seed), each
// enabled, filtered with a typed expression on a numeric field and read with that field
// (measured at about 550: the typed filter about 430, records about 105, enable about 15).
const BUDGET_PER_LIVE_EVENT = 600

describe('type-check cost of the live event methods', () => {
  it(`100 events over linux-6.18 stay under ${BUDGET_PER_LIVE_EVENT} instantiations per event`, async () => {
    const figures = await measureLiveEvents(100, 1)
    console.log(`live events: ${figures.instantiations} instantiations (${figures.instantiationsPerEvent} per event), ${figures.types} types, check ${figures.checkTime} s`)
    expect(figures.instantiationsPerEvent).toBeLessThanOrEqual(BUDGET_PER_LIVE_EVENT)
    expect(figures.instantiationsPerEvent).toBeGreaterThan(100) // the calls were really checked
  }, 120_000)
})

// typedSql() over the same typings: 200 statements with JOIN (fixed seed), each read by the
// type-level tokenizer and parser and lowered through the builder's own checks (measured at
// about 2,130: the tokenizer about 510, the parser about 360, the builder's checks the rest).
const BUDGET_PER_STATEMENT = 2250

describe('type-check cost of typedSql()', () => {
  it(`200 statements over linux-6.18 stay under ${BUDGET_PER_STATEMENT} instantiations per statement`, async () => {
    const figures = await measureSqlStatements(200, 1)
    console.log(`sql statements: ${figures.instantiations} instantiations (${figures.instantiationsPerStatement} per statement), ${figures.types} types, check ${figures.checkTime} s`)
    expect(figures.instantiationsPerStatement).toBeLessThanOrEqual(BUDGET_PER_STATEMENT)
    expect(figures.instantiationsPerStatement).toBeGreaterThan(500) // the statements were really checked
  }, 120_000)
})

describe('the declarations', () => {
  it('type-check in a consumer that checks libraries too (skipLibCheck off, ES2023 lib)', async () => {
    // @ts-expect-error plain JavaScript helper
    const { typecheck } = await import('../../bench/lib/tsc-diagnostics.mjs')
    const source = "import { synth, tracefs, openTrace } from 'typed-ftrace'\nimport 'typed-ftrace/kernels/linux-6.1'\nexport const s = synth('a').start('sched_waking').end('sched_switch').match('pid', 'next_pid')\nexport { tracefs, openTrace }\n"
    expect(() => typecheck('consumer-lib-check', { 'use.ts': source }, { skipLibCheck: false })).not.toThrow()
  }, 120_000)
})
