/**
 * What a finished definition produces, whatever its types: the text tracefs
 * accepts and the libtracefs-style views of it. The runtime builder provides
 * these; the typed interface only passes them through.
 */
export interface SynthOutputs {
  /** True when both events are set (libtracefs' `tracefs_synth_complete`). */
  complete(): boolean
  /** The synthetic event's field list, e.g. `pid_t pid; u64 delta;`. */
  showEvent(): string
  /** The start event's hist trigger. */
  showStartHist(): string
  /** The end event's hist trigger. */
  showEndHist(): string
  /** `<fields>\n<start hist>\n<end hist>` like `tracefs_synth_raw_fmt`. */
  rawFmt(): string
}
