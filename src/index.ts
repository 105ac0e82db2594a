// The package's one export list: every public name, from the module that defines it.

export { TypedFtraceError } from './errors.js'

// samples/: small recorded files shipped with the package
export { SAMPLE_NAMES, samplePath } from './samples.js'
export type { SampleName } from './samples.js'

// schema/: format files, C types, the kernel registry
export { valueKind, valueTypeText } from './schema/c-types.js'
export { formatText, schemaFromDescriptor, toDescriptor } from './schema/descriptor.js'
export type { DescriptorEvent, DescriptorField, SchemaDescriptor } from './schema/descriptor.js'
export { FormatParseError, SchemaLoadError, TracefsNotFoundError, UnknownEventError } from './schema/errors.js'
export { FieldFlag, flagNames } from './schema/field-flags.js'
export type {
  AnyKernel,
  CapabilitiesOf,
  EventSystemsOf,
  Field,
  FieldsOf,
  KernelOf,
  KernelRegistration,
  KernelRegistrationProblem,
  Register,
  RegisteredCapabilities,
  RegisteredEventSystems,
  RegisteredKernel,
  TypedSchema,
} from './schema/field-types.js'
export type {
  EventFormat,
  FieldFormat,
  HeaderEvent,
  HeaderPage,
  HeaderPageField,
  ValueKind,
} from './schema/format-types.js'
export { readFormatTexts, schemaFromDir, schemaFromLive, schemaFromTexts } from './schema/load.js'
export type { FormatTexts, LoadSchemaOptions } from './schema/load.js'
export { parseFormat } from './schema/parse-format.js'
export type { ParseFormatOptions } from './schema/parse-format.js'
export { parseHeaderEvent, parseHeaderPage } from './schema/parse-headers.js'
export { registeredSchema, registerSchema, requireRegisteredSchema } from './schema/registry.js'
export { findField, Schema, suggest } from './schema/schema.js'
export type { SchemaInit } from './schema/schema.js'
export { capabilitiesFromReadme, capabilitiesLiteral, unknownCapabilities } from './schema/capabilities.js'
export type { CapabilitySources, KernelCapabilities } from './schema/capabilities.js'
export { findTracefs, isTracefs, TRACEFS_CANDIDATES } from './schema/tracefs-mount.js'
export type { FindTracefsOptions } from './schema/tracefs-mount.js'

// typegen/
export { renderModule } from './typegen/render-module.js'
export type { RenderModuleOptions } from './typegen/render-module.js'
export { typegen } from './typegen/typegen.js'
export type { TypegenOptions, TypegenResult } from './typegen/typegen.js'

// filter/
export { FilterError } from './filter/filter-error.js'
export { checkFilterText } from './filter/check-filter-text.js'
export type { FilterMachineState, FilterState } from './filter/filter-state.js'
export type { FilterNode, FilterValue } from './filter/expression.js'
export { STACKTRACE, TIMESTAMP, TIMESTAMP_USECS } from './filter/special-fields.js'
export type { FilterConnective, FilterOp, FilterToken, FilterTokenType } from './filter/tokens.js'

// definition/: the data every back end reads, and the errors
export type { FieldInfo } from './definition/field-info.js'
export { DELIBERATE_RULES, KernelRuleError } from './definition/kernel-rule-error.js'
export type { StackOf } from './compile/kernel-rules/stacktrace.js'
export type { KernelRule, KernelRuleErrorOptions } from './definition/kernel-rule-error.js'
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
} from './definition/synth-definition.js'
export { SynthError } from './definition/synth-error.js'
export type { HistDefinition, HistFieldRef } from './definition/hist-definition.js'
export { HistSpecError } from './definition/hist-spec-error.js'
export { synthChain } from './definition/chain.js'
export { synthWarnings } from './definition/warnings.js'
export type { KernelErrno, SynthErrno, SynthErrorOptions } from './definition/synth-error.js'

// synth/: the builders
export { createSynth } from './synth/create-synth.js'
export { synth, withSchema } from './synth/entry.js'
export type { SchemaBound } from './synth/entry.js'
export { synthFromSpec, synthsFromSpec } from './synth/spec/from-spec.js'
export type { SpecAction, SpecField, SpecFilter, SpecStep, SynthSpec } from './synth/spec/spec-types.js'
export type { SynthOptions } from './synth/synth-builder-impl.js'
export type {
  AnySynth,
  CommonFields,
  Handler,
  MatchHandler,
  Synth,
  SynthAsEvent,
  SynthLike,
  SynthNamed,
  SynthOutputFields,
  SynthStarted,
} from './synth/types/synth.js'
export type {
  EventAt,
  EventNamed,
  EventRef,
  FieldName,
  FieldOf,
  SpecialFields,
  TimestampField,
} from './synth/types/events.js'
export type { EventFilterFactory, FilterValueOf } from './synth/types/filter.js'
export type { SynthOutputs } from './synth/types/outputs.js'
export type { SyntheticField } from './synth/types/synthetic-field.js'
export type { FieldValues, SavedFields, SynthFields, SynthPhantom } from './schema/synth-fields.js'

// compile/: definition -> tracefs commands
export { synthCommands } from './compile/commands.js'
export { DEFAULT_TRACING_DIR, synthEchoCmd } from './compile/echo.js'
export type { CompileOptions, EchoOptions, SynthCommands, TracefsWrite } from './compile/options.js'
export { nameSeed } from './compile/var-names.js'
export { histCommands, histEchoCmd, histTriggerText } from './compile/hist-trigger.js'
export type { HistCommand } from './compile/hist-trigger.js'
export { startHist } from './compile/start-hist.js'
export { endHist } from './compile/end-hist.js'
export type { StartHist } from './compile/start-hist.js'

// ring-buffer/: records
export { TraceRecord } from './ring-buffer/record.js'
export type { EventRecord, RecordClock, RecordFieldValues, RecordPeer, TraceRecordProps } from './ring-buffer/record.js'

// tracedat/: trace.dat files
export type { Compression, ZstdDecoder } from './tracedat/compression.js'
export type { SectionInfo } from './tracedat/container.js'
export { TraceDatError } from './tracedat/errors.js'
export { DEFAULT_DECODE_LIMITS } from './tracedat/decode-budget.js'
export type { DecodeLimits } from './tracedat/decode-budget.js'
export { openTrace, readTrace } from './tracedat/open-trace.js'
export type { OpenTraceOptions } from './tracedat/open-trace.js'
export { OptionId } from './tracedat/option-id.js'
export type {
  BufferInfo,
  CpuDataInfo,
  CpuStat,
  GuestInfo,
  ProcMap,
  TextBufferInfo,
  TimeShift,
  TimeShiftCpu,
  TraceOptions,
  Tsc2Nsec,
} from './tracedat/options.js'
export { Timeline } from './tracedat/timestamps.js'
export type { TimestampOptions } from './tracedat/timestamps.js'
export { TraceFile } from './tracedat/trace-file.js'
export type { RecordSelection } from './tracedat/selection.js'
export type { GuestCpuMap, TraceBuffer } from './tracedat/trace-file.js'
export { writeTrace, writeTraceSync } from './tracedat/writer/write-trace.js'
export type {
  BufferInput,
  CpuPagesInput,
  CpuStatInput,
  TextInput,
  TraceInput,
  WriteTraceResult,
  WrittenCpu,
} from './tracedat/writer/write-trace.js'

// tracefs/: the live backend
export type { ErrorLogEntry } from './tracefs/error-log.js'
export { parseErrorLog } from './tracefs/error-log.js'
export { TracefsError, TracefsUnsupportedError } from './tracefs/errors.js'
export type { TracefsFeatures } from './tracefs/features.js'
export { parseHistTrigger, parseSynthList, parseTriggerFile } from './tracefs/list.js'
export type { ListedHistTrigger, ListedSynthEvent } from './tracefs/list.js'
export type { EventTrigger, ListedSynth } from './tracefs/list-synths.js'
export { readRawRecords } from './tracefs/records.js'
export type { EventName, RawRecordsOptions } from './tracefs/records.js'
export { SynthHandle } from './tracefs/synth-handle.js'
export type { SynthHandleProps } from './tracefs/synth-handle.js'
export { isEndTrigger, parseSynthHistSection } from './tracefs/synth-hist.js'
export type { HandlerValue, SnapshotTaken, SynthHistReading, SynthHistRow, TrackedValue } from './tracefs/synth-hist.js'
export { HistHandle } from './tracefs/hist-handle.js'
export type { HistHandleProps, HistReading, LiveHist } from './tracefs/hist-handle.js'
export { histSections, isTriggerOf, parseHistSection } from './tracefs/hist-file.js'
export type { HistSection, ParsedHist, ParsedHistRow } from './tracefs/hist-file.js'
export { tracefs, Tracefs } from './tracefs/tracefs.js'
export type { Applicable, CreateHooks, DestroyResult, LiveRecord, TracefsOptions } from './tracefs/tracefs.js'
export type {
  LiveEventRecord,
  LiveFilter,
  LiveKernel,
  LiveRecordBase,
  SeveralKernels,
  SystemParam,
} from './tracefs/live-events.js'
export { recordTrace, RecordError } from './tracefs/record/record.js'
export type { RecordEvent, RecordInstance, RecordOptions, RecordResult, RecordedCpu } from './tracefs/record/types.js'
export { lostBetween, parseCpuStats } from './tracefs/record/stats.js'
export type { CpuStatValues } from './tracefs/record/stats.js'

// peer/: sessions of host and guest traces
export type { PeerCheck } from './peer/checks.js'
export { pairingProblems } from './peer/checks.js'
export { PeerError } from './peer/errors.js'
export type { PeerProblem } from './peer/errors.js'
export { pair, pairedHost, unpair } from './peer/pair.js'
export type { PairOptions } from './peer/pair.js'
export { session } from './peer/session.js'
export type { GuestOptions, Peer, PeerRecord, PeerSession } from './peer/session.js'

// sql/: libtracefs' SQL dialect for synthetic events and hists
export { sql, sqlHist, sqlSynth } from './sql/sql.js'
export { typedSql } from './sql/typed-sql.js'
export type { SqlNotLiteralProblem, TypedSqlResult } from './sql/typed-sql.js'
export type { SqlHistResult, SqlResult, SqlSynthResult } from './sql/result.js'
export { SqlError } from './sql/sql-error.js'
export type { SqlPosition } from './sql/sql-error.js'
export { parseSql } from './sql/parser.js'
export type {
  SqlCast,
  SqlCastType,
  SqlCompareOp,
  SqlCondition,
  SqlEventItem,
  SqlJoin,
  SqlMatch,
  SqlName,
  SqlSelection,
  SqlStatement,
  SqlValue,
} from './sql/ast.js'

// analyze/: offline evaluation and histograms
export { evaluatePeers } from './analyze/cross-peer.js'
export type { PeerEvaluateOptions, PeerSelector, PeerSynthRecord } from './analyze/cross-peer.js'
export { evaluate, evaluateAll } from './analyze/evaluate.js'
export type { EvaluateOptions, HasDefinition, SynthRecord } from './analyze/evaluate.js'
export type { FieldValue, RecordFilter } from './analyze/kernel-filter.js'
export type { EvalRecord, FieldSource, RecordSource } from './analyze/records.js'
export { hist } from './analyze/hist/hist.js'
export { histFromSpec, histsFromSpec } from './analyze/hist/from-spec.js'
export type { HistSpec, HistSpecFilter, SpecHist } from './analyze/hist/from-spec.js'
export type { Hist } from './analyze/hist/hist.js'
export type { EventHist } from './analyze/hist/event-hist.js'
export type { EventRecordOf, LiveHistKey, LiveHistValue, SumValues } from './analyze/hist/event-types.js'
export type { HistTextOptions } from './analyze/hist/kernel-text.js'
export type {
  BaseName,
  HistField,
  HistKey,
  HistResult,
  HistRow,
  HistRowKey,
  HistRowValues,
  HistSort,
  HistValue,
  KeyValue,
  NumericField,
  NumericKeyModifier,
  PseudoField,
} from './analyze/hist/types.js'
export { latencyBars } from './analyze/latency/latency-bars.js'
export type { BarsOptions } from './analyze/latency/latency-bars.js'
export { latencyHistogram } from './analyze/latency/latency-histogram.js'
export type { LatencyBucket, LatencyHistogram, LatencyOptions } from './analyze/latency/latency-histogram.js'
export { latencySvg } from './analyze/latency/latency-svg.js'
export type { SvgOptions } from './analyze/latency/latency-svg.js'

// export/: Parquet and Arrow tables
export { ExportError } from './export/errors.js'
export { eventFilter } from './export/event-filter.js'
export { exportTrace, toArrowTable } from './export/export-trace.js'
export type { ExportedTable, ExportFormat, ExportInput, ExportOptions, ExportResult } from './export/export-trace.js'
export type { ExportCompression } from './export/sinks.js'
