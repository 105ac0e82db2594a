// The package's one export list.
export { TypedFtraceError } from './errors.js'
export * from './schema/index.js'
export * from './typegen/index.js'
export * from './tracefs/index.js'
export { createSynth, DELIBERATE_RULES, KernelRuleError, synthFromSpec, SynthError } from './synth/index.js'
export type { KernelErrno, KernelRule, KernelRuleErrorOptions } from './synth/index.js'
export type {
  FieldInfo,
  FieldRef,
  HandlerStep,
  SpecAction,
  SpecField,
  SpecFilter,
  SpecStep,
  SynthAction,
  SynthBuilder,
  SynthCalc,
  SynthDefinition,
  SynthErrno,
  SynthErrorOptions,
  SynthEventRef,
  SynthHandler,
  SynthSpec,
  SynthStep,
  SyntheticFieldDef,
  SyntheticFieldOrigin,
} from './synth/index.js'
export { FilterError, STACKTRACE, TIMESTAMP, TIMESTAMP_USECS } from './filter/index.js'
export type {
  FilterMachineState,
  FilterNode,
  FilterOp,
  FilterState,
  FilterToken,
  FilterTokenType,
  FilterValue,
} from './filter/index.js'
export { DEFAULT_TRACING_DIR, nameSeed, synthCommands, synthEchoCmd } from './compile/index.js'
export type { CompileOptions, EchoOptions, SynthCommands, TracefsWrite } from './compile/index.js'
export { synth, withSchema } from './synth/entry.js'
export type { SchemaBound } from './synth/entry.js'
export type * from './synth/types/index.js'
export * from './analyze/index.js'
export * from './tracedat/index.js'
export * from './peer/index.js'
export * from './export/index.js'
