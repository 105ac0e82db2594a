import type { LowerSql, SqlTypeOk } from './lower.js'
import type { ParseSqlText, SqlTypeStatement } from './statement.js'
import type { SqlText } from './words.js'

/**
 * A statement's text read, parsed and lowered against kernel `K` (event
 * index `ES`, stack name `Stack`): `SqlTypeOk<value>` or a message. One
 * alias instance per call, shared by the parameter's check and the return type.
 */
export type SqlTyped<K, ES, Name extends string, T extends string, Stack extends string> = ParseSqlText<SqlText<T>> extends infer St
  ? St extends SqlTypeStatement
    ? LowerSql<K, ES, Name, St, Stack>
    : St
  : never

/** The message of a statement that does not check, else never. */
export type SqlTypeProblem<R> = R extends string ? R : never

/** The value of a statement that checks: the typed synth (JOIN) or the hist result. */
export type SqlTypeValue<R> = R extends SqlTypeOk<infer V> ? V : never
