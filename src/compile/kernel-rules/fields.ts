import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { LoweredSynth } from '../lower.js'
import { isStack, paramFits } from './kernel-fields.js'
import { MAX_SYNTH_FIELDS } from './problem.js'
import type { Problem } from './problem.js'

/** Synthetic fields: at most 64; arrays only of char; a value the declared type can take (when traced). */
export function fieldProblem(
  def: SynthDefinition,
  lowered: LoweredSynth,
  stage: 'step' | 'compile',
): Problem | undefined {
  if (def.fields.length > MAX_SYNTH_FIELDS) {
    return {
      rule: 'too-many-fields',
      code: 'EINVAL',
      kernel: 'Too many fields',
      advice: `a synthetic event has at most ${MAX_SYNTH_FIELDS} fields; '${def.name}' has ${def.fields.length}`,
      step: def.fields[MAX_SYNTH_FIELDS]!.step,
    }
  }
  // The kernel checks the parameters' types only where an action traces the synthetic event
  // (onmatch by default); a synth whose handlers only save or snapshot passes none. While it is
  // being built, handlers may still come: only a tracing one already there settles it.
  const traced = def.actions.some((a) => a.action === 'trace') || (stage === 'compile' && def.actions.length === 0)
  for (const [i, field] of def.fields.entries()) {
    const type = field.info.type
    if (type.includes('[') && !/\bchar\[/.test(type) && !isStack(field.info.cType)) {
      return {
        rule: 'field-type',
        code: 'EINVAL',
        kernel: 'Invalid type',
        advice: `synthetic field '${field.name}' would be ${type}: the kernel takes only char arrays (strings) as array fields; copy a scalar field instead`,
        step: field.step,
      }
    }
    const source = lowered.argSources[i]
    if (traced && source && !paramFits(source, field.info.type, field.info.size)) {
      return {
        rule: 'param-type',
        code: 'EINVAL',
        kernel: "Param type doesn't match synthetic event field type",
        advice: `synthetic field '${field.name}' is declared ${field.info.type} (from the start field) but its value comes from ${source.name} (${source.cType}, ${source.signed ? 'signed' : 'unsigned'}); the kernel wants the same size and sign: match or compare fields of the same type`,
        step: field.step,
      }
    }
  }
  return undefined
}
