export { tracefs, Tracefs, SynthHandle, undoWrite } from './tracefs.js'
export type {
  Applicable,
  CreateHooks,
  DestroyResult,
  EventTrigger,
  ListedSynth,
  LiveRecord,
  PlannedWrite,
  TracefsOptions,
} from './tracefs.js'
export { readRawRecords } from './records.js'
export type { EventName, RawRecordsOptions } from './records.js'
export { TracefsError, TracefsUnsupportedError } from './errors.js'
export { parseErrorLog, describeEntry } from './error-log.js'
export type { ErrorLogEntry } from './error-log.js'
export { detectFeatures, missingForSynth } from './features.js'
export type { TracefsFeatures } from './features.js'
export { TracefsIO } from './io.js'
export type { WriteMode } from './io.js'
export { parseHistTrigger, parseSynthList, parseTriggerFile } from './list.js'
export type { ListedHistTrigger, ListedSynthEvent } from './list.js'
export * from './record/index.js'
