/**
 * The syntax tree of one SQL statement, as plain data. Every node carries
 * `at`, the offset of its first character in the text (for messages); apart
 * from that the tree holds only strings, numbers and the node kinds below, so
 * a type-level parser can build the same shapes from a string literal.
 *
 * ```
 * SELECT <selection>, ... FROM <event> [JOIN <event> ON <match>, ...] [WHERE <condition> (&& | ,) ...]
 * ```
 */
export interface SqlStatement {
  readonly select: readonly SqlSelection[]
  readonly from: SqlEventItem
  /** Undefined without JOIN: the statement is then a histogram on the FROM event. */
  readonly join: SqlJoin | undefined
  /** The top-level conditions of WHERE (split at top-level `&&` and `,`); each applies to one event. */
  readonly where: readonly SqlCondition[]
}

/** A dotted name as written: `start.pid`, `sched.sched_waking`, `end.TIMESTAMP_USECS`. */
export interface SqlName {
  readonly text: string
  readonly at: number
}

/** `system.event` or `event`, with an optional alias (`FROM sched_waking AS start`). */
export interface SqlEventItem {
  readonly name: SqlName
  readonly alias: SqlName | undefined
}

export interface SqlJoin {
  readonly event: SqlEventItem
  /** The `ON a.f = b.f, ...` pairs in order: the first is the key, the others add keys. */
  readonly on: readonly SqlMatch[]
}

export interface SqlMatch {
  readonly left: SqlName
  readonly right: SqlName
}

/** What a cast names (`CAST(x AS HEX)`): a hist key modifier, or `counter` (a hist value). */
export type SqlCastType =
  'hex' | 'sym' | 'sym-offset' | 'syscall' | 'execname' | 'log2' | 'buckets' | 'stacktrace' | 'counter'

export interface SqlCast {
  readonly type: SqlCastType
  /** For `BUCKETS=N`: N; else 0. */
  readonly buckets: number
  /** The type as written (`SYM-OFFSET`, `_COUNTER_`). */
  readonly text: string
  readonly at: number
}

/** One item of SELECT. */
export type SqlSelection =
  | {
      readonly kind: 'field'
      readonly field: SqlName
      readonly cast: SqlCast | undefined
      readonly as: SqlName | undefined
      readonly at: number
    }
  | {
      /** `a.f - b.f` or `a.f + b.f`; `TIMESTAMP_DELTA[_USECS]` is `end.TIMESTAMP[_USECS] - start.TIMESTAMP[_USECS]`. */
      readonly kind: 'calc'
      readonly op: '+' | '-'
      readonly left: SqlName
      readonly right: SqlName
      readonly as: SqlName | undefined
      readonly at: number
    }

/** A comparison operator of WHERE (`=` is read as `==`). */
export type SqlCompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&' | '~'

/** A literal of WHERE: a number (C `strtol`, base from its prefix) or a double-quoted string (quotes kept). */
export type SqlValue =
  | { readonly kind: 'number'; readonly value: bigint; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly text: string; readonly at: number }

export type SqlCondition =
  | {
      readonly kind: 'compare'
      readonly field: SqlName
      readonly op: SqlCompareOp
      readonly value: SqlValue
      readonly at: number
    }
  | { readonly kind: 'and' | 'or'; readonly left: SqlCondition; readonly right: SqlCondition; readonly at: number }
  /** `( ... )` */
  | { readonly kind: 'group'; readonly inner: SqlCondition; readonly at: number }
  /** `!( ... )` or `!compare`: always written as `!(...)`. */
  | { readonly kind: 'not'; readonly inner: SqlCondition; readonly at: number }
