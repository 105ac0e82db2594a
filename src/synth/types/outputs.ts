import type { SynthBuilder } from '../synth-builder.js'

/**
 * What a finished definition produces, whatever its types: the text tracefs
 * accepts and the libtracefs-style views of it, exactly as the runtime
 * builder provides them.
 */
export type SynthOutputs = Pick<SynthBuilder, 'definition' | 'event' | 'complete' | 'showEvent' | 'showStartHist' | 'startHist' | 'showEndHist' | 'rawFmt' | 'commands' | 'echoCmd'>
