import { FieldFlag } from '../schema/field-flags.js'
import type { EventFormat } from '../schema/format-types.js'
import { suggest } from '../schema/schema.js'
import { FilterError } from './filter-error.js'
import { filterTokens } from './filter-text.js'
import { fieldNames, resolveField } from './special-fields.js'
import type { FilterToken } from './tokens.js'

/** Names the kernel's event filters take on every event besides its fields: the CPU of the event. */
const KERNEL_CPU_NAMES: ReadonlySet<string> = new Set(['CPU', 'cpu', 'common_cpu'])

/**
 * Checks a filter written as the kernel reads it (`prev_prio > 100 && next_comm ~ "s*"`)
 * against `event`'s format before it reaches the kernel: every compared field must be one
 * of the event's (or a name every event has: the time stamp, `COMM`/`comm`, `CPU`/`cpu`/
 * `common_cpu`), else a {@link FilterError} with `ENODEV` names it; `~` takes only a string
 * field and `<`, `<=`, `>`, `>=` and `&` only a number, as the kernel's event filters have
 * it (`EINVAL`, naming the field). The rest is the kernel's to judge: text that does not
 * split into comparisons, conjunctions, `!` and parentheses (its parse error, with the
 * position, is the better report), a field's modifier (`call_site.function`), the values.
 */
export function checkFilterText(event: EventFormat, text: string): void {
  let tokens: FilterToken[]
  try {
    tokens = filterTokens(text)
  } catch {
    return
  }
  const where = `${event.system}/${event.name}`
  for (const token of tokens) {
    if (token.type !== 'compare' || KERNEL_CPU_NAMES.has(token.field)) continue
    const field = resolveField(event, token.field)
    if (!field) {
      // `call_site.function` and the like: a modifier on a field the event has is the kernel's to judge.
      const dot = token.field.indexOf('.')
      if (dot > 0 && resolveField(event, token.field.slice(0, dot))) continue
      throw new FilterError(
        'ENODEV',
        `field '${token.field}' is not in ${where}${suggest(token.field, fieldNames(event))}`,
        token.field,
      )
    }
    const isString = (field.flags & FieldFlag.STRING) !== 0
    if (token.op === '~' && !isString)
      throw new FilterError(
        'EINVAL',
        `filter of ${where}: '~' needs a string field; '${token.field}' is ${field.cType}`,
        token.field,
      )
    if (isString && token.op !== '==' && token.op !== '!=' && token.op !== '~')
      throw new FilterError(
        'EINVAL',
        `filter of ${where}: '${token.op}' cannot compare the string field '${token.field}' (use ==, != or ~)`,
        token.field,
      )
  }
}
