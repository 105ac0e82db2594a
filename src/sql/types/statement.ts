/*
 * The type-level parser: a statement's normalised text (`SqlText`: single
 * spaces, keywords in upper case) read with template-literal patterns into a
 * small statement shape, or a syntax message. It reads the part of the
 * grammar that decides the synthetic event's type: the selections, FROM,
 * JOIN and ON. One step per item (selection, ON pair), every recursion a
 * tail call.
 */

/** A selected field: its name as written, its `AS` name, and whether it is cast to `_COUNTER_` (a hist value). */
export interface SqlTypeField<N extends string = string, As extends string | undefined = string | undefined, Counter extends boolean = boolean> {
  readonly kind: 'field'
  readonly name: N
  readonly as: As
  readonly counter: Counter
}

/** `left - right` or `left + right` (`TIMESTAMP_DELTA` is `__END_EVENT__.TIMESTAMP - __START_EVENT__.TIMESTAMP`). */
export interface SqlTypeCalc<L extends string = string, R extends string = string, As extends string | undefined = string | undefined> {
  readonly kind: 'calc'
  readonly left: L
  readonly right: R
  readonly as: As
}

export type SqlTypeSelection = SqlTypeField | SqlTypeCalc

/** `system.event` or `event` and its alias. */
export interface SqlTypeItem<N extends string = string, A extends string | undefined = string | undefined> {
  readonly name: N
  readonly alias: A
}

/** A statement as the type level reads it (WHERE is left to run time). */
export interface SqlTypeStatement {
  readonly select: readonly SqlTypeSelection[]
  readonly from: SqlTypeItem
  readonly join: SqlTypeItem | undefined
  /** The `ON` pairs, as written: `[left, right]`. */
  readonly on: readonly (readonly [string, string])[]
}

/** A message starting so is a syntax error (told apart from a parsed value). */
type SyntaxError = `syntax error${string}`

type Deltas = { TIMESTAMP_DELTA: 'TIMESTAMP'; TIMESTAMP_DELTA_USECS: 'TIMESTAMP_USECS' }

/** One name (no space in it), or never. */
type OneName<N extends string> = N extends '' | `${string} ${string}` ? never : N

/** The label text after an item (`''`, ` AS x`, ` x`): the name, undefined, or a syntax message. */
type Label<L extends string, Expected extends string> = L extends ''
  ? undefined
  : L extends ` AS ${infer N}`
    ? [OneName<N>] extends [never]
      ? `syntax error: expected ${Expected} after AS ${N}`
      : N
    : L extends ` ${infer N}`
      ? [OneName<N>] extends [never]
        ? `syntax error: expected ${Expected}, got '${N}'`
        : N extends 'AS'
          ? `syntax error: expected a name after AS`
          : N
      : `syntax error: expected ${Expected}`

/** A name, then an optional label: `[name, label text]`. */
type NameThenLabel<T extends string> = T extends `${infer N} ${infer L}` ? [N, ` ${L}`] : [T, '']

type WithLabel<S, As> = As extends SyntaxError
  ? As
  : S extends SqlTypeField<infer N, string | undefined, infer C>
    ? SqlTypeField<N, As & (string | undefined), C>
    : S extends SqlTypeCalc<infer L, infer R>
      ? SqlTypeCalc<L, R, As & (string | undefined)>
      : S

/** A field or calculation (inside parentheses or not), without a label. */
type FieldOrCalc<T extends string> = T extends `${infer L} ${'-' | '+'} ${infer R}`
  ? [OneName<L>, OneName<R>] extends [string, string]
    ? R extends keyof Deltas
      ? `${R} cannot be an operand`
      : SqlTypeCalc<L, R, undefined>
    : `syntax error: expected a field or a calculation, got '${T}'`
  : [OneName<T>] extends [never]
    ? `syntax error: expected a field or a calculation, got '${T}'`
    : T extends keyof Deltas
      ? SqlTypeCalc<`__END_EVENT__.${Deltas[T]}`, `__START_EVENT__.${Deltas[T]}`, undefined>
      : SqlTypeField<T, undefined, false>

/** One item of SELECT. */
type Selection<T extends string> = T extends `CAST ( ${infer F} AS ${infer C} )${infer L}`
  ? F extends keyof Deltas
    ? `${F} is a calculation and cannot be cast`
    : [OneName<F>] extends [never]
      ? `syntax error: expected a field in CAST( ... AS type), got '${F}'`
      : WithLabel<SqlTypeField<F, undefined, C extends '_COUNTER_' | '__COUNTER__' ? true : false>, Label<L, "',' or FROM">>
  : T extends `CAST${string}`
    ? `syntax error: expected CAST ( field AS type ), got '${T}'`
    : T extends `( ${infer Inner} )${infer L}`
      ? WithLabel<FieldOrCalc<Inner>, Label<L, "',' or FROM">>
      : T extends `${infer A} ${infer Op extends '-' | '+'} ${infer Rest}`
        ? NameThenLabel<Rest> extends [infer R extends string, infer L extends string]
          ? WithLabel<FieldOrCalc<`${A} ${Op} ${R}`>, Label<L, "',' or FROM">>
          : never
        : NameThenLabel<T> extends [infer F extends string, infer L extends string]
          ? WithLabel<FieldOrCalc<F>, Label<L, "',' or FROM">>
          : never

/** The items of SELECT, or the first message. */
type Selections<T extends string, Acc extends SqlTypeSelection[] = []> = T extends `${infer H} , ${infer R}`
  ? Selection<H> extends infer S
    ? S extends SqlTypeSelection
      ? Selections<R, [...Acc, S]>
      : S
    : never
  : Selection<T> extends infer S
    ? S extends SqlTypeSelection
      ? [...Acc, S]
      : S
    : never

/** `system.event [AS alias]`. */
type Item<T extends string, Expected extends string> = NameThenLabel<T> extends [infer N extends string, infer L extends string]
  ? N extends ''
    ? `syntax error: expected an event (system.event or event)`
    : Label<L, Expected> extends infer A
      ? A extends SyntaxError
        ? A
        : SqlTypeItem<N, A & (string | undefined)>
      : never
  : never

/** The `a.f = b.g` pairs of ON, or a message. */
type Matches<T extends string, Acc extends (readonly [string, string])[] = []> = T extends `${infer H} , ${infer R}`
  ? Match<H> extends infer M
    ? M extends readonly [string, string]
      ? Matches<R, [...Acc, M]>
      : M
    : never
  : Match<T> extends infer M
    ? M extends readonly [string, string]
      ? [...Acc, M]
      : M
    : never

type Match<T extends string> = T extends `${infer L} = = ${infer R}` | `${infer L} = ${infer R}`
  ? [OneName<L>, OneName<R>] extends [string, string]
    ? readonly [L, R]
    : `syntax error: expected 'a.f = b.g' after ON, got '${T}'`
  : `syntax error: expected 'a.f = b.g' after ON, got '${T}'`

type Statement<Sel, From, To, On> = { readonly select: Sel; readonly from: From; readonly join: To; readonly on: On }

type AfterFrom<Sel extends SqlTypeSelection[], T extends string> = T extends `${infer F} JOIN ${infer J}`
  ? Item<F, 'JOIN, WHERE or the end'> extends infer From
    ? From extends SqlTypeItem
      ? J extends `${infer E} ON ${infer On}`
        ? Item<E, 'ON'> extends infer To
          ? To extends SqlTypeItem
            ? Matches<On> extends infer M
              ? M extends (readonly [string, string])[]
                ? Statement<Sel, From, To, M>
                : M
              : never
            : To
          : never
        : `syntax error: expected ON after JOIN ${J}`
      : From
    : never
  : Item<T, 'JOIN, WHERE or the end'> extends infer From
    ? From extends SqlTypeItem
      ? Statement<Sel, From, undefined, []>
      : From
    : never

/** A statement's shape ({@link SqlTypeStatement}) from its normalised text, or a syntax message. */
export type ParseSqlText<T extends string> = T extends `SELECT ${infer S} FROM ${infer F}`
  ? Selections<S> extends infer Sel
    ? Sel extends SqlTypeSelection[]
      ? AfterFrom<Sel, F>
      : Sel
    : never
  : T extends `SELECT ${string}`
    ? `syntax error: expected ',' or FROM`
    : `syntax error: expected SELECT`
