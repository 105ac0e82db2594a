import type { SyntheticFieldDef } from '../../definition/synth-definition.js'
import type { FieldFormat } from '../../schema/format-types.js'
import { paramFits } from './kernel-fields.js'
import type { Problem } from './problem.js'

// param-type: a traced field's value must have the declared field's size and sign
// ("Param type doesn't match synthetic event field type").

/** A synthetic field whose traced value (from `source`) does not fit its declared type. */
export function paramTypeProblem(field: SyntheticFieldDef, source: FieldFormat | undefined): Problem | undefined {
  if (!source || paramFits(source, field.info.type, field.info.size)) return undefined
  return {
    rule: 'param-type',
    code: 'EINVAL',
    kernel: "Param type doesn't match synthetic event field type",
    advice: `synthetic field '${field.name}' is declared ${field.info.type} (from the start field) but its value comes from ${source.name} (${source.cType}, ${source.signed ? 'signed' : 'unsigned'}); the kernel wants the same size and sign: match or compare fields of the same type`,
    step: field.step,
  }
}
