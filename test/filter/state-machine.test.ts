// libtracefs' filter state machine (reference synth.md §3.2-3.3), token by token.
import { beforeAll, describe, expect, test } from 'vitest'
import { appendFilterToken, EMPTY_FILTER, filterFinished, filterText } from '../../src/filter/filter-state.js'
import type { FilterState } from '../../src/filter/filter-state.js'
import { FilterError } from '../../src/filter/filter-error.js'
import type { FilterToken, FilterTokenType } from '../../src/filter/tokens.js'
import type { EventFormat } from '../../src/schema/format-types.js'
import { schema61 } from '../synth/schemas.js'

let event: EventFormat
beforeAll(async () => {
  event = (await schema61()).get('sched', 'sched_switch')
})

const C: FilterToken = { type: 'compare', field: 'prev_prio', op: '<', value: '100' }
const tok = (type: FilterTokenType): FilterToken => (type === 'compare' ? C : { type })
const run = (tokens: readonly FilterToken[], from: FilterState = EMPTY_FILTER) =>
  tokens.reduce((s, t) => appendFilterToken(s, event, t), from)

/** A way to reach each state; the comparison state is reached inside a paren so that ')' may follow. */
const REACH: Record<string, FilterToken[]> = {
  start: [],
  compare: [tok('('), C],
  not: [tok('not')],
  conjunction: [C, tok('and')],
  'open-paren': [tok('(')],
  'close-paren': [tok('('), tok('('), C, tok(')')],
}

/** The transition table: which tokens each state accepts. */
const TABLE: Record<string, FilterTokenType[]> = {
  start: ['compare', 'not', '('],
  compare: ['and', 'or', ')'],
  not: ['compare', 'not', '('],
  conjunction: ['compare', 'not', '('],
  'open-paren': ['compare', 'not', '('],
  'close-paren': ['and', 'or', ')'],
}

const TYPES: FilterTokenType[] = ['compare', 'and', 'or', 'not', '(', ')']

describe('transitions', () => {
  for (const [state, prefix] of Object.entries(REACH)) {
    for (const type of TYPES) {
      const allowed = TABLE[state]!.includes(type)
      test(`${state} + ${type}: ${allowed ? 'accepted' : 'EINVAL'}`, () => {
        const before = run(prefix)
        expect(before.state).toBe(state)
        if (allowed) {
          const after = appendFilterToken(before, event, tok(type))
          expect(after.state).toBe(
            {
              compare: 'compare',
              and: 'conjunction',
              or: 'conjunction',
              not: 'not',
              '(': 'open-paren',
              ')': 'close-paren',
            }[type],
          )
          expect(after.tokens).toHaveLength(before.tokens.length + 1)
        } else {
          expect(() => appendFilterToken(before, event, tok(type))).toThrow(FilterError)
          try {
            appendFilterToken(before, event, tok(type))
          } catch (e) {
            expect((e as FilterError).code).toBe('EINVAL')
            expect((e as FilterError).message).toMatch(/cannot follow/)
          }
        }
      })
    }
  }
  test("')' needs an open '('", () => {
    expect(() => run([C, tok(')')])).toThrow(/without an open/)
    expect(() => run([tok('('), C, tok(')'), tok(')')])).toThrow(/without an open/)
  })
  test('a failed token leaves the state as it was', () => {
    const before = run([C])
    expect(() => appendFilterToken(before, event, tok('not'))).toThrow()
    expect(before).toEqual(run([C]))
    expect(Object.isFrozen(before)).toBe(true)
  })
})

describe('text', () => {
  test('operators: spaces around all but ~; && and || bare', () => {
    const s = run([
      { type: 'compare', field: 'prev_prio', op: '==', value: '1' },
      tok('or'),
      { type: 'compare', field: 'prev_prio', op: '!=', value: '2' },
      tok('and'),
      { type: 'compare', field: 'prev_prio', op: '>', value: '3' },
      tok('and'),
      { type: 'compare', field: 'prev_prio', op: '>=', value: '4' },
      tok('and'),
      { type: 'compare', field: 'prev_prio', op: '<', value: '5' },
      tok('and'),
      { type: 'compare', field: 'prev_prio', op: '<=', value: '6' },
      tok('and'),
      { type: 'compare', field: 'prev_state', op: '&', value: '1' },
      tok('and'),
      { type: 'compare', field: 'next_comm', op: '~', value: '"sh*"' },
    ])
    expect(s.text).toBe(
      'prev_prio == 1||prev_prio != 2&&prev_prio > 3&&prev_prio >= 4&&prev_prio < 5&&prev_prio <= 6&&prev_state & 1&&next_comm~"sh*"',
    )
  })
  test('the reference example; parens left open are closed in the output', () => {
    const s = run([
      { type: 'compare', field: 'prev_prio', op: '<', value: '100' },
      tok('and'),
      tok('('),
      { type: 'compare', field: 'next_pid', op: '>', value: '1' },
      tok('or'),
      { type: 'compare', field: 'next_pid', op: '<', value: '0' },
      tok(')'),
    ])
    expect(filterText(s)).toBe('prev_prio < 100&&(next_pid > 1||next_pid < 0)')
    const open = run([tok('not'), tok('('), tok('('), C])
    expect(open.text).toBe('!((prev_prio < 100')
    expect(filterText(open)).toBe('!((prev_prio < 100))')
  })
  test('values are verbatim (no quoting, no number check)', () => {
    expect(run([{ type: 'compare', field: 'next_comm', op: '==', value: 'bash' }]).text).toBe('next_comm == bash')
    expect(run([{ type: 'compare', field: 'prev_prio', op: '==', value: '0x10' }]).text).toBe('prev_prio == 0x10')
  })
  test('finished: empty, after a comparison or a )', () => {
    expect(filterFinished(EMPTY_FILTER)).toBe(true)
    for (const [state, prefix] of Object.entries(REACH))
      expect(filterFinished(run(prefix)), state).toBe(['start', 'compare', 'close-paren'].includes(state))
  })
})

describe('comparison rules', () => {
  const code = (token: FilterToken) => {
    try {
      run([token])
      return 'ok'
    } catch (e) {
      return (e as FilterError).code
    }
  }
  test('unknown field ENODEV; missing field or value EINVAL', () => {
    expect(code({ type: 'compare', field: 'nope', op: '==', value: '1' })).toBe('ENODEV')
    expect(code({ type: 'compare', field: '', op: '==', value: '1' })).toBe('EINVAL')
    expect(code({ type: 'compare', field: 'prev_prio', op: '==', value: undefined as never })).toBe('EINVAL')
  })
  test('strings take == != ~; numbers take all but ~', () => {
    for (const op of ['==', '!=', '~'] as const)
      expect(code({ type: 'compare', field: 'next_comm', op, value: '"x"' }), op).toBe('ok')
    for (const op of ['>', '>=', '<', '<=', '&'] as const)
      expect(code({ type: 'compare', field: 'next_comm', op, value: '1' }), op).toBe('EINVAL')
    for (const op of ['==', '!=', '>', '>=', '<', '<=', '&'] as const)
      expect(code({ type: 'compare', field: 'prev_prio', op, value: '1' }), op).toBe('ok')
    expect(code({ type: 'compare', field: 'prev_prio', op: '~', value: '1' })).toBe('EINVAL')
    expect(code({ type: 'compare', field: 'prev_prio', op: '=<' as never, value: '1' })).toBe('EINVAL')
  })
  test('pseudo-fields: time stamps are numbers, the stack trace is an array (EINVAL)', () => {
    expect(code({ type: 'compare', field: 'common_timestamp', op: '>', value: '1' })).toBe('ok')
    expect(code({ type: 'compare', field: 'common_stacktrace', op: '==', value: '1' })).toBe('EINVAL')
  })
  test('a state error comes before a field error', () => {
    expect(() => run([C, { type: 'compare', field: 'nope', op: '==', value: '1' }])).toThrow(/cannot follow/)
  })
  test('values may not hold quotes or control characters', () => {
    for (const value of ["'x'", 'a\nb', 'a\0b', 'a\rb', 'a\u007fb'])
      expect(code({ type: 'compare', field: 'next_comm', op: '==', value }), JSON.stringify(value)).toBe('EINVAL')
  })
})
