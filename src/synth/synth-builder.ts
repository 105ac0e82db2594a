import type { CompileOptions, EchoOptions, SynthCommands } from '../compile/options.js'
import type { StartHist } from '../compile/start-hist.js'
import type { EventFormat } from '../schema/format-types.js'
import type { FilterExpr, FilterFactory } from '../filter/expression.js'
import type { FilterOp, FilterTokenType } from '../filter/tokens.js'
import type { SynthCalc, SynthDefinition } from '../definition/synth-definition.js'
import type { FieldInfo } from '../definition/field-info.js'

/**
 * The run-time synthetic-event builder behind every typed one (`synth()`,
 * `withSchema().synth()`, `createSynth()` are typed views of it):
 * libtracefs' `tracefs_synth_*` calls as methods, with the same checks and
 * errno codes (thrown as {@link SynthError}), over immutable data. Every call
 * returns a new builder; the one it was called on is unchanged, so a
 * half-built definition can be branched. Internal: JSON specs and the CLI
 * drive it with names known at run time only.
 */
export interface SynthBuilder {
  /** The definition as plain frozen data. */
  readonly definition: SynthDefinition
  /** The synthetic event's fields in order: name -> type, size, sign, value kind. */
  readonly fields: Readonly<Record<string, FieldInfo>>
  /** The synthetic event's name (`tracefs_synth_get_name`). */
  readonly name: string
  /**
   * The event the synthetic event will be, as its `format` file describes it
   * (`tracefs_synth_get_event`): `synthetic/<name>`, the common fields, then
   * one field per synthetic field. Its ID is -1 until the kernel holds it.
   */
  readonly event: EventFormat

  /**
   * Sets the start event: `('sched', 'sched_waking')`, or the name alone, which
   * finds the lowest-ID event of that name as libtracefs does. ENODEV when the
   * schema has no such event; EINVAL when the start event is already set.
   */
  start(systemOrEvent: string | { readonly definition: SynthDefinition }, event?: string): SynthBuilder
  /** Sets the end event, like {@link start}. It may be the start event itself. */
  end(systemOrEvent: string | { readonly definition: SynthDefinition }, event?: string): SynthBuilder

  /**
   * Matches a start field with an end field: the end event finds the start
   * event's entry by this key (several calls make a compound key, in order).
   * One argument uses the same name on both sides. With `as`, the end field's
   * value becomes a synthetic field of the start field's type. ENODEV for an
   * unknown field, EBADE when sizes or flags differ, EBADF when the field has
   * no synthetic type.
   */
  match(startField: string, endField?: string, as?: string | null): SynthBuilder

  /**
   * A synthetic field computed from a start and an end field: `delta-end`
   * (end − start), `delta-start` (start − end) or `add` (end + start). The
   * fields must be compatible (EBADE) and not strings or arrays (EINVAL).
   */
  compare(startField: string, endField: string, calc: SynthCalc, as: string): SynthBuilder

  /**
   * `compare(field, field, 'delta-end', as)`: end minus start of the same
   * field, by default the time stamps in microseconds, named `delta`.
   */
  delta(field?: string, as?: string): SynthBuilder

  /**
   * Copies a start-event field into the synthetic event, named `as` or the
   * field's own name.
   */
  startField(field: string, as?: string): SynthBuilder

  /**
   * Copies an end-event field into the synthetic event, named `as` or the
   * field's own name.
   */
  endField(field: string, as?: string): SynthBuilder

  /**
   * Adds a typed expression to the start event's filter (joined with `&&`
   * when there is one already).
   */
  startFilter(build: (f: FilterFactory) => FilterExpr): SynthBuilder
  /** Adds a typed expression to the end event's filter. */
  endFilter(build: (f: FilterFactory) => FilterExpr): SynthBuilder

  /**
   * libtracefs' token form of the start filter
   * (`tracefs_synth_append_start_filter`): `('compare', field, op, value)`,
   * `('and')`, `('or')`, `('not')`, `('(')`, `(')')`. The value is written
   * verbatim (quote strings yourself). A token out of place is EINVAL;
   * parentheses left open are closed at the end.
   */
  appendStartFilter(
    type: FilterTokenType,
    field?: string,
    op?: FilterOp,
    value?: string | number | bigint,
  ): SynthBuilder
  /** The token form of the end filter. */
  appendEndFilter(type: FilterTokenType, field?: string, op?: FilterOp, value?: string | number | bigint): SynthBuilder

  /**
   * An action on every matched end event: `onmatch(<start>)`. Adding any
   * action replaces the default `onmatch(...).trace(...)`.
   */
  onMatch(): HandlerStep
  /**
   * An action when `variable` reaches a new maximum: `onmax($var)`. The
   * variable is a synthetic field name (hashed names are found) or a match
   * name; ENODEV when there is none.
   */
  onMax(variable: string): HandlerStep
  /** An action when `variable` changes: `onchange($var)`. */
  onChange(variable: string): HandlerStep

  /** True when both events are set (`tracefs_synth_complete`). */
  complete(): boolean
  /** The field list of the definition: `pid_t pid; u64 delta;`. */
  showEvent(options?: CompileOptions): string
  /** The start event's hist trigger. */
  showStartHist(options?: CompileOptions): string
  /** The end event's hist trigger. */
  showEndHist(options?: CompileOptions): string
  /**
   * The start side as a plain hist on the start event
   * (`tracefs_synth_get_start_hist`): keyed by the start match fields, with
   * the start filter. `tfs.create()` takes it, and its handle reads the table.
   */
  startHist(): StartHist
  /** `<fields>\n<start hist>\n<end hist>` (`tracefs_synth_raw_fmt`). */
  rawFmt(options?: CompileOptions): string
  /**
   * The tracefs writes that create and destroy the synthetic event, in
   * libtracefs' order. EUNATCH without an end event, EBADE with an unfinished
   * filter.
   */
  commands(options?: CompileOptions): SynthCommands
  /**
   * The three `echo` lines that create the synthetic event from a shell
   * (`tracefs_synth_echo_cmd`).
   */
  echoCmd(options?: EchoOptions): string
}

/** The action of a handler; each returns the builder with the action added. */
export interface HandlerStep {
  /** Emits the synthetic event: `.trace(<name>,<args>)` (or the legacy `.<name>(<args>)`). */
  trace(): SynthBuilder
  /** Snapshots the trace buffer (`onmax`/`onchange` only; EINVAL for `onmatch`). */
  snapshot(): SynthBuilder
  /** Saves end-event fields with the new value (`onmax`/`onchange` only; ENODEV for a field of another event). */
  save(...fields: string[]): SynthBuilder
}
