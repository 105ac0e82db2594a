import type { KernelRuleText } from '../../definition/kernel-rule-error.js'
import type { FieldRef, SynthDefinition, SyntheticFieldDef } from '../../definition/synth-definition.js'
import type { Field } from '../../schema/field-types.js'
import { isStack } from './kernel-fields.js'
import type { Problem } from './problem.js'

// field-type: arrays in a synthetic event are strings (char) or stack traces only ("Invalid type").

const ONLY_CHAR_ARRAYS = 'the kernel takes only char arrays (strings) as synthetic fields; copy a scalar field'

/** The advice for a copied array field: `sock.inet_sock_set_state.saddr is __u8[4]: ...`. */
export function fieldTypeAdvice(source: string, cType: string): string {
  return `${source} is ${cType}: ${ONLY_CHAR_ARRAYS}`
}

/**
 * The compiler's text for copying field `F` of event `Label` when the kernel
 * cannot take it as a synthetic field (an array of anything but char or long),
 * else never: {@link fieldTypeAdvice} and the kernel's side.
 */
export type FieldTypeProblem<
  Label extends string,
  F extends string,
  Fld extends Field,
> = Fld['flags'] extends `${string}array${string}`
  ? Fld['cType'] extends `${string}char${string}` | `${string}long[]`
    ? never
    : KernelRuleText<`${Label}.${F} is ${Fld['cType']}: ${typeof ONLY_CHAR_ARRAYS}`, 'EINVAL', 'Invalid type'>
  : never

/** The event field a synthetic field is copied or calculated from, named `system.event.field`. */
function sourceOf(def: SynthDefinition, field: SyntheticFieldDef): { label: string; ref: FieldRef } | undefined {
  const step = def.steps[field.step]
  const event = step?.kind === 'end-field' ? def.end : def.start
  const ref =
    step?.kind === 'start-field' || step?.kind === 'end-field'
      ? step.field
      : step?.kind === 'match' || step?.kind === 'compare'
        ? step.start
        : undefined
  return event && ref && { label: `${event.system}.${event.event}.${ref.name}`, ref }
}

/** A synthetic field that would be an array of anything but char (or a stack trace). */
export function fieldTypeProblem(def: SynthDefinition, field: SyntheticFieldDef): Problem | undefined {
  const type = field.info.type
  if (!type.includes('[') || /\bchar\[/.test(type) || isStack(field.info.cType)) return undefined
  const source = sourceOf(def, field)
  return {
    rule: 'field-type',
    code: 'EINVAL',
    kernel: 'Invalid type',
    advice: source
      ? fieldTypeAdvice(source.label, source.ref.format.cType)
      : fieldTypeAdvice(`synthetic field '${field.name}'`, type),
    step: field.step,
  }
}
