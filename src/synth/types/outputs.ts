import type { CompileOptions, EchoOptions, SynthCommands } from '../../compile/options.js'
import type { SynthDefinition } from '../definition.js'

/**
 * What a finished definition produces, whatever its types: the text tracefs
 * accepts and the libtracefs-style views of it. The runtime builder provides
 * these; the typed interface passes them through.
 */
export interface SynthOutputs {
  /** The definition as plain frozen data: one definition, many back ends. */
  readonly definition: SynthDefinition
  /** True when both events are set (libtracefs' `tracefs_synth_complete`). */
  complete(): boolean
  /** The synthetic event's field list, e.g. `pid_t pid; u64 delta;`. */
  showEvent(options?: CompileOptions): string
  /** The start event's hist trigger. */
  showStartHist(options?: CompileOptions): string
  /** The end event's hist trigger. */
  showEndHist(options?: CompileOptions): string
  /** `<fields>\n<start hist>\n<end hist>` like `tracefs_synth_raw_fmt`. */
  rawFmt(options?: CompileOptions): string
  /** The tracefs writes that create it and those that remove it again, in order. */
  commands(options?: CompileOptions): SynthCommands
  /** The same as a shell script of `echo` lines, like `tracefs_synth_echo_cmd`. */
  echoCmd(options?: EchoOptions): string
}
