import type { SynthCalc } from '../../definition/synth-definition.js'
import type { FilterConnective } from '../../filter/tokens.js'
import type { Field } from '../../schema/field-types.js'
import type { SynthPhantom } from '../../schema/synth-fields.js'
import type { FieldInfo } from '../../definition/field-info.js'
import type { EventAt, EventNamed, EventRef, FieldName, FieldOf, KeyName } from './events.js'
import type { FilterExpr } from '../../filter/expression.js'
import type { EventFilterFactory } from './filter.js'
import type { SyntheticField } from './synthetic-field.js'
import type { Checked, FieldProblem, SaveProblem } from './checked.js'
import type { STACKTRACE } from '../../filter/special-fields.js'
import type { CompareStartProblem, DeltaProblem } from './compare-problems.js'
import type { CopiedFieldProblem } from './copied-field-problems.js'
import type { FtraceEventProblem } from '../../compile/kernel-rules/ftrace-event.js'
import type { NoFieldsProblem } from '../../compile/kernel-rules/no-fields.js'
import type { HandlerVarProblem, NumericOutputs } from './handler-problems.js'
import type { CompatibleFields, EndFieldProblem, MatchStartProblem } from './match-problems.js'
import type { NewNameProblem } from './name-problems.js'
import type { OpProblem, OpsOf } from './operator-problems.js'
import type { SynthOutputs } from './outputs.js'
import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { CompileOptions, EchoOptions, SynthCommands } from '../../compile/options.js'
import type { StartHist } from '../../compile/start-hist.js'

/**
 * A synthetic event named, waiting for its start event. `Stack` is
 * `'common_stacktrace'` when the kernel has the stack as a value, else never
 * (from its capabilities: `StackOf<C>`).
 */
export interface SynthNamed<K, ES, Name extends string, Stack extends string = typeof STACKTRACE, Named extends boolean = true> {
  /**
   * The start event: `('sched', 'sched_waking')`, or the event name alone
   * (`'sched_waking'`: the lowest-ID event of that name, as libtracefs finds it).
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const waking = synth('wakeup_lat').start('sched', 'sched_waking')
   * const same = synth('wakeup_lat').start('sched_waking')
   */
  start<const S extends keyof K & string, const E extends keyof K[S] & string>(system: [S] extends ['ftrace'] ? FtraceEventProblem<'start', E> : S, event: E): SynthStarted<K, ES, Name, EventAt<K, S, E, Stack>, Stack, Named>
  /** A finished synth as the start event: its `synthetic/<name>` event and fields. */
  start<const S extends SynthLike>(synth: S): SynthStarted<K, ES, Name, SynthAsEvent<S, Stack>, Stack, Named>
  start<const E extends keyof ES>(event: E): SynthStarted<K, ES, Name, EventNamed<K, ES, E, Stack>, Stack, Named>
}

/** A synthetic event with its start event, waiting for its end event. */
export interface SynthStarted<K, ES, Name extends string, Start extends EventRef, Stack extends string = typeof STACKTRACE, Named extends boolean = true> {
  /**
   * The end event, named like the start event. It may be the start event itself.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch')
   */
  end<const S extends keyof K & string, const E extends keyof K[S] & string>(system: [S] extends ['ftrace'] ? FtraceEventProblem<'end', E> : S, event: E): Synth<Name, Start, EventAt<K, S, E, Stack>, {}, [], Named>
  /** A finished synth as the end event. */
  end<const S extends SynthLike>(synth: S): Synth<Name, Start, SynthAsEvent<S, Stack>, {}, [], Named>
  end<const E extends keyof ES>(event: E): Synth<Name, Start, EventNamed<K, ES, E, Stack>, {}, [], Named>
}

/**
 * The field a match gives: `as`, else (`Named`: the fluent builders) the start
 * field's name when it is an identifier, or (libtracefs' rule, `createSynth`)
 * none; none for `null`.
 */
type MatchName<SF extends string, As, Named extends boolean> = As extends null
  ? never
  : As extends string
    ? As
    : Named extends false
      ? never
      : SF extends `${string}.${string}`
        ? never
        : SF

export type With<Out, Name, F> = [Name] extends [never] ? Out : Name extends string ? Out & { readonly [P in Name]: F } : Out

/**
 * A synthetic event between a start and an end event (libtracefs'
 * `tracefs_synth`), checked against the kernel's formats as it is built. Every
 * call returns a new builder: a half-built one can be branched safely.
 */
export interface Synth<Name extends string, Start extends EventRef, End extends EventRef, Out, Keys extends readonly string[] = [], Named extends boolean = true, Saved = {}>
  extends Omit<SynthOutputs, NeedsFields>,
    SynthPhantom<Name, Out, Saved> {
  /**
   * The synthetic event's fields in order, each described the way the kernel
   * will show it in the event's `format` file (`{ type: 'pid_t', size: 4, ... }`).
   * These are descriptors, not values: the type of a record's fields is
   * `SynthFields<typeof s>` (`{ pid: number; delta: bigint }`).
   *
   * @example
   * import { TIMESTAMP_USECS, synth } from 'typed-ftrace'
   * import type { FieldInfo, SynthFields } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta(TIMESTAMP_USECS)
   * const pid: FieldInfo = lat.fields.pid // { type: 'pid_t', cType: 'pid_t', size: 4, signed: true, ... }
   * const record: SynthFields<typeof lat> = { pid: 1, delta: 12n }
   */
  readonly fields: { readonly [P in keyof Out]: FieldInfo }
  /**
   * The synthetic event's name, as its literal type (`tracefs_synth_get_name`).
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').name // 'wakeup_lat'
   */
  readonly name: Name

  /**
   * Matches a start field with an end field: the start event is remembered by
   * this key and the end event finds it. One argument: the same name on both
   * sides. The key becomes a field of the synthetic event named after the
   * start field, or `as`; `null` for no field (libtracefs' NULL match name).
   * A time stamp is no key (it would pair events only at the same instant),
   * and `common_stacktrace` is one only where the kernel has it (6.12, not 6.1).
   *
   * Two signatures that differ in their number of arguments, so that only one
   * of them ever applies: the one-argument form checks the field on both
   * events. The end field's type parameter defaults to `string`, not
   * `undefined`: an editor asking for completions at the end field resolves
   * the call with that argument hidden (its type parameter then takes the
   * default), and must not see a one-argument match there.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch')
   *   .match('pid', 'next_pid') // a field pid
   *   .match('prio', 'next_prio', null) // a second key, no field
   */
  match<const SF extends string>(
    field: '' extends SF ? KeyName<Start> : Checked<SF, NoInfer<MatchStartProblem<Start, End, SF, undefined, Keys, Out, Named extends true ? undefined : null>>>,
  ): Synth<Name, Start, End, With<Out, MatchName<SF, undefined, Named>, SyntheticField<FieldOf<Start, SF>>>, [...Keys, SF], Named, Saved>
  match<const SF extends string, const EF extends string | undefined = string, const As extends string | null | undefined = undefined>(
    startField: '' extends SF ? KeyName<Start> : Checked<SF, NoInfer<MatchStartProblem<Start, End, SF, EF, Keys, Out, Named extends true ? As : As extends undefined ? null : As>>>,
    endField: '' extends EF ? NoInfer<CompatibleFields<Start, End, SF, End['stack']>> : Checked<EF, NoInfer<EndFieldProblem<Start, End, SF, EF>>>,
    as?: As extends null ? null : '' extends As ? string : Checked<As, NoInfer<NewNameProblem<Out, Exclude<As, null>>>>,
  ): Synth<Name, Start, End, With<Out, MatchName<SF, As, Named>, SyntheticField<FieldOf<Start, SF>>>, [...Keys, SF], Named, Saved>

  /**
   * A field computed from a start and an end field: `delta-end` (end−start), `delta-start` (start−end) or `add`.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch')
   *   .match('pid', 'next_pid')
   *   .compare('prio', 'next_prio', 'delta-end', 'prio_change')
   */
  compare<const SF extends string, const EF extends string, const As extends string>(
    startField: '' extends SF ? FieldName<Start> : Checked<SF, NoInfer<CompareStartProblem<Start, SF>>>,
    endField: '' extends EF ? NoInfer<CompatibleFields<Start, End, SF>> : Checked<EF, NoInfer<EndFieldProblem<Start, End, SF, EF, 'compare'>>>,
    calc: SynthCalc,
    as: '' extends As ? string : Checked<As, NoInfer<NewNameProblem<Out, As>>>,
  ): Synth<Name, Start, End, With<Out, As, SyntheticField<FieldOf<Start, SF>>>, Keys, Named, Saved>

  /**
   * End minus start of one field on both events (default `common_timestamp.usecs`), named `delta` unless told.
   *
   * @example
   * import { TIMESTAMP, synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta()
   * const inNs = synth('wakeup_ns').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta(TIMESTAMP, 'ns')
   */
  delta<const F extends string = 'common_timestamp.usecs', const As extends string = 'delta'>(
    field?: '' extends F ? FieldName<Start> & FieldName<End> : Checked<F, NoInfer<DeltaProblem<Start, End, Out, F, As>>>,
    as?: '' extends As ? string : Checked<As, NoInfer<NewNameProblem<Out, As>>>,
  ): Synth<Name, Start, End, With<Out, As, SyntheticField<FieldOf<Start, F>>>, Keys, Named, Saved>

  /**
   * Copies a start-event field into the synthetic event (named `as`, else the field's name).
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').startField('prio').startField('comm', 'waker_comm')
   */
  startField<const F extends string, const As extends string | undefined = undefined>(
    field: '' extends F ? FieldName<Start> : Checked<F, NoInfer<CopiedFieldProblem<Start, Out, F, As>>>,
    as?: '' extends As ? string : Checked<As, NoInfer<NewNameProblem<Out, As>>>,
  ): Synth<Name, Start, End, With<Out, As extends string ? As : F, SyntheticField<FieldOf<Start, F>>>, Keys, Named, Saved>

  /**
   * Copies an end-event field into the synthetic event (named `as`, else the field's name).
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').endField('prev_comm').endField('next_prio', 'prio')
   */
  endField<const F extends string, const As extends string | undefined = undefined>(
    field: '' extends F ? FieldName<End> : Checked<F, NoInfer<CopiedFieldProblem<End, Out, F, As>>>,
    as?: '' extends As ? string : Checked<As, NoInfer<NewNameProblem<Out, As>>>,
  ): Synth<Name, Start, End, With<Out, As extends string ? As : F, SyntheticField<FieldOf<End, F>>>, Keys, Named, Saved>

  /**
   * Filters the start event: `f => f.lt('prio', 100)`.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').startFilter((f) => f.lt('prio', 100).and(f.glob('comm', 'bash*')))
   */
  startFilter(build: (f: EventFilterFactory<Start>) => FilterExpr): Synth<Name, Start, End, Out, Keys, Named, Saved>
  /**
   * Filters the end event.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').endFilter((f) => f.not(f.eq('prev_state', 0)))
   */
  endFilter(build: (f: EventFilterFactory<End>) => FilterExpr): Synth<Name, Start, End, Out, Keys, Named, Saved>

  /**
   * libtracefs' token form of the start filter: `('compare', 'prio', '<', 100)`, `('and')`, `('(')`, ...
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid')
   *   .appendStartFilter('compare', 'prio', '<', 100)
   *   .appendStartFilter('and')
   *   .appendStartFilter('compare', 'comm', '~', '"bash*"')
   */
  appendStartFilter<const F extends string, const Op extends string>(
    type: 'compare',
    field: '' extends F ? FieldName<Start> : Checked<F, NoInfer<FieldProblem<Start, F>>>,
    op: '' extends Op ? NoInfer<OpsOf<Start, F>> : Checked<Op, NoInfer<OpProblem<Start, F, Op>>>,
    value: string | number | bigint,
  ): Synth<Name, Start, End, Out, Keys, Named, Saved>
  appendStartFilter(type: FilterConnective): Synth<Name, Start, End, Out, Keys, Named, Saved>
  /**
   * libtracefs' token form of the end filter.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').appendEndFilter('compare', 'prev_state', '&', 1)
   */
  appendEndFilter<const F extends string, const Op extends string>(
    type: 'compare',
    field: '' extends F ? FieldName<End> : Checked<F, NoInfer<FieldProblem<End, F>>>,
    op: '' extends Op ? NoInfer<OpsOf<End, F>> : Checked<Op, NoInfer<OpProblem<End, F, Op>>>,
    value: string | number | bigint,
  ): Synth<Name, Start, End, Out, Keys, Named, Saved>
  appendEndFilter(type: FilterConnective): Synth<Name, Start, End, Out, Keys, Named, Saved>

  /**
   * The synthetic event's field list, e.g. `pid_t pid; u64 delta;`.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta()
   * lat.showEvent() // 'pid_t pid; u64 delta;'
   */
  showEvent(this: NonEmpty<Name, Out>, options?: CompileOptions): string
  /**
   * The start event's hist trigger.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta()
   * lat.showStartHist() // 'hist:keys=pid:__arg_..._1=common_timestamp.usecs'
   */
  showStartHist(this: NonEmpty<Name, Out>, options?: CompileOptions): string
  /**
   * The start side as a plain hist on the start event
   * (`tracefs_synth_get_start_hist`): keyed by the start match fields, with
   * the start filter; `tfs.create()` takes it.
   *
   * @example
   * import { histTriggerText, synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta()
   * histTriggerText(lat.startHist().definition) // 'hist:keys=pid'
   */
  startHist(): StartHist
  /**
   * The end event's hist trigger.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta()
   * lat.showEndHist() // 'hist:keys=next_pid:...:onmatch(sched.sched_waking).trace(wakeup_lat,$pid,$...)'
   */
  showEndHist(this: NonEmpty<Name, Out>, options?: CompileOptions): string
  /**
   * `<fields>\n<start hist>\n<end hist>` like `tracefs_synth_raw_fmt`.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta()
   * const [fields, startHist, endHist] = lat.rawFmt().split('\n')
   */
  rawFmt(this: NonEmpty<Name, Out>, options?: CompileOptions): string
  /**
   * The tracefs writes that create it and those that remove it again, in order.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta()
   * const { create, destroy } = lat.commands({ instance: 'lat' })
   * for (const w of create) console.log(w.file, w.text)
   */
  commands(this: NonEmpty<Name, Out>, options?: CompileOptions): SynthCommands
  /**
   * The same as a shell script of `echo` lines, like `tracefs_synth_echo_cmd`.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta()
   * console.log(lat.echoCmd({ tracingDir: '/sys/kernel/debug/tracing' }))
   */
  echoCmd(this: NonEmpty<Name, Out>, options?: EchoOptions): string

  /**
   * Runs an action on every matched end event (the default when no handler is added).
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta().onMatch().trace()
   */
  onMatch(): MatchHandler<Name, Start, End, Out, Keys, Named, Saved>
  /**
   * Runs an action when the variable reaches a new maximum (per end-event key).
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta().onMax('delta').save('prev_comm', 'prev_prio')
   */
  onMax<const V extends string>(variable: '' extends V ? NumericOutputs<Out> : Checked<V, NoInfer<HandlerVarProblem<Out, V>>>): Handler<Name, Start, End, Out, Keys, Named, Saved>
  /**
   * Runs an action when the variable changes (per end-event key).
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta().onChange('delta').trace()
   */
  onChange<const V extends string>(variable: '' extends V ? NumericOutputs<Out> : Checked<V, NoInfer<HandlerVarProblem<Out, V>>>): Handler<Name, Start, End, Out, Keys, Named, Saved>
}

/** Outputs that make no sense for a synthetic event without fields (the kernel refuses those). */
type NeedsFields = 'showEvent' | 'showStartHist' | 'showEndHist' | 'rawFmt' | 'commands' | 'echoCmd'

/** `this` of the outputs: anything once the synthetic event has a field (or its fields are unknown: {@link AnySynth}), else the kernel's complaint. */
export type NonEmpty<Name extends string, Out> = unknown extends Out ? unknown : [keyof Out] extends [never] ? NoFieldsProblem<Name> : unknown


/** The action of an `onmatch` handler: only `trace()` (libtracefs refuses snapshot/save there). */
export interface MatchHandler<Name extends string, Start extends EventRef, End extends EventRef, Out, Keys extends readonly string[] = [], Named extends boolean = true, Saved = {}> {
  /**
   * Emits the synthetic event.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta().onMatch().trace()
   */
  trace(): Synth<Name, Start, End, Out, Keys, Named, Saved>
}

/** The action of an `onmax`/`onchange` handler. */
export interface Handler<Name extends string, Start extends EventRef, End extends EventRef, Out, Keys extends readonly string[] = [], Named extends boolean = true, Saved = {}> extends MatchHandler<Name, Start, End, Out, Keys, Named, Saved> {
  /**
   * Takes a snapshot of the trace buffer.
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta().onMax('delta').snapshot()
   */
  snapshot(): Synth<Name, Start, End, Out, Keys, Named, Saved>
  /**
   * Saves end-event fields alongside the new value (shown in the `hist` file).
   *
   * @example
   * import { synth } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta().onMax('delta').save('prev_comm')
   */
  save<const F extends string>(...fields: ('' extends F ? FieldName<End> : Checked<F, NoInfer<SaveProblem<End, F>>>)[]): Synth<Name, Start, End, Out, Keys, Named, Saved & SavedFieldsOf<End, F>>
}

/** The end-event fields `save()` names, by name, with their `Field`s (a synth's `SavedFields` are their values). */
export type SavedFieldsOf<End extends EventRef, F extends string> = { readonly [P in F]: FieldOf<End, P> }

/** Anything built by the synth builder (what `.start(synth)`/`.end(synth)` take). */
export type SynthLike = SynthPhantom<string, unknown> & { readonly definition: SynthDefinition }

/** Any finished synth. */
export type AnySynth = Synth<string, EventRef, EventRef, unknown, readonly string[], boolean>

/** Every `Field` of a synth's output, for using it as an event. */
export type SynthOutputFields<S> = S extends SynthPhantom<string, infer Out> ? { [K in keyof Out]: Out[K] & Field } : never

/** The common fields every event has. */
export interface CommonFields {
  readonly common_type: Field<'unsigned short', 2, false, '', number>
  readonly common_flags: Field<'unsigned char', 1, false, '', number>
  readonly common_preempt_count: Field<'unsigned char', 1, false, '', number>
  readonly common_pid: Field<'int', 4, true, 'signed', number>
}

/** A finished synth seen as the event it creates: `synthetic/<name>` (on a kernel whose stack name is `Stack`). */
export type SynthAsEvent<S, Stack extends string = typeof STACKTRACE> = S extends SynthPhantom<infer N, infer Out> ? EventRef<'synthetic', N, CommonFields & { [K in keyof Out]: Out[K] & Field }, Stack> : never
