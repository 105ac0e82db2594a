import type { TracefsIO } from './io.js'

/** What the kernel behind a tracefs mount can do, read from tracefs itself. */
export interface TracefsFeatures {
  /** `dynamic_events` exists: synthetic events are written as `s:` lines there. */
  readonly dynamicEvents: boolean
  /** `synthetic_events` exists (CONFIG_SYNTH_EVENTS). */
  readonly syntheticEvents: boolean
  /** Events have a `hist` file (CONFIG_HIST_TRIGGERS). */
  readonly histTriggers: boolean
  /** The README documents `trace(<synthetic_event>,param list)`; else only the older `<synth>(params)` form. */
  readonly traceAction: boolean
  /** `error_log` exists (kernels since 5.2). */
  readonly errorLog: boolean
}

/**
 * Reads the features from the mount: the files that exist and the README's
 * text, the way libtracefs decides which syntax to write.
 */
export async function detectFeatures(io: TracefsIO): Promise<TracefsFeatures> {
  const [readme, dynamicEvents, syntheticEvents, hist, errorLog] = await Promise.all([
    io.readOptional('README'),
    io.exists('dynamic_events'),
    io.exists('synthetic_events'),
    io.exists('events/sched/sched_switch/hist'),
    io.exists('error_log'),
  ])
  return {
    dynamicEvents,
    syntheticEvents,
    histTriggers: hist || ((readme?.includes('hist trigger') ?? false) && (readme?.includes('keys=') ?? false)),
    traceAction: readme?.includes('trace(<synthetic_event>,param list)') ?? false,
    errorLog,
  }
}

/** Kernel options a synthetic event needs that these features lack. */
export function missingForSynth(features: TracefsFeatures): string[] {
  const missing: string[] = []
  if (!features.syntheticEvents) missing.push('CONFIG_SYNTH_EVENTS')
  if (!features.histTriggers) missing.push('CONFIG_HIST_TRIGGERS')
  return missing
}
