/*
 * Events and field names of a statement at the type level: the event an
 * item names (`sched.sched_waking`, or `sched_waking` through the kernel's
 * name index), and the field a dotted name refers to, in libtracefs' order
 * (the FROM event first; its alias, the internal prefix, then
 * `[system.]event.`), as `resolveQualified` does at run time.
 */
import type { FtraceEventProblem } from '../../compile/kernel-rules/ftrace-event.js'
import type { EventAt, EventRef } from '../../synth/types/events.js'
import type { JoinNames } from '../../synth/types/messages.js'
import type { SqlTypeItem } from './statement.js'

/** The FROM or JOIN event in scope: the event, its system and name as written, its alias. */
export interface SqlTypeScope<E extends EventRef = EventRef, Sys extends string = string, Evt extends string = string, Alias extends string | undefined = string | undefined, Internal extends string = string> {
  readonly event: E
  readonly system: Sys
  readonly name: Evt
  readonly alias: Alias
  readonly internal: Internal
}

/** Events of a system whose names contain `E`: the "try ..." of a message (error paths only). */
type Close<Names, E extends string> = [Extract<Names, `${string}${E}${string}`>] extends [never] ? '' : `; try ${JoinNames<Extract<Names, `${string}${E}${string}`>>}`

/** The event `system.event` of kernel `K` (the first dot splits, as libtracefs does), or a message. */
type EventOf<K, ES, Text extends string, Which extends 'start' | 'end', Stack extends string> = Text extends `${infer S}.${infer E}`
  ? S extends keyof K
    ? E extends keyof K[S]
      ? S extends 'ftrace'
        ? FtraceEventProblem<Which, E>
        : EventAt<K, S, E, Stack>
      : `no event '${E}' in system '${S}'${Close<keyof K[S], E>}`
    : `unknown system '${S}'`
  : Text extends keyof ES
    ? ES[Text] extends infer S extends keyof K
      ? Text extends keyof K[S]
        ? S extends 'ftrace'
          ? FtraceEventProblem<Which, Text>
          : EventAt<K, S, Text, Stack>
        : `no event '${Text}' in any system`
      : `no event '${Text}' in any system`
    : `no event '${Text}' in any system`

/** The scope of an item (`Internal`: `__START_EVENT__` or `__END_EVENT__`), or a message. */
export type ScopeOf<K, ES, I extends SqlTypeItem, Which extends 'start' | 'end', Stack extends string> = EventOf<K, ES, I['name'], Which, Stack> extends infer E
  ? E extends EventRef
    ? SqlTypeScope<
        E,
        I['name'] extends `${infer S}.${string}` ? S : E['system'],
        I['name'] extends `${string}.${infer N}` ? N : I['name'],
        I['alias'],
        Which extends 'start' ? '__START_EVENT__' : '__END_EVENT__'
      >
    : E
  : never

/** The field part of `T` when a prefix of scope `Sc` starts it, else never. */
type Strip<T extends string, Sc extends SqlTypeScope> = Sc['alias'] extends string
  ? T extends `${Sc['alias']}.${infer R}`
    ? R
    : StripName<T, Sc>
  : StripName<T, Sc>

type StripName<T extends string, Sc extends SqlTypeScope> = T extends `${Sc['internal']}.${infer R}`
  ? R
  : (T extends `${Sc['system']}.${infer R}` ? R : T) extends `${Sc['name']}.${infer R}`
    ? R
    : never

/** The pseudo-fields libtracefs renames after a prefix. */
type Special = { TIMESTAMP: 'common_timestamp'; TIMESTAMP_USECS: 'common_timestamp.usecs'; STACKTRACE: 'common_stacktrace' }

/** A resolved field: its side and the name the builder takes. */
export interface SqlTypeResolved<Side extends 'start' | 'end' = 'start' | 'end', F extends string = string> {
  readonly side: Side
  readonly field: F
}

type Found<Side extends 'start' | 'end', R extends string> = SqlTypeResolved<Side, R extends keyof Special ? Special[R] : R>

/** The prefixes a field may take, for the message. */
type Prefixes<Sc extends SqlTypeScope> = Sc['alias'] extends string ? `${Sc['alias']}|${Sc['name']}` : Sc['name']

/**
 * The field a dotted name refers to on the FROM event (`From`) or the JOIN
 * event (`To`; never without JOIN: then a name alone is a field of FROM), or
 * the run-time message for a name no prefix fits.
 */
export type Resolve<T extends string, From extends SqlTypeScope, To extends SqlTypeScope> = [Strip<T, From>] extends [infer R extends string]
  ? [R] extends [never]
    ? ResolveEnd<T, From, To>
    : R extends ''
      ? ResolveEnd<T, From, To>
      : Found<'start', R>
  : never

type ResolveEnd<T extends string, From extends SqlTypeScope, To extends SqlTypeScope> = [To] extends [never]
  ? T extends keyof Special | 'COMM'
    ? `'${T}' needs the event's prefix: ${From['alias'] extends string ? From['alias'] : From['name']}.${T}`
    : Found<'start', T>
  : [Strip<T, To>] extends [infer R extends string]
    ? [R] extends [never] | ['']
      ? `'${T}' is not a field of the FROM or JOIN event: write <${Prefixes<From>}|${Prefixes<To>}>.<field>`
      : Found<'end', R>
    : never
