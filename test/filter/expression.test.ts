// Typed filter expressions: rendering, parentheses, values, and joining with existing filters.
import { beforeAll, describe, expect, test } from 'vitest'
import { appendExpression } from '../../src/filter/expression-tokens.js'
import { filterFactory as f, FilterExpr } from '../../src/filter/expression.js'
import type { FilterNode } from '../../src/filter/expression.js'
import { appendFilterToken, EMPTY_FILTER, filterText } from '../../src/filter/filter-state.js'
import type { EventFormat } from '../../src/schema/format-types.js'
import { schema61 } from '../synth/schemas.js'

let event: EventFormat
beforeAll(async () => {
  event = (await schema61()).get('sched', 'sched_switch')
})

const text = (e: FilterExpr) => filterText(appendExpression(EMPTY_FILTER, event, e.node))
const code = (fn: () => unknown) => {
  try {
    fn()
    return 'ok'
  } catch (e) {
    return (e as { code?: string }).code
  }
}

describe('rendering', () => {
  test('each operator', () => {
    expect(text(f.eq('next_pid', 1))).toBe('next_pid == 1')
    expect(text(f.ne('next_pid', 1))).toBe('next_pid != 1')
    expect(text(f.gt('next_pid', 1))).toBe('next_pid > 1')
    expect(text(f.ge('next_pid', 1))).toBe('next_pid >= 1')
    expect(text(f.lt('next_pid', 1))).toBe('next_pid < 1')
    expect(text(f.le('next_pid', 1))).toBe('next_pid <= 1')
    expect(text(f.mask('prev_state', 1))).toBe('prev_state & 1')
    expect(text(f.glob('next_comm', 'bash*'))).toBe('next_comm~"bash*"')
    expect(text(f.eq('next_comm', 'bash'))).toBe('next_comm == "bash"')
    expect(text(f.not(f.eq('next_pid', 0)))).toBe('!(next_pid == 0)')
  })
  test('chains stay flat; the other conjunction gets parentheses', () => {
    const a = f.eq('next_pid', 1)
    const b = f.eq('next_pid', 2)
    const c = f.eq('next_pid', 3)
    expect(text(a.and(b).and(c))).toBe('next_pid == 1&&next_pid == 2&&next_pid == 3')
    expect(text(a.and(b.and(c)))).toBe('next_pid == 1&&next_pid == 2&&next_pid == 3')
    expect(text(a.and(b).or(c))).toBe('(next_pid == 1&&next_pid == 2)||next_pid == 3')
    expect(text(a.or(b.and(c)))).toBe('next_pid == 1||(next_pid == 2&&next_pid == 3)')
    expect(text(a.and(b.or(c)))).toBe('next_pid == 1&&(next_pid == 2||next_pid == 3)')
    expect(text(f.not(a.or(b)).and(c))).toBe('!(next_pid == 1||next_pid == 2)&&next_pid == 3')
  })
  test('expressions are immutable and reusable', () => {
    const a = f.eq('next_pid', 1)
    const ab = a.and(f.eq('prev_pid', 2))
    const ac = a.or(f.eq('prev_pid', 3))
    expect(text(a)).toBe('next_pid == 1')
    expect(text(ab)).toBe('next_pid == 1&&prev_pid == 2')
    expect(text(ac)).toBe('next_pid == 1||prev_pid == 3')
    expect(Object.isFrozen(ab)).toBe(true)
    expect(Object.isFrozen(ab.node)).toBe(true)
  })
  test('numbers and bigints in decimal; negative integers allowed', () => {
    expect(text(f.eq('prev_state', 0x10))).toBe('prev_state == 16')
    expect(text(f.eq('prev_state', 2n ** 63n - 1n))).toBe('prev_state == 9223372036854775807')
    expect(text(f.gt('prev_prio', -1))).toBe('prev_prio > -1')
    expect(text(f.eq('prev_state', 1e21))).toBe('prev_state == 1000000000000000000000')
  })
})

describe('values are checked', () => {
  test('strings only for string fields, integers for the rest', () => {
    expect(code(() => text(f.eq('next_comm', 1)))).toBe('EINVAL')
    expect(code(() => text(f.eq('next_pid', 'x')))).toBe('EINVAL')
    expect(code(() => text(f.eq('next_pid', 1.5)))).toBe('EINVAL')
    expect(code(() => text(f.eq('next_pid', Number.NaN)))).toBe('EINVAL')
    expect(code(() => text(f.eq('next_pid', true as never)))).toBe('EINVAL')
  })
  test('no quote, backslash or control character can reach the filter', () => {
    for (const bad of ['a"b', 'a\\b', "a'b", 'a\nb', 'a\0b', 'a\tb'])
      expect(
        code(() => text(f.eq('next_comm', bad))),
        JSON.stringify(bad),
      ).toBe('EINVAL')
  })
  test('operator rules and unknown fields as in the token form', () => {
    expect(code(() => text(f.glob('next_pid', 'x' as never)))).toBe('EINVAL')
    expect(code(() => text(f.lt('next_comm', 'x')))).toBe('EINVAL')
    expect(code(() => text(f.eq('nope', 1)))).toBe('ENODEV')
  })
  test('only expressions made by the factory', () => {
    expect(() => f.eq('next_pid', 1).and({ node: { kind: 'compare' } } as never)).toThrow(TypeError)
    expect(() => f.not({} as never)).toThrow(TypeError)
  })
})

describe('joining', () => {
  const node: FilterNode = f.eq('next_pid', 1).or(f.eq('next_pid', 2)).node
  test('after a finished filter: &&( ... )', () => {
    const first = appendExpression(EMPTY_FILTER, event, f.lt('prev_prio', 100).node)
    expect(filterText(appendExpression(first, event, node))).toBe('prev_prio < 100&&(next_pid == 1||next_pid == 2)')
    expect(filterText(appendExpression(first, event, f.eq('next_pid', 1).node))).toBe(
      'prev_prio < 100&&(next_pid == 1)',
    )
  })
  test('after a dangling token of the token form: directly; after ! in parentheses', () => {
    const or = appendFilterToken(appendExpression(EMPTY_FILTER, event, f.lt('prev_prio', 1).node), event, {
      type: 'or',
    })
    expect(filterText(appendExpression(or, event, node))).toBe('prev_prio < 1||next_pid == 1||next_pid == 2')
    const not = appendFilterToken(EMPTY_FILTER, event, { type: 'not' })
    expect(filterText(appendExpression(not, event, node))).toBe('!(next_pid == 1||next_pid == 2)')
    expect(filterText(appendExpression(not, event, f.eq('next_pid', 1).node))).toBe('!next_pid == 1')
  })
})
