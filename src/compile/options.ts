/**
 * How to spell what varies between kernels. libtracefs decides both from the
 * machine's own tracefs; the live backend passes what it detects.
 */
export interface CompileOptions {
  /**
   * `trace`: `onmatch(sys.event).trace(name,args)` (kernels whose README
   * documents `trace(<synthetic_event>,param list)`); `legacy`: the older
   * `onmatch(sys.event).name(args)`. Default `trace`.
   */
  readonly actionSyntax?: 'trace' | 'legacy' | undefined
  /** Define the event with an `s:` line in `dynamic_events` (default) rather than in `synthetic_events`. */
  readonly dynamicEvents?: boolean | undefined
  /** Put the triggers in `instances/<instance>/` (the synthetic event itself is always global). */
  readonly instance?: string | undefined
}

/** Options of the echo script: also where tracefs is mounted. */
export interface EchoOptions extends CompileOptions {
  /** The tracing directory the script writes to; default `/sys/kernel/tracing`. */
  readonly tracingDir?: string | undefined
}

/** One write to a tracefs file. */
export interface TracefsWrite {
  /** Path relative to the tracing directory: `dynamic_events`, `events/sched/sched_switch/trigger`. */
  readonly file: string
  /** Exactly the bytes to write. */
  readonly text: string
  /** `append` opens with O_APPEND (as libtracefs' `*_file_append`); `write` truncates. */
  readonly mode: 'append' | 'write'
  /** A best-effort write whose failure does not matter (libtracefs ignores its result). */
  readonly ignoreErrors?: boolean
  /** Repeat the write in every instance too (libtracefs' forced disable before removing the event). */
  readonly everyInstance?: boolean
}

/** The writes that create a synthetic event and those that remove it again, in order. */
export interface SynthCommands {
  readonly create: readonly TracefsWrite[]
  readonly destroy: readonly TracefsWrite[]
}
