import { quoteName } from '../../schema/name-rule.js'
import type { StacktraceProblem } from '../../compile/kernel-rules/stacktrace.js'
import type { EventRef } from './events.js'

type UnionToFnIntersection<U> = (U extends unknown ? (x: () => U) => void : never) extends (x: infer I) => void ? I : never
type LastOf<U> = UnionToFnIntersection<U> extends () => infer R ? R : never

/** Joins a union of names with ", " (error paths only: it costs per member). */
export type JoinNames<U, Acc extends string = ''> = [U] extends [never]
  ? Acc
  : JoinNames<Exclude<U, LastOf<U>>, Acc extends '' ? `${LastOf<U> & string}` : `${LastOf<U> & string}, ${Acc}`>

/** Field names of `E` that contain `F`, else all of them: the "try ..." list of a message. */
export type SuggestFields<E extends EventRef, F extends string> = JoinNames<
  [Extract<keyof E['fields'], `${string}${F}${string}`>] extends [never]
    ? keyof E['fields']
    : Extract<keyof E['fields'], `${string}${F}${string}`>
>

/** `sched.sched_switch` */
export type EventLabel<E extends EventRef> = `${E['system']}.${E['event']}`

/**
 * The message for a name an event does not have; {@link unknownFieldMessage}
 * prints the same at run time. `common_stacktrace` on a kernel without it gets
 * the kernel rule's text instead.
 */
export type UnknownFieldMessage<E extends EventRef, F extends string> = F extends 'common_stacktrace' ? StacktraceProblem : `field '${F}' is not in ${EventLabel<E>}; try ${SuggestFields<E, F>}`

/**
 * The message for a field an event does not have, at run time: the event as
 * `system.event`, then the fields whose names contain `name`, else all of
 * them (what {@link UnknownFieldMessage} says at compile time).
 */
export function unknownFieldMessage(
  event: { readonly system: string; readonly name: string; readonly fields: readonly { readonly name: string }[] },
  name: string,
): string {
  const all = event.fields.map((f) => f.name)
  const close = all.filter((f) => f.includes(name))
  const listed = close.length > 0 ? close : all
  // Names come from input: quoted and escaped; a list longer than any real event's is cut.
  const shown = listed.length > MAX_LISTED ? [...listed.slice(0, MAX_LISTED), `... (${listed.length - MAX_LISTED} more)`] : listed
  return `field ${quoteName(name)} is not in ${event.system}.${event.name}; try ${shown.map((f) => quoteName(f).slice(1, -1)).join(', ')}`
}

/** The most field names a run-time message lists. */
const MAX_LISTED = 64
