/*
 * A parsed statement lowered at the type level, the way `lowerSynth` lowers
 * it at run time: the ON pairs are `.match(start, end, null)`, a selected
 * field is `.startField`/`.endField`, `end.x - start.y` is
 * `.compare(y, x, 'delta-end', as)`. Each step asks the builder's own
 * problem types, so a statement is refused with the message the same fluent
 * call would give, and the accumulated outputs are the builder's (`With`).
 * Without JOIN: the FROM event and the selected fields are checked, the
 * value is the run-time hist result.
 */
import type { HasField } from '../../synth/types/checked.js'
import type { IsNumericField } from '../../synth/types/field-rules.js'
import type { CompareStartProblem } from '../../synth/types/compare-problems.js'
import type { CopiedFieldProblem } from '../../synth/types/copied-field-problems.js'
import type { EventRef, FieldOf } from '../../synth/types/events.js'
import type { EndFieldProblem, MatchStartProblem } from '../../synth/types/match-problems.js'
import type { UnknownFieldMessage } from '../../synth/types/messages.js'
import type { NewNameProblem } from '../../synth/types/name-problems.js'
import type { SyntheticField } from '../../synth/types/synthetic-field.js'
import type { Synth, With } from '../../synth/types/synth.js'
import type { SqlHistResult } from '../result.js'
import type { Resolve, ScopeOf, SqlTypeResolved, SqlTypeScope } from './scope.js'
import type { SqlTypeCalc, SqlTypeField, SqlTypeStatement } from './statement.js'

/** `A` unless it is never, then `B`: the first problem of a step. */
type First<A, B> = [A] extends [never] ? B : A

/** The value of a good statement, boxed so that it is told apart from a message. */
export interface SqlTypeOk<V> {
  readonly ok: V
}

/** The start and end field of an ON pair (one field of each event), or the run-time message. */
type Pair<P extends readonly [string, string], From extends SqlTypeScope, To extends SqlTypeScope> = Resolve<P[0], From, To> extends infer L
  ? L extends SqlTypeResolved
    ? Resolve<P[1], From, To> extends infer R
      ? R extends SqlTypeResolved
        ? [From['event']['system'], From['event']['event']] extends [To['event']['system'], To['event']['event']]
          ? [L['field'], R['field']]
          : [L['side'], R['side']] extends ['start', 'end']
            ? [L['field'], R['field']]
            : [L['side'], R['side']] extends ['end', 'start']
              ? [R['field'], L['field']]
              : `'${P[0]}' and '${P[1]}' must be one field of each event (${From['name']} and ${To['name']})`
        : R
      : never
    : L
  : never

/** The keys of the ON pairs (each `.match(start, end, null)`), or the first problem. */
type Matches<S extends EventRef, E extends EventRef, From extends SqlTypeScope, To extends SqlTypeScope, On, Keys extends string[] = []> = On extends readonly [infer H extends readonly [string, string], ...infer R]
  ? Pair<H, From, To> extends infer P
    ? P extends [infer SF extends string, infer EF extends string]
      ? First<MatchStartProblem<S, E, SF, EF, Keys, {}, null>, EndFieldProblem<S, E, SF, EF>> extends infer Problem
        ? [Problem] extends [never]
          ? Matches<S, E, From, To, R, [...Keys, SF]>
          : Problem
        : never
      : P
    : never
  : Keys

/** `COMM` is a field for libtracefs, not for the typed builder. */
type CommProblem = "COMM is known at run time only: select it with sql(name, text, schema), or name the event's own comm field"

/** One calculation: `.compare(right, left, ...)` (libtracefs reads the right operand on the start event). */
type Calc<S extends EventRef, E extends EventRef, From extends SqlTypeScope, To extends SqlTypeScope, C extends SqlTypeCalc, Out> = C['as'] extends string
  ? Resolve<C['left'], From, To> extends infer L
    ? L extends SqlTypeResolved
      ? Resolve<C['right'], From, To> extends infer R
        ? R extends SqlTypeResolved
          ? First<CompareStartProblem<S, R['field']>, First<EndFieldProblem<S, E, R['field'], L['field'], 'compare'>, NewNameProblem<Out, C['as']>>> extends infer Problem
            ? [Problem] extends [never]
              ? SqlTypeOk<With<Out, C['as'], SyntheticField<FieldOf<S, R['field']>>>>
              : Problem
            : never
          : R
        : never
      : L
    : never
  : `a calculation needs a name: add 'AS name' after ${C['left']} - ${C['right']}`

/** One selected field: `.startField(f, as)` or `.endField(f, as)`. */
type Copy<Ev extends EventRef, F extends string, As extends string | undefined, Out> = F extends 'COMM' | 'comm'
  ? HasField<Ev, F> extends true
    ? CopyChecked<Ev, F, As, Out>
    : CommProblem
  : CopyChecked<Ev, F, As, Out>

type CopyChecked<Ev extends EventRef, F extends string, As extends string | undefined, Out> = First<CopiedFieldProblem<Ev, Out, F, As>, NewNameProblem<Out, As>> extends infer Problem
  ? [Problem] extends [never]
    ? SqlTypeOk<With<Out, As extends string ? As : F, SyntheticField<FieldOf<Ev, F>>>>
    : Problem
  : never

/** The selections folded into the outputs, or the first problem. */
type Selections<S extends EventRef, E extends EventRef, From extends SqlTypeScope, To extends SqlTypeScope, Sel, Out> = Sel extends readonly [infer H, ...infer R]
  ? (
      H extends SqlTypeCalc
        ? Calc<S, E, From, To, H, Out>
        : H extends SqlTypeField
          ? Resolve<H['name'], From, To> extends infer F
            ? F extends SqlTypeResolved
              ? Copy<F['side'] extends 'start' ? S : E, F['field'], H['as'], Out>
              : F
            : never
          : never
    ) extends infer Step
    ? Step extends SqlTypeOk<infer Next>
      ? Selections<S, E, From, To, R, Next>
      : Step
    : never
  : SqlTypeOk<Out>

/** With JOIN: the typed synth the same fluent calls give, or the first problem. */
type LowerSynth<Name extends string, From extends SqlTypeScope, To extends SqlTypeScope, St extends SqlTypeStatement> = Matches<From['event'], To['event'], From, To, St['on']> extends infer Keys
  ? Keys extends string[]
    ? Selections<From['event'], To['event'], From, To, St['select'], {}> extends infer Out
      ? Out extends SqlTypeOk<infer O>
        ? SqlTypeOk<Synth<Name, From['event'], To['event'], O, Keys, false>>
        : Out
      : never
    : Keys
  : never

/**
 * Without JOIN: every selection a field of the FROM event, one to three of
 * them keys and at most two values (a `_COUNTER_` cast makes a value, of a
 * number field; other casts are checked at run time). `STACKTRACE` is a hist
 * key on every kernel with hist triggers (`stacktrace` before 6.5), so it
 * needs no stack variable here.
 */
type LowerHist<From extends SqlTypeScope, Sel, Keys extends unknown[] = [], Values extends unknown[] = []> = Sel extends readonly [infer H, ...infer R]
  ? H extends SqlTypeCalc
    ? 'a statement without JOIN makes a hist, which cannot calculate: drop the + or -'
    : H extends SqlTypeField
      ? Resolve<H['name'], From, never> extends infer F
        ? F extends SqlTypeResolved
          ? HistFieldProblem<From['event'], F['field'], H['counter']> extends infer Problem
            ? [Problem] extends [never]
              ? H['counter'] extends true
                ? LowerHist<From, R, Keys, [...Values, H]>
                : LowerHist<From, R, [...Keys, H], Values>
              : Problem
            : never
          : F
        : never
      : never
  : Keys['length'] extends 0
    ? 'a hist needs a key: not every selection can be a _COUNTER_'
    : Keys['length'] extends 1 | 2 | 3
      ? Values['length'] extends 0 | 1 | 2
        ? SqlTypeOk<SqlHistResult>
        : `a hist sums at most two values besides hitcount (got ${Values['length']})`
      : `a hist takes at most three keys (got ${Keys['length']}): cast some to _COUNTER_`

/** What is wrong with a hist's field (a key, or a value: `Counter`), or never. */
type HistFieldProblem<E extends EventRef, F extends string, Counter> = F extends 'common_stacktrace'
  ? never
  : HasField<E, F> extends true
    ? Counter extends true
      ? IsNumericField<FieldOf<E, F>> extends true
        ? never
        : `'${F}' is not a number: only numbers can be counted`
      : never
    : F extends 'COMM' | 'comm'
      ? 'a hist has no COMM key: use CAST(common_pid AS EXECNAME)'
      : UnknownFieldMessage<E, F>

/** A parsed statement against kernel `K`: `SqlTypeOk<value>`, or a message. */
export type LowerSql<K, ES, Name extends string, St extends SqlTypeStatement, Stack extends string> = ScopeOf<K, ES, St['from'], 'start', Stack> extends infer From
  ? From extends SqlTypeScope
    ? St['join'] extends infer J extends SqlTypeStatement['from']
      ? ScopeOf<K, ES, J, 'end', Stack> extends infer To
        ? To extends SqlTypeScope
          ? LowerSynth<Name, From, To, St>
          : To
        : never
      : LowerHist<From, St['select']>
    : From
  : never
