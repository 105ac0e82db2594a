/** Where one CPU's data of a buffer is in the file. */
export interface CpuDataInfo {
  readonly cpu: number
  /** File offset of the CPU's first page (or of its chunk stream, when compressed). */
  readonly offset: number
  /** Bytes on disk as the file says (4 bytes short in compressed files of trace-cmd 3.0-3.1: not relied on). */
  readonly size: number
}

/** A buffer instance of the file (BUFFER option) and where its per-CPU data is. */
export interface BufferInfo {
  /** `''` for the top instance. */
  readonly name: string
  /** Its trace clock (v7; v6 files give it after the instance's CPU table). */
  readonly clock: string | undefined
  /** Its page (sub-buffer) size; 0 when the file's page size applies (v6). */
  readonly pageSize: number
  /** v6: offset of the instance's `flyrecord` tag; v7: offset of its BUFFER section header. */
  readonly offset: number
  /** v7: the CPUs with data (v6: read from the flyrecord table). */
  readonly cpus: readonly CpuDataInfo[]
}

/** A latency-format buffer (BUFFER_TEXT option, v7): text instead of pages. */
export interface TextBufferInfo {
  readonly name: string
  readonly clock: string
  /** Offset of its BUFFER_TEXT section header. */
  readonly offset: number
}

/** A guest of the session, as the host file names it (GUEST option). */
export interface GuestInfo {
  readonly name: string
  /** The guest file's TRACEID. */
  readonly traceId: bigint
  /** `cpuPid[vcpu]`: the host thread running that vCPU (-1 when unknown). */
  readonly cpuPid: readonly number[]
}

/** Time-shift samples of one guest vCPU, sorted by time without repeated times (TIME_SHIFT option). */
export interface TimeShiftCpu {
  readonly times: readonly bigint[]
  readonly offsets: readonly bigint[]
  readonly scalings: readonly bigint[]
  /** Fraction bits of each scaling (0 when the file has none). */
  readonly fractions: readonly bigint[]
}

/** The TIME_SHIFT option of a guest file: how its clock maps onto the host's. */
export interface TimeShift {
  /** The host's trace id. */
  readonly peerTraceId: bigint
  /** Bit 0: interpolate between samples (else step). */
  readonly flags: number
  readonly cpus: readonly TimeShiftCpu[]
}

/** TSC2NSEC option: `ns = (tsc * multiplier) >> shift`. */
export interface Tsc2Nsec {
  readonly multiplier: number
  readonly shift: number
  /** Written by old development builds only; ignored, as trace-cmd does. */
  readonly offset: bigint
}

/** One CPUSTAT option: the `per_cpu/cpuN/stats` text of a CPU of an instance. */
export interface CpuStat {
  /** `''` for the top instance. */
  readonly instance: string
  /** The CPU (from the text's `CPU: N` line; -1 when it has none). */
  readonly cpu: number
  /** `entries`, `overrun`, `dropped events`, ... as written. */
  readonly values: Readonly<Record<string, string>>
  readonly text: string
}

/** One traced process of a PROCMAPS option (`record --proc-map`). */
export interface ProcMap {
  readonly pid: number
  readonly comm: string
  readonly libraries: readonly { readonly start: bigint; readonly end: bigint; readonly path: string }[]
  readonly text: string
}

/** Every option of a file, decoded. */
export interface TraceOptions {
  /** DATE: `(realtime - trace clock)` in µs as written (`0x...`); added to time stamps. */
  readonly date?: string
  /** OFFSET: ns added to every time stamp (`record --ts-offset`), as written. */
  readonly offset?: string
  readonly cpuStats: readonly CpuStat[]
  readonly buffers: readonly BufferInfo[]
  readonly textBuffers: readonly TextBufferInfo[]
  /** TRACECLOCK: the `trace_clock` file (`[local] global ...`). */
  readonly traceClock?: string
  readonly uname?: string
  readonly hooks: readonly string[]
  /** CPUCOUNT: the machine's CPU count. */
  readonly cpuCount?: number
  /** VERSION: trace-cmd's version and git id. */
  readonly version?: string
  readonly procMaps: readonly ProcMap[]
  readonly traceId?: bigint
  readonly timeShift?: TimeShift
  readonly guests: readonly GuestInfo[]
  readonly tsc2nsec?: Tsc2Nsec
  /** LAST_BOOT_INFO: an instance's `last_boot_info` (name and text). */
  readonly lastBootInfo: readonly { readonly instance: string; readonly text: string }[]
  /** v7 section offsets named by options (section id -> offset of its header). */
  readonly sections: ReadonlyMap<number, number>
  /** Options this reader does not know: id and raw bytes. */
  readonly unknown: readonly { readonly id: number; readonly data: Uint8Array }[]
}
