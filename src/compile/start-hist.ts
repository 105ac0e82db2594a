import { histDefinition } from '../definition/hist-definition.js'
import type { HistDefinition } from '../definition/hist-definition.js'
import type { SynthDefinition } from '../definition/synth-definition.js'
import { SynthError } from '../definition/synth-error.js'

/** A hist the live backend can create (`tfs.create(...)`) and whose trigger text compile writes. */
export interface StartHist {
  readonly definition: HistDefinition
}

/**
 * `tracefs_synth_get_start_hist`: the start side of a synth as a plain hist
 * on the start event, keyed by the start fields of the matches (in order)
 * and with the start filter; no values, no variables. EUNATCH without a
 * start event or a match.
 */
export function startHist(def: SynthDefinition): StartHist {
  const start = def.start
  const keys = def.steps.flatMap((s) => (s.kind === 'match' ? [s.start] : []))
  if (start === undefined || keys.length === 0)
    throw new SynthError('EUNATCH', `synth '${def.name}' has no start event and match field to make a start hist of`)
  const definition = histDefinition({
    system: start.system,
    event: start.event,
    keys: keys.map((k) => ({
      spec: k.name,
      name: k.name,
      modifier: undefined,
      buckets: 0,
      value: k.format.value,
      signed: k.format.signed,
      size: k.format.size,
    })),
    values: [],
    sort: [],
    size: undefined,
    name: undefined,
    filter: def.startFilter,
  })
  return Object.freeze({ definition })
}
