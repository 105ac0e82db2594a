import type { FilterState } from '../filter/filter-state.js'
import type { FilterToken } from '../filter/tokens.js'
import type { FieldFormat } from '../schema/format-types.js'
import type { FieldInfo } from './field-info.js'

/** An event of a definition. */
export interface SynthEventRef {
  readonly system: string
  readonly event: string
  /** The event's ID in the schema the definition was built with. */
  readonly id: number
  /**
   * When the event is another synth of a chain (`.start(otherSynth)`), that
   * synth's definition: `synthetic/<its name>`, which offline evaluation
   * evaluates first and the command line creates first.
   */
  readonly synth?: SynthDefinition | undefined
}

/** A field named in a call, with what it resolved to on its event (pseudo-fields included). */
export interface FieldRef {
  /** The name as given (`common_timestamp.usecs`, `COMM`, `next_pid`). */
  readonly name: string
  readonly format: FieldFormat
}

/** How `compare()` combines its fields: end−start, start−end or end+start. */
export type SynthCalc = 'delta-end' | 'delta-start' | 'add'

/** The handler of an action: `onmatch(start event)`, `onmax($var)`, `onchange($var)`. */
export type SynthHandler = 'match' | 'max' | 'change'

/** An action on the end event's hist trigger. */
export interface SynthAction {
  readonly handler: SynthHandler
  /** The variable of onmax/onchange as the caller named it (`delta`); undefined for onmatch. */
  readonly variable: string | undefined
  readonly action: 'trace' | 'snapshot' | 'save'
  /** End-event fields of a `save` action, in order; empty otherwise. */
  readonly save: readonly string[]
}

/** One call of the builder, resolved; the compiler replays them in order. */
export type SynthStep =
  | { readonly kind: 'match'; readonly start: FieldRef; readonly end: FieldRef; readonly as: string | undefined }
  | {
      readonly kind: 'compare'
      readonly start: FieldRef
      readonly end: FieldRef
      readonly calc: SynthCalc
      readonly as: string
    }
  | { readonly kind: 'start-field'; readonly field: FieldRef; readonly as: string }
  | { readonly kind: 'end-field'; readonly field: FieldRef; readonly as: string | undefined }
  | { readonly kind: 'start-filter' | 'end-filter'; readonly tokens: readonly FilterToken[] }
  | { readonly kind: 'action'; readonly action: SynthAction }

/** Where a synthetic field's value comes from. */
export type SyntheticFieldOrigin = 'match' | 'compare' | 'start' | 'end'

/** A field of the synthetic event. */
export interface SyntheticFieldDef {
  readonly name: string
  /** libtracefs' declaration text: `pid_t pid;`, `char comm[16];`. */
  readonly declaration: string
  readonly info: FieldInfo
  readonly origin: SyntheticFieldOrigin
  /** Index in {@link SynthDefinition.steps} of the call that added it. */
  readonly step: number
}

/**
 * A synthetic event definition as plain, frozen data: what the builder calls
 * said, resolved against the schema. One definition, many back ends: the
 * compiler turns it into tracefs text, the live backend writes that, offline
 * evaluation reads the same data.
 */
export interface SynthDefinition {
  readonly name: string
  readonly start: SynthEventRef | undefined
  readonly end: SynthEventRef | undefined
  /** Every call in order (events aside). */
  readonly steps: readonly SynthStep[]
  /** The synthetic event's fields in order. */
  readonly fields: readonly SyntheticFieldDef[]
  readonly startFilter: FilterState
  readonly endFilter: FilterState
  /** Handlers and actions in order; none means the default `onmatch(start).trace(...)`. */
  readonly actions: readonly SynthAction[]
}
