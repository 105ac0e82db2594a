export { writeTrace, writeTraceSync } from './write-trace.js'
export type {
  BufferInput,
  CpuPagesInput,
  CpuStatInput,
  TextInput,
  TraceInput,
  WriteTraceResult,
  WrittenCpu,
} from './write-trace.js'
