export { openTrace, readTrace } from './open-trace.js'
export type { OpenTraceOptions } from './open-trace.js'
export { TraceFile } from './trace-file.js'
export type { GuestCpuMap, RecordSelection, TraceBuffer } from './trace-file.js'
export type { SectionInfo } from './container.js'
export { TraceDatError } from './errors.js'
export { OptionId } from './options.js'
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
} from './options.js'
export type { Compression, ZstdDecoder } from './compression.js'
export { DEFAULT_DECODE_LIMITS } from './decode-budget.js'
export type { DecodeLimits } from './decode-budget.js'
export { hostTime, mulU64U32Shr, Timeline } from './timestamps.js'
export type { TimestampOptions } from './timestamps.js'
export { Symbols } from './symbols.js'
export { RawPrinter } from './raw-print.js'
export * from './ring-buffer/index.js'
