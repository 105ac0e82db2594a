import type { Cursor } from './cursor.js'
import { TraceDatError } from './errors.js'

/** Option ids of trace.dat files (v7 section ids share the numbers). */
export const OptionId = {
  DONE: 0,
  DATE: 1,
  CPUSTAT: 2,
  BUFFER: 3,
  TRACECLOCK: 4,
  UNAME: 5,
  HOOK: 6,
  OFFSET: 7,
  CPUCOUNT: 8,
  VERSION: 9,
  PROCMAPS: 10,
  TRACEID: 11,
  TIME_SHIFT: 12,
  GUEST: 13,
  TSC2NSEC: 14,
  STRINGS: 15,
  HEADER_INFO: 16,
  FTRACE_EVENTS: 17,
  EVENT_FORMATS: 18,
  KALLSYMS: 19,
  PRINTK: 20,
  CMDLINES: 21,
  BUFFER_TEXT: 22,
  BTF_FILE: 23,
  LAST_BOOT_INFO: 24,
  MODULES_FILE: 25,
} as const

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
  date?: string
  /** OFFSET: ns added to every time stamp (`record --ts-offset`), as written. */
  offset?: string
  cpuStats: CpuStat[]
  buffers: BufferInfo[]
  textBuffers: TextBufferInfo[]
  /** TRACECLOCK: the `trace_clock` file (`[local] global ...`). */
  traceClock?: string
  uname?: string
  hooks: string[]
  /** CPUCOUNT: the machine's CPU count. */
  cpuCount?: number
  /** VERSION: trace-cmd's version and git id. */
  version?: string
  procMaps: ProcMap[]
  traceId?: bigint
  timeShift?: TimeShift
  guests: GuestInfo[]
  tsc2nsec?: Tsc2Nsec
  /** LAST_BOOT_INFO: an instance's `last_boot_info` (name and text). */
  lastBootInfo: { readonly instance: string; readonly text: string }[]
  /** v7 section offsets named by options (section id -> offset of its header). */
  sections: Map<number, number>
  /** Options this reader does not know: id and raw bytes. */
  unknown: { readonly id: number; readonly data: Uint8Array }[]
}

export function emptyOptions(): TraceOptions {
  return {
    cpuStats: [],
    buffers: [],
    textBuffers: [],
    hooks: [],
    procMaps: [],
    guests: [],
    lastBootInfo: [],
    sections: new Map(),
    unknown: [],
  }
}

const MAX_CPUS = 1 << 16

/**
 * Decodes one option's payload into `into`; `c` is on the payload, which is
 * `size` bytes. Options that trace-cmd skips when they are too short
 * (TRACEID, TIME_SHIFT, TSC2NSEC) or drops when they do not decode (GUEST)
 * are skipped here too; a TIME_SHIFT whose samples do not fit stops the file
 * from opening (as in trace-cmd), except with `rawTimestamps`: trace-cmd
 * does not read the time conversion options then, and such an option is
 * left out.
 */
export function decodeOption(
  id: number,
  c: Cursor,
  size: number,
  version: number,
  into: TraceOptions,
  rawTimestamps = false,
): void {
  const end = c.pos + size
  const str = () => c.text(size, 'option text').replace(/\0+$/, '')
  switch (id) {
    case OptionId.DATE:
      into.date = str()
      break
    case OptionId.CPUSTAT:
      addCpuStat(str(), into)
      break
    case OptionId.BUFFER:
      if (version >= 7) {
        const offset = c.size64('buffer section offset')
        const name = c.cstr('buffer name')
        const clock = c.cstr('buffer clock')
        const pageSize = c.u32()
        const n = c.u32()
        if (n > MAX_CPUS || n * 20 > end - c.pos) c.fail(`a buffer with ${n} CPUs in ${size} bytes`)
        const cpus: CpuDataInfo[] = []
        for (let i = 0; i < n; i++)
          cpus.push({ cpu: c.u32(), offset: c.size64('cpu data offset'), size: c.size64('cpu data size') })
        into.buffers.push({ name, clock, pageSize, offset, cpus })
      } else {
        const offset = c.size64('buffer offset')
        into.buffers.push({ name: c.cstr('buffer name'), clock: undefined, pageSize: 0, offset, cpus: [] })
      }
      break
    case OptionId.BUFFER_TEXT: {
      const offset = c.size64('text buffer offset')
      into.textBuffers.push({ offset, name: c.cstr('buffer name'), clock: c.cstr('buffer clock') })
      break
    }
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
      into.procMaps.push(parseProcMap(str()))
      break
    case OptionId.TRACEID:
      if (size >= 8) into.traceId = c.u64()
      break
    case OptionId.TIME_SHIFT:
      if (size >= 16) {
        const shift = timeConversion(rawTimestamps, () => decodeTimeShift(c, end))
        if (shift) into.timeShift = shift
      }
      break
    case OptionId.GUEST:
      decodeGuest(c, size, into)
      break
    case OptionId.TSC2NSEC:
      if (size >= 16) {
        const tsc = timeConversion(rawTimestamps, () => {
          const multiplier = c.i32()
          const shift = c.i32()
          if (shift < 0 || shift > 32) c.fail(`TSC2NSEC option: shift ${shift}`, c.pos - 4)
          return { multiplier, shift, offset: c.u64() }
        })
        if (tsc) into.tsc2nsec = tsc
      }
      break
    case OptionId.LAST_BOOT_INFO: {
      const text = str()
      const colon = text.indexOf(':')
      into.lastBootInfo.push({
        instance: colon < 0 ? '' : text.slice(0, colon),
        text: colon < 0 ? text : text.slice(colon + 1),
      })
      break
    }
    case OptionId.HEADER_INFO:
    case OptionId.FTRACE_EVENTS:
    case OptionId.EVENT_FORMATS:
    case OptionId.KALLSYMS:
    case OptionId.PRINTK:
    case OptionId.CMDLINES:
      // trace-cmd skips a section option too short for its offset.
      if (size >= 8) into.sections.set(id, c.size64('section offset'))
      break
    case OptionId.BTF_FILE:
    case OptionId.MODULES_FILE:
      // Written by trace-cmd 3.4 (BTF of the recording kernel, /proc/modules); read when asked
      // for (`btf()`, `modules()`), so a bad offset fails that call, not the file.
      if (size >= 8) into.sections.set(id, c.size64('section offset', false))
      break
    default:
      into.unknown.push({ id, data: c.bytes(size, 'option payload').slice() })
  }
  if (c.pos > end) c.fail(`option ${id} reads past its ${size} bytes`)
  c.pos = end
}

/** A time conversion option's decoding; with raw time stamps one that does not decode is left out. */
function timeConversion<T>(rawTimestamps: boolean, decode: () => T): T | undefined {
  if (!rawTimestamps) return decode()
  try {
    return decode()
  } catch (error) {
    if (error instanceof TraceDatError) return undefined
    throw error
  }
}

/** Where a decoding keeps the instance the next CPUSTAT options belong to (after a `Buffer: name` one). */
const STAT_INSTANCE = Symbol('cpustat instance')
type WithStatInstance = TraceOptions & { [STAT_INSTANCE]?: string }

function addCpuStat(text: string, into: TraceOptions): void {
  const buffer = /^\s*Buffer: (.*?)\s*$/.exec(text)
  if (buffer && !/entries:/.test(text)) {
    ;(into as WithStatInstance)[STAT_INSTANCE] = buffer[1]!
    return
  }
  const values: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line)
    if (m && m[1] !== 'CPU') values[m[1]!.trim()] = m[2]!.trim()
  }
  const cpu = /^CPU:\s*(\d+)/m.exec(text)
  into.cpuStats.push({
    instance: (into as WithStatInstance)[STAT_INSTANCE] ?? '',
    cpu: cpu ? Number(cpu[1]) : -1,
    values,
    text,
  })
}

function parseProcMap(text: string): ProcMap {
  const lines = text.split('\n')
  const head = /^([0-9a-fA-F]+) ([0-9a-fA-F]+) (.*)$/.exec(lines[0] ?? '')
  if (!head) return { pid: -1, comm: '', libraries: [], text }
  const libraries = []
  for (const line of lines.slice(1)) {
    const m = /^([0-9a-fA-F]+) ([0-9a-fA-F]+) (.*)$/.exec(line)
    if (m) libraries.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), path: m[3]! })
  }
  return { pid: parseInt(head[1]!, 16), comm: head[3]!, libraries, text }
}

const latin1 = new TextDecoder('latin1')

/**
 * A GUEST option. trace-cmd drops the whole option, and still opens the file,
 * when it does not decode: no room for the trace id, the vCPU count or an
 * entry, or a vCPU index not below the count.
 */
function decodeGuest(c: Cursor, size: number, into: TraceOptions): void {
  const data = c.bytes(size, 'GUEST option')
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const le = c.littleEndian
  const nul = data.indexOf(0)
  if (nul < 0) return
  const name = latin1.decode(data.subarray(0, nul))
  let p = nul + 1
  if (size - p < 12) return
  const traceId = view.getBigUint64(p, le)
  const n = view.getUint32(p + 8, le)
  p += 12
  if (n > MAX_CPUS || n * 8 > size - p) return
  const cpuPid = new Array<number>(n).fill(0)
  for (let i = 0; i < n; i++, p += 8) {
    const vcpu = view.getUint32(p, le)
    if (vcpu >= n) return
    cpuPid[vcpu] = view.getInt32(p + 4, le)
  }
  into.guests.unshift({ name, traceId, cpuPid })
}

function decodeTimeShift(c: Cursor, end: number): TimeShift {
  const peerTraceId = c.u64()
  const flags = c.u32()
  const cpuCount = c.u32()
  if (cpuCount > MAX_CPUS || cpuCount * 4 > end - c.pos)
    c.fail(`TIME_SHIFT option: ${cpuCount} CPUs in ${end - c.pos} bytes`, c.pos - 4)
  const read = (n: number, cpu: number, what: string): bigint[] => {
    if (n * 8 > end - c.pos)
      c.fail(`TIME_SHIFT option: CPU ${cpu}: ${n} samples' ${what} run past the option (${end - c.pos} bytes left)`)
    return Array.from({ length: n }, () => c.i64())
  }
  const raw: { times: bigint[]; offsets: bigint[]; scalings: bigint[]; fractions: bigint[] }[] = []
  for (let i = 0; i < cpuCount; i++) {
    if (end - c.pos < 4) c.fail(`TIME_SHIFT option: CPU ${i}: no room for its sample count`)
    const count = c.u32()
    const times = read(count, i, 'times')
    const offsets = read(count, i, 'offsets')
    const scalings = read(count, i, 'scalings')
    raw.push({ times, offsets, scalings, fractions: times.map(() => 0n) })
  }
  // Newer writers add every CPU's fraction bits after the rest. A block that does not fit
  // (trace-cmd writes the last CPU's count for every CPU) leaves the fractions at 0 here;
  // trace-cmd 3.1.6 stops reading the file's headers there and shows nothing.
  const fractionsAt = c.pos
  try {
    if (c.pos < end) raw.forEach((cpu, i) => (cpu.fractions = read(cpu.times.length, i, 'fractions')))
  } catch {
    c.pos = fractionsAt
    for (const cpu of raw) cpu.fractions = cpu.times.map(() => 0n)
  }
  // Sorted by time, repeated times dropped (as trace-cmd does when loading).
  const cpus = raw.map((cpu) => {
    const order = cpu.times
      .map((_, i) => i)
      .sort((a, b) => (cpu.times[a]! < cpu.times[b]! ? -1 : cpu.times[a]! > cpu.times[b]! ? 1 : a - b))
    const keep = order.filter((i, k) => k === 0 || cpu.times[i] !== cpu.times[order[k - 1]!])
    return {
      times: keep.map((i) => cpu.times[i]!),
      offsets: keep.map((i) => cpu.offsets[i]!),
      scalings: keep.map((i) => cpu.scalings[i]!),
      fractions: keep.map((i) => cpu.fractions[i]!),
    }
  })
  return { peerTraceId, flags, cpus }
}
