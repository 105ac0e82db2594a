import type { EchoOptions } from '../compile/options.js'
import type { HistDefinition } from '../definition/hist-definition.js'
import type { SynthDefinition } from '../definition/synth-definition.js'
import type { AnySynth } from '../synth/types/synth.js'

/** A statement with JOIN: a synthetic event, as the fluent builder would have made it. */
export interface SqlSynthResult {
  readonly kind: 'synth'
  /** The builder, typed as any finished synth: its names were known at run time only. */
  readonly synth: AnySynth
  readonly definition: SynthDefinition
  /** The three lines of shell that create it (`tracefs_synth_echo_cmd`). */
  echoCmd(options?: EchoOptions): string
}

/** A statement without JOIN: a hist trigger on the FROM event. */
export interface SqlHistResult {
  readonly kind: 'hist'
  readonly definition: HistDefinition
  /** The line of shell that starts the hist (`tracefs_hist_echo_cmd`). */
  echoCmd(options?: EchoOptions): string
}

export type SqlResult = SqlSynthResult | SqlHistResult
