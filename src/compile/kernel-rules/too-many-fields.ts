import type { SynthDefinition } from '../../definition/synth-definition.js'
import { MAX_SYNTH_FIELDS } from './problem.js'
import type { Problem } from './problem.js'

// too-many-fields: a synthetic event has at most 64 fields (SYNTH_FIELDS_MAX; "Too many fields").

/** More fields than a synthetic event can have. */
export function tooManyFieldsProblem(def: SynthDefinition): Problem | undefined {
  if (def.fields.length <= MAX_SYNTH_FIELDS) return undefined
  return {
    rule: 'too-many-fields',
    code: 'EINVAL',
    kernel: 'Too many fields',
    advice: `a synthetic event has at most ${MAX_SYNTH_FIELDS} fields; '${def.name}' has ${def.fields.length}`,
    step: def.fields[MAX_SYNTH_FIELDS]!.step,
  }
}
