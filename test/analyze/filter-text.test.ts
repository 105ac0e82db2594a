import { describe, expect, it } from 'vitest'
import { TypedFtraceError } from '../../src/index.js'
import { filterTokens } from '../../src/filter/filter-text.js'
import { compileFilter } from '../../src/analyze/kernel-filter.js'

describe('filterTokens: the kernel filter text as tokens', () => {
  it('splits comparisons, conjunctions, negation and parentheses', () => {
    expect(filterTokens('comm == "sleep" || !(prev_state & 1)&&prio<100')).toEqual([
      { type: 'compare', field: 'comm', op: '==', value: '"sleep"' },
      { type: 'or' },
      { type: 'not' },
      { type: '(' },
      { type: 'compare', field: 'prev_state', op: '&', value: '1' },
      { type: ')' },
      { type: 'and' },
      { type: 'compare', field: 'prio', op: '<', value: '100' },
    ])
    expect(filterTokens("comm ~ 'a b*'  ")).toEqual([{ type: 'compare', field: 'comm', op: '~', value: "'a b*'" }])
    expect(filterTokens('')).toEqual([])
  })

  it('evaluates with the kernel semantics once compiled', () => {
    const pass = compileFilter(filterTokens('comm ~ "s*" && pid >= 0x10'))
    expect(pass((f) => ({ comm: 'sleep', pid: 16 })[f])).toBe(true)
    expect(pass((f) => ({ comm: 'sleep', pid: 15 })[f])).toBe(false)
  })

  it('names the place it cannot read', () => {
    expect(() => filterTokens('pid = 1')).toThrow(TypedFtraceError)
    expect(() => filterTokens('pid == 1 & & x')).toThrow(/at 9/)
  })
})
