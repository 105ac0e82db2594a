import { SynthError } from '../definition/synth-error.js'
import type { StackOf } from '../compile/kernel-rules/stacktrace.js'
import type {
  CapabilitiesOf,
  EventSystemsOf,
  KernelOf,
  KernelRegistrationProblem,
  RegisteredCapabilities,
  RegisteredEventSystems,
  RegisteredKernel,
} from '../schema/field-types.js'
import { requireRegisteredSchema } from '../schema/registry.js'
import type { Schema } from '../schema/schema.js'
import type { Checked } from '../synth/types/checked.js'
import type { SynthNameProblem } from '../synth/types/name-problems.js'
import { sql } from './sql.js'
import type { SqlTypeProblem, SqlTyped, SqlTypeValue } from './types/typed.js'

/** The message for a statement whose text is no string literal. */
export type SqlNotLiteralProblem =
  'typedSql() reads the statement at compile time and needs it as a string literal: for a statement known at run time only use sql(name, text, schema)'

/** The kernel a call checks against: the schema's, else the registered one. */
type KernelFor<S> = [S] extends [never] ? RegisteredKernel : KernelOf<S>
type EventsFor<S> = [S] extends [never] ? RegisteredEventSystems : EventSystemsOf<S>
type StackFor<S> = StackOf<[S] extends [never] ? RegisteredCapabilities : CapabilitiesOf<S>>

/** The result of {@link typedSql} for a statement `T` named `Name`, against schema `S` (never: the registered kernel). */
export type TypedSqlResult<Name extends string, T extends string, S = never> = SqlTypeValue<
  SqlTyped<KernelFor<S>, EventsFor<S>, Name, T, StackFor<S>>
>

/**
 * {@link sql} with the statement read at compile time as well: a string
 * literal in libtracefs' SQL dialect, checked against the registered kernel
 * (or the typed `schema` given, a generated module's `schema` export). With
 * a JOIN the value is the typed synth the fluent builder gives for the same
 * calls (`SynthFields<typeof s>` is its record); without one, the hist
 * result of {@link sqlHist}.
 *
 * Checked at compile time: the syntax of SELECT, FROM, JOIN and ON; the
 * events; every field name and its prefix; that ON pairs one field of each
 * event with compatible types; calculations (numeric, same units, named);
 * the output names; without JOIN, the number of keys and `_COUNTER_`
 * values. Checked at run time only: WHERE, the other casts, and `COMM` (a
 * compile error with JOIN: the typed builder has no such field).
 * The argument must be a literal (or a `const` of literal type): the
 * compiler cannot read a tagged template's text, so there is no
 * `` typedSql`...` `` form. A statement that does not check makes the text
 * argument a compile error whose message says why (the builder's own
 * messages); at run time the same statement throws an {@link SqlError}.
 *
 * @example
 * import { typedSql } from 'typed-ftrace'
 * import type { SynthFields } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const lat = typedSql(
 *   'wakeup_lat',
 *   'SELECT start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat FROM sched.sched_waking AS start JOIN sched.sched_switch AS end ON start.pid = end.next_pid',
 * )
 * type Row = SynthFields<typeof lat> // { pid: number; lat: bigint }
 * lat.showEvent() // 'pid_t pid; u64 lat;'
 */
export function typedSql<const Name extends string, const T extends string, const S extends Schema = never>(
  name: [S] extends [never]
    ? [KernelRegistrationProblem] extends [never]
      ? '' extends Name
        ? string
        : Checked<Name, NoInfer<SynthNameProblem<Name>>>
      : KernelRegistrationProblem
    : '' extends Name
      ? string
      : Checked<Name, NoInfer<SynthNameProblem<Name>>>,
  text: string extends T
    ? SqlNotLiteralProblem
    : Checked<T, NoInfer<SqlTypeProblem<SqlTyped<KernelFor<S>, EventsFor<S>, Name, T, StackFor<S>>>>>,
  schema?: S,
): TypedSqlResult<Name, T, S> {
  if (typeof text !== 'string') throw new SynthError('EINVAL', 'typedSql() takes the statement as a string')
  const result = sql(name as string, text, schema ?? requireRegisteredSchema())
  return (result.kind === 'synth' ? result.synth : result) as never
}
