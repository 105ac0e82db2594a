import type { TraceFile } from '../tracedat/trace-file.js'

/** A trace file typed against any kernel schema (peers may run different kernels). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTrace = TraceFile<any>
