export { recordTrace, RecordError } from './record.js'
export type { RecordEvent, RecordInstance, RecordOptions, RecordResult, RecordedCpu } from './types.js'
export { parseCpuStats, lostBetween } from './stats.js'
export type { CpuStatValues } from './stats.js'
