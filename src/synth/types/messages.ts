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

/** The message for a name an event does not have. */
export type UnknownFieldMessage<E extends EventRef, F extends string> = `field '${F}' is not in ${EventLabel<E>}; its fields: ${JoinNames<keyof E['fields']>}`
