import type { Cursor } from './cursor.js'
import { TraceDatError } from './errors.js'
import { OptionId } from './option-id.js'
import type {
  BufferInfo,
  CpuDataInfo,
  CpuStat,
  GuestInfo,
  ProcMap,
  TextBufferInfo,
  TimeShift,
  TraceOptions,
  Tsc2Nsec,
} from './options.js'
import { decodeTimeShift, MAX_CPUS } from './time-shift-option.js'

/** The options while they are decoded: {@link TraceOptions} that the decoder may still add to. */
export interface OptionsDraft {
  date?: string
  offset?: string
  cpuStats: CpuStat[]
  buffers: BufferInfo[]
  textBuffers: TextBufferInfo[]
  traceClock?: string
  uname?: string
  hooks: string[]
  cpuCount?: number
  version?: string
  procMaps: ProcMap[]
  traceId?: bigint
  timeShift?: TimeShift
  guests: GuestInfo[]
  tsc2nsec?: Tsc2Nsec
  lastBootInfo: { readonly instance: string; readonly text: string }[]
  sections: Map<number, number>
  unknown: { readonly id: number; readonly data: Uint8Array }[]
}

/** Options before any is decoded. */
export function emptyOptions(): OptionsDraft {
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
  into: OptionsDraft,
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
type WithStatInstance = OptionsDraft & { [STAT_INSTANCE]?: string }

function addCpuStat(text: string, into: OptionsDraft): void {
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
function decodeGuest(c: Cursor, size: number, into: OptionsDraft): void {
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
