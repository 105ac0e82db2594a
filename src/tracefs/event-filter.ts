import { TypedFtraceError } from '../errors.js'
import { checkFilterText } from '../filter/check-filter-text.js'
import { appendExpression } from '../filter/expression-tokens.js'
import { FilterExpr, filterFactory } from '../filter/expression.js'
import type { FilterFactory } from '../filter/expression.js'
import { EMPTY_FILTER, filterText } from '../filter/filter-state.js'
import { readEventFormat, readPageLayout } from './event-format.js'
import type { TracefsIO } from './io.js'

/** A filter as `setFilter` takes it at run time: text, or a function of the filter factory. */
export type FilterInput = string | ((f: FilterFactory) => FilterExpr)

/**
 * The text to write to an event's `filter` file, checked against the event's
 * format as the running kernel has it: text with {@link checkFilterText}, a
 * typed expression rendered with libtracefs' token rules (which check its
 * fields, operators and values). `''` and `'0'` (no filter) need no check.
 */
export async function eventFilterText(
  io: TracefsIO,
  system: string,
  event: string,
  filter: FilterInput,
): Promise<string> {
  if (filter === '' || filter === '0') return filter
  if (typeof filter !== 'string' && typeof filter !== 'function')
    throw new TypedFtraceError('EINVAL', 'a filter is text or a function of the filter factory: f => f.eq(...)')
  const format = await readEventFormat(io, system, event, (await readPageLayout(io)).longSize)
  if (typeof filter === 'string') {
    checkFilterText(format, filter)
    return filter
  }
  const expr: unknown = filter(filterFactory)
  if (!(expr instanceof FilterExpr))
    throw new TypedFtraceError(
      'EINVAL',
      'a filter function must return an expression of its factory (f.eq(...), f.lt(...), ...)',
    )
  return filterText(appendExpression(EMPTY_FILTER, format, expr.node))
}
