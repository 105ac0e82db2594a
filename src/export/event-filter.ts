import { TypedFtraceError } from '../errors.js'

/**
 * The events an export makes tables for, from `system:event` patterns
 * (`sched:sched_switch`, `sched:*`, `sched_switch` in any system, `*`;
 * `system/event` also reads). No patterns: every event.
 *
 * @example
 * import { eventFilter } from 'typed-ftrace'
 *
 * eventFilter(['sched:*', 'irq_handler_entry'])('sched', 'sched_waking') // true
 */
export function eventFilter(patterns: readonly string[]): (system: string, event: string) => boolean {
  if (patterns.length === 0) return () => true
  const rules = patterns.map((p) => {
    const parts = p.trim().split(/[:/]/)
    if (parts.length > 2 || parts.some((s) => s === ''))
      throw new TypedFtraceError('EINVAL', `'${p}' is not an event: give system:event, system:*, or an event name`)
    const [system, event] = parts.length === 2 ? parts : ['*', parts[0]!]
    return { system: system!, event: event! }
  })
  return (system, event) =>
    rules.some((r) => (r.system === '*' || r.system === system) && (r.event === '*' || r.event === event))
}

/**
 * The patterns that name an event (not a wildcard) that none of `events` is:
 * a typo would otherwise export nothing without a word.
 *
 * For example, `['sched:sched_swich']` against a kernel's events gives `['sched:sched_swich']`.
 */
export function unmatchedEvents(
  patterns: readonly string[],
  events: readonly { readonly system: string; readonly name: string }[],
): string[] {
  return patterns.filter((p) => {
    if (p.includes('*')) return false
    const matches = eventFilter([p])
    return !events.some((e) => matches(e.system, e.name))
  })
}
