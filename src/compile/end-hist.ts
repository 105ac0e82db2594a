import { histDefinition } from '../definition/hist-definition.js'
import type { HistDefinition } from '../definition/hist-definition.js'
import type { SynthDefinition } from '../definition/synth-definition.js'
import { SynthError } from '../definition/synth-error.js'

/**
 * The end side of a synth as a plain hist on the end event: keyed by the end
 * fields of the matches (in order), with the end filter. What the kernel's
 * `hist` file shows of the end trigger, entry by entry; EUNATCH without an
 * end event or a match.
 */
export function endHist(def: SynthDefinition): HistDefinition {
  const end = def.end
  const keys = def.steps.flatMap((s) => (s.kind === 'match' ? [s.end] : []))
  if (end === undefined || keys.length === 0)
    throw new SynthError('EUNATCH', `synth '${def.name}' has no end event and match field to make an end hist of`)
  return histDefinition({
    system: end.system,
    event: end.event,
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
    filter: def.endFilter,
  })
}

export type { SynthAction, SynthDefinition } from '../definition/synth-definition.js'
