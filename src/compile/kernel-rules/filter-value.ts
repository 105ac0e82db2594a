import { resolveField } from '../../filter/special-fields.js'
import type { FilterToken } from '../../filter/tokens.js'
import type { EventFormat } from '../../schema/format-types.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import { kernelString } from './kernel-fields.js'
import type { Problem } from './problem.js'

// filter-value: strings are compared with a quoted text by ==, != or ~, numbers with a number.

/** Filters: strings compared with a quoted text by ==, != or ~; numbers with a number (not below 0 when unsigned). */
export function filterValueProblem(
  def: SynthDefinition,
  which: 'start' | 'end',
  event: EventFormat,
): Problem | undefined {
  for (const [i, s] of def.steps.entries()) {
    if (s.kind !== 'start-filter' && s.kind !== 'end-filter') continue
    if (s.kind !== `${which}-filter`) continue
    for (const token of s.tokens) {
      const bad = compareProblem(event, token)
      if (bad)
        return {
          rule: 'filter-value',
          code: 'EINVAL',
          kernel: '',
          advice: `${which} filter of ${event.system}.${event.name}: ${bad}`,
          step: i,
        }
    }
  }
  return undefined
}

/** What the kernel refuses in one comparison of a filter on `event` (a synth's or a hist's), or undefined. */
export function compareProblem(event: EventFormat, token: FilterToken): string | undefined {
  if (token.type !== 'compare') return undefined
  const field = resolveField(event, token.field)
  if (!field) return undefined
  const shown = `'${token.field} ${token.op} ${token.value}'`
  const quoted = /^"[^"]*"$/.test(token.value)
  if (kernelString(field) || field.name === 'common_comm') {
    if (!['==', '!=', '~'].includes(token.op))
      return `${shown}: ${token.field} is a string, compared only with ==, != or ~`
    if (!quoted) return `${shown}: the kernel wants the text in double quotes ("${token.value}")`
    return undefined
  }
  if (token.op === '~') return `${shown}: ~ needs a string field`
  if (!/^-?(0[xX][0-9a-fA-F]+|\d+)$/.test(token.value))
    return `${shown}: ${token.field} is a number (${field.cType}); compare it with a number`
  if (token.value.startsWith('-') && !field.signed)
    return `${shown}: ${token.field} is unsigned (${field.cType}); the kernel refuses a negative number`
  return undefined
}
