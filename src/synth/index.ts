export type { HandlerStep, SynthBuilder } from './builder.js'
export { createSynth } from './create-synth.js'
export type { SynthOptions } from './synth-builder.js'
export type {
  FieldRef,
  SynthAction,
  SynthCalc,
  SynthDefinition,
  SynthEventRef,
  SynthHandler,
  SynthStep,
  SyntheticFieldDef,
  SyntheticFieldOrigin,
} from './definition.js'
export { SynthError } from './errors.js'
export type { KernelErrno, SynthErrno, SynthErrorOptions } from './errors.js'
export { DELIBERATE_RULES, KernelRuleError } from './kernel-rule-error.js'
export type { KernelRule, KernelRuleErrorOptions } from './kernel-rule-error.js'
export type { FieldInfo } from './field-info.js'
export { synthFromSpec } from './spec/from-spec.js'
export type { SpecAction, SpecField, SpecFilter, SpecStep, SynthSpec } from './spec/spec-types.js'
