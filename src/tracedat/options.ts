import type { Cursor } from './cursor.js'

/** Option ids of trace.dat files (shared with v7 section ids). */
export const OptionId = {
  DONE: 0, DATE: 1, CPUSTAT: 2, BUFFER: 3, TRACECLOCK: 4, UNAME: 5, HOOK: 6, OFFSET: 7, CPUCOUNT: 8, VERSION: 9,
  PROCMAPS: 10, TRACEID: 11, TIME_SHIFT: 12, GUEST: 13, TSC2NSEC: 14, STRINGS: 15, HEADER_INFO: 16, FTRACE_EVENTS: 17,
  EVENT_FORMATS: 18, KALLSYMS: 19, PRINTK: 20, CMDLINES: 21, BUFFER_TEXT: 22, BTF_FILE: 23, LAST_BOOT_INFO: 24, MODULES_FILE: 25,
} as const

/** A buffer (instance) of the file and where its per-CPU data is. */
export interface BufferInfo {
  /** `''` for the top instance. */
  readonly name: string
  readonly clock: string | undefined
  readonly pageSize: number
  /** v6: offset of the instance's `flyrecord` tag; v7: offset of its BUFFER section header. */
  readonly offset: number
  /** v7: the CPUs with data and where it is (the size may be 4 bytes short in trace-cmd 3.0-3.1 compressed files). */
  readonly cpus: readonly { readonly cpu: number; readonly offset: number; readonly size: number }[]
}

/** A guest of the session, as the host file names it (GUEST option). */
export interface GuestInfo {
  readonly name: string
  readonly traceId: bigint
  /** `cpuPid[vcpu]`: the host thread running that vCPU (-1 when unknown). */
  readonly cpuPid: readonly number[]
}

/** Time-shift samples of one guest vCPU (TIME_SHIFT option). */
export interface TimeShiftCpu {
  readonly times: readonly bigint[]
  readonly offsets: readonly bigint[]
  readonly scalings: readonly bigint[]
  readonly fractions: readonly bigint[]
}

/** The TIME_SHIFT option of a guest file: how its clock maps onto the host's. */
export interface TimeShift {
  readonly peerTraceId: bigint
  readonly flags: number
  readonly cpus: readonly TimeShiftCpu[]
}

/** Every option of a file, decoded. */
export interface TraceOptions {
  date?: string
  cpuStats: string[]
  buffers: BufferInfo[]
  traceClock?: string
  uname?: string
  hooks: string[]
  offset?: string
  cpuCount?: number
  version?: string
  procMaps: string[]
  traceId?: bigint
  timeShift?: TimeShift
  guests: GuestInfo[]
  tsc2nsec?: { readonly multiplier: number; readonly shift: number; readonly offset: bigint }
  lastBootInfo: string[]
  /** v7 section offsets named by options (id -> offset of the section header). */
  sections: Map<number, number>
  /** Options this reader does not know: id and raw bytes. */
  unknown: { readonly id: number; readonly data: Uint8Array }[]
}

export function emptyOptions(): TraceOptions {
  return { cpuStats: [], buffers: [], hooks: [], procMaps: [], guests: [], lastBootInfo: [], sections: new Map(), unknown: [] }
}

/** Decodes one option's payload into `into`; `c` is positioned on the payload (size bytes). */
export function decodeOption(id: number, c: Cursor, size: number, version: number, into: TraceOptions): void {
  const end = c.pos + size
  const str = () => c.text(size, 'option text').replace(/\0+$/, '')
  switch (id) {
    case OptionId.DATE:
      into.date = str()
      break
    case OptionId.CPUSTAT:
      into.cpuStats.push(str())
      break
    case OptionId.BUFFER:
      if (version >= 7) {
        const offset = c.size64('buffer section offset')
        const name = c.cstr('buffer name')
        const clock = c.cstr('buffer clock')
        const pageSize = c.u32()
        const n = c.u32()
        if (n > 4096) c.fail(`a buffer with ${n} CPUs`)
        const cpus = []
        for (let i = 0; i < n; i++) cpus.push({ cpu: c.u32(), offset: c.size64('cpu data offset'), size: c.size64('cpu data size') })
        into.buffers.push({ name, clock, pageSize, offset, cpus })
      } else {
        const offset = c.size64('buffer offset')
        into.buffers.push({ name: c.cstr('buffer name'), clock: undefined, pageSize: 0, offset, cpus: [] })
      }
      break
    case OptionId.TRACECLOCK:
      into.traceClock = str()
      break
    case OptionId.UNAME:
      into.uname = str()
      break
    case OptionId.HOOK:
      into.hooks.push(str())
      break
    case OptionId.OFFSET:
      into.offset = str()
      break
    case OptionId.CPUCOUNT:
      into.cpuCount = c.u32()
      break
    case OptionId.VERSION:
      into.version = str()
      break
    case OptionId.PROCMAPS:
      into.procMaps.push(str())
      break
    case OptionId.TRACEID:
      into.traceId = c.u64()
      break
    case OptionId.TIME_SHIFT:
      into.timeShift = decodeTimeShift(c)
      break
    case OptionId.GUEST: {
      const name = c.cstr('guest name')
      const traceId = c.u64()
      const n = c.u32()
      if (n > 4096) c.fail(`a guest with ${n} vCPUs`)
      const cpuPid = new Array<number>(n).fill(-1)
      for (let i = 0; i < n; i++) {
        const vcpu = c.u32()
        const pid = c.i32()
        if (vcpu >= n) c.fail(`vCPU index ${vcpu} of guest '${name}' is beyond its ${n} vCPUs`)
        cpuPid[vcpu] = pid
      }
      into.guests.push({ name, traceId, cpuPid })
      break
    }
    case OptionId.TSC2NSEC:
      into.tsc2nsec = { multiplier: c.i32(), shift: c.i32(), offset: c.u64() }
      break
    case OptionId.LAST_BOOT_INFO:
      into.lastBootInfo.push(str())
      break
    case OptionId.HEADER_INFO:
    case OptionId.FTRACE_EVENTS:
    case OptionId.EVENT_FORMATS:
    case OptionId.KALLSYMS:
    case OptionId.PRINTK:
    case OptionId.CMDLINES:
    case OptionId.BTF_FILE:
    case OptionId.MODULES_FILE:
      into.sections.set(id, c.size64('section offset'))
      break
    default:
      into.unknown.push({ id, data: c.bytes(size, 'option payload') })
  }
  if (c.pos > end) c.fail(`option ${id} read past its ${size} bytes`)
  c.pos = end
}

function decodeTimeShift(c: Cursor): TimeShift {
  const peerTraceId = c.u64()
  const flags = c.u32()
  const cpuCount = c.u32()
  if (cpuCount > 4096) c.fail(`time shift for ${cpuCount} CPUs`)
  const cpus: TimeShiftCpu[] = []
  const read = (n: number, what: string) => {
    c.need(n * 8, what)
    return Array.from({ length: n }, () => c.u64())
  }
  for (let i = 0; i < cpuCount; i++) {
    const count = c.u32()
    if (count > 1_000_000) c.fail(`${count} time-shift samples`)
    const times = read(count, 'time-shift times')
    const offsets = read(count, 'time-shift offsets')
    const scalings = read(count, 'time-shift scalings')
    cpus.push({ times, offsets, scalings, fractions: [] })
  }
  // Newer writers add the fraction bits of every CPU's samples after all others (optional).
  for (let i = 0; i < cpuCount && c.remaining > 0; i++) {
    const count = cpus[i]!.times.length
    cpus[i] = { ...cpus[i]!, fractions: read(count, 'time-shift fractions') }
  }
  return { peerTraceId, flags, cpus }
}
