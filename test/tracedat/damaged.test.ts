// Each class of damage the structure-aware attack found, made again from the committed fixtures:
// the file reads, or fails with a TraceDatError naming where, in bounded time and memory.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readTrace, TraceDatError, TypedFtraceError, withSchema } from '../../src/index.js'
import type { Schema } from '../../src/index.js'
import { main } from '../../src/cli/main.js'
import { bufferCpus, compressBlock, formatSlots, ints, parseContainer, writeContainer } from '../fuzz/container.mjs'
import type { Container, V7 } from '../fuzz/container.mjs'
import { ROOT } from '../helpers/paths.js'
import { schema61 } from '../synth/schemas.js'

const fixture = (name: string) => parseContainer(readFileSync(join(ROOT, 'test/fixtures', name)))

/** Replaces text in the format of `event` (every format whose name line matches). */
function editFormat(m: Container, event: string, edit: (text: string) => string): void {
  let found = 0
  for (const slot of formatSlots(m)) {
    const text = slot.get().toString('latin1')
    if (new RegExp(`^name: ${event}$`, 'm').test(text)) {
      slot.set(Buffer.from(edit(text), 'latin1'))
      found++
    }
  }
  expect(found).toBeGreaterThan(0)
}

/** Opens and reads every record and field; the record count, or the TraceDatError. */
function readAll(bytes: Uint8Array): { count: number; objects: ReturnType<typeof toObjects> } | TraceDatError {
  try {
    const trace = readTrace<unknown>(bytes)
    const objects = toObjects(trace)
    return { count: objects.length, objects }
  } catch (error) {
    if (error instanceof TraceDatError) return error
    throw error
  }
}
function toObjects(trace: ReturnType<typeof readTrace<unknown>>) {
  return [...trace.records('*')].map((r) => r.toObject())
}

function bytesOf(m: Container): Uint8Array {
  const b = writeContainer(m)
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
}

describe('an array field whose element size works out to 0', () => {
  it('reads (the elements are the C type wide), in bounded time', () => {
    for (const name of ['tracedat/v6.dat', 'tracedat/v7-zstd.dat']) {
      const m = fixture(name)
      editFormat(m, 'sys_enter', (t) =>
        t.replace(/unsigned long args\[6\];(\toffset:\d+;)\tsize:48;/, 'unsigned int args[6];$1\tsize:0;'),
      )
      const started = Date.now()
      const read = readAll(bytesOf(m))
      expect(read).not.toBeInstanceOf(TraceDatError)
      const enter = (read as { objects: { event: string; fields: Record<string, unknown> }[] }).objects.find(
        (o) => o.event === 'sys_enter',
      )!
      // A size of 0 reads as a flexible array: up to the end of the payload, 4 bytes an element.
      expect(Array.isArray(enter.fields['args'])).toBe(true)
      expect(Date.now() - started).toBeLessThan(10_000)
    }
  })
})

describe('decompression bombs', () => {
  /** Replaces CPU 0's chunk stream with `count` chunks of `size` zero bytes each (plus padding after each frame). */
  function bomb(name: string, size: number, count: number, padding = 0): Uint8Array {
    const m = fixture(name) as V7
    const { u32 } = ints(m.le)
    const block = Buffer.concat([compressBlock(m.compression, Buffer.alloc(size)), Buffer.alloc(padding)])
    const { section: s, rel } = bufferCpus(m)[0]!
    const chunk = Buffer.concat([u32(block.length), u32(size), block])
    s.raw = Buffer.concat([s.raw.subarray(0, rel), u32(count), ...Array.from({ length: count }, () => chunk)])
    return bytesOf(m)
  }

  it('a zstd chunk expanding beyond 4096 times the frame is refused, padding after the frame counting for nothing', () => {
    // 16 MiB of zeros is a frame of a few hundred bytes: padding it to 64 KiB must not make it pass.
    const r = readAll(bomb('tracedat/v7-zstd.dat', 16 << 20, 1, 65536))
    expect(r).toBeInstanceOf(TraceDatError)
    expect((r as TraceDatError).section).toBe('cpu 0 data')
    expect((r as TraceDatError).message).toMatch(
      /a block of \d+ compressed bytes claims 16777216 bytes uncompressed, more than 4096 times/,
    )
  })

  it('chunks within the ratio stop at the decode budget of the pass, naming the chunk', () => {
    // zlib stays near 1000:1; 400 chunks of 1 MiB are 400 MiB for a file of under 1 MiB.
    const data = bomb('tracedat/v7-zlib.dat', 1 << 20, 400)
    const started = Date.now()
    const r = readAll(data)
    expect(r).toBeInstanceOf(TraceDatError)
    expect((r as TraceDatError).message).toMatch(/past its decode budget of \d+ bytes .*decodeLimits\.totalBytes/)
    expect((r as TraceDatError).section).toBe('cpu 0 data')
    expect(Date.now() - started).toBeLessThan(20_000)
  })

  it('the limits are options of openTrace', () => {
    const data = readFileSync(join(ROOT, 'test/fixtures/tracedat/v7-zstd.dat'))
    const small = () => [...readTrace(data, { decodeLimits: { totalBytes: 100_000 } }).records()].length
    expect(small).toThrow(/decode budget of 100000 bytes/)
    const ratio = () => [...readTrace(data, { decodeLimits: { ratio: 2 } }).records()].length
    expect(ratio).toThrow(TraceDatError)
    expect([...readTrace(data, { decodeLimits: { totalBytes: Infinity } }).records()].length).toBe(1849)
    // The budget is per pass: reading the records twice is not refused.
    const trace = readTrace(data, { decodeLimits: { totalBytes: 4 << 20 } })
    expect([...trace.records()].length).toBe([...trace.records()].length)
  })
})

describe('field names from the file are data', () => {
  const renamed = () => {
    const m = fixture('tracedat/v7-zstd.dat')
    editFormat(m, 'sched_switch', (t) =>
      t.replace(/ prev_comm\[16\];/, ' toJSON[16];').replace(/ prev_pid;/, ' __proto__;'),
    )
    return bytesOf(m)
  }
  it('toObject() and JSON keep toJSON and __proto__ as fields', () => {
    const trace = readTrace<unknown>(renamed())
    const r = [...trace.records()].find((x) => x.name === 'sched_switch')!
    const o = r.toObject()
    expect(Object.keys(o.fields)).toContain('toJSON')
    expect(Object.keys(o.fields)).toContain('__proto__')
    expect(typeof o.fields['toJSON']).toBe('string')
    expect(typeof o.fields['__proto__']).toBe('number')
    expect(r.field('__proto__')).toBe(o.fields['__proto__'])
  })
  it('report --format jsonl prints them', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const file = join(mkdtempSync(join(tmpdir(), 'tf-damaged-')), 'renamed.dat')
    writeFileSync(file, renamed())
    const out: string[] = []
    expect(
      await main(['report', file, '--format', 'jsonl'], { stdout: (t) => void out.push(t), stderr: () => {} }),
    ).toBe(0)
    const line = out
      .join('')
      .split('\n')
      .find((l) => l.includes('"event":"sched_switch"'))!
    expect(line).toMatch(/"__proto__":\d+/)
    expect(line).toMatch(/"toJSON":"/)
  })
})

describe('slow inputs have limits', () => {
  it('a format with 20,000 extra fields is left out quickly (at most 1,024 fields per event)', () => {
    const m = fixture('tracedat/v7-zstd.dat')
    const extra = Array.from({ length: 20_000 }, (_, i) => `\tfield:int x${i};\toffset:8;\tsize:4;\tsigned:1;\n`).join(
      '',
    )
    editFormat(m, 'sched_waking', (t) => t.replace(/\nprint fmt:/, `${extra}\nprint fmt:`))
    const started = Date.now()
    const trace = readTrace<unknown>(bytesOf(m))
    expect(trace.schema.errors.map((e) => e.message).join('\n')).toMatch(
      /sched_waking\/format:\d+: expected at most 1024 fields/,
    )
    expect([...trace.records()].length).toBe(1849)
    expect(Date.now() - started).toBeLessThan(5_000)
  })
  it('a format over 1 MiB is refused before it is read', () => {
    const m = fixture('tracedat/v6.dat')
    editFormat(m, 'sched_waking', (t) =>
      t.replace(/\nprint fmt:/, `${'\tfield:int y;\toffset:8;\tsize:4;\tsigned:1;\n'.repeat(30_000)}\nprint fmt:`),
    )
    const r = readAll(bytesOf(m))
    expect(r).toBeInstanceOf(TraceDatError)
    expect((r as TraceDatError).message).toMatch(/a format of \d+ bytes \(at most 1048576 are read\)/)
  })
})

describe('messages: quoted, escaped and cut', () => {
  it('a newline and an escape sequence from the file are shown escaped, on one line', () => {
    const m = fixture('tracedat/v7-zstd.dat')
    const s = (m as V7).sections.find((x) => x.id === 3)!
    s.raw = Buffer.alloc(0)
    const bytes = bytesOf(m)
    // A buffer instance named with a newline and ESC, whose data is missing.
    const m2 = parseContainer(bytes) as V7
    const opt = m2.sections
      .filter((x) => x.id === 0)
      .flatMap((x) => x.options!)
      .find((o) => o.id === 3)!
    const d = Buffer.from(opt.data)
    opt.data = Buffer.concat([d.subarray(0, 8), Buffer.from('a\nb\u001b[2J', 'latin1'), d.subarray(8)])
    const r = readAll(bytesOf(m2))
    if (r instanceof TraceDatError) {
      expect(r.message).not.toMatch(/[\n\u001b]/)
    }
    const e = new TraceDatError('x', 0, 'name a\nb\u001b[31m')
    expect(e.message).toBe('x at offset 0: name a\\nb\\x1b[31m')
  })
  it('a list of a thousand problems is cut to 40 lines', () => {
    const e = new TypedFtraceError('EFORMAT', Array.from({ length: 1852 }, (_, i) => `problem ${i}`).join('\n'))
    expect(e.message.split('\n').length).toBe(41)
    expect(e.message).toMatch(/\.\.\. \(1812 more lines\)$/)
  })
})

describe("trace-cmd 3.4's options 23, 24 and 25", () => {
  it('BTF and modules sections and last-boot info open and are exposed', () => {
    const m = fixture('tracedat/v7-zstd.dat') as V7
    const { u64 } = ints(m.le)
    const end = m.sections.at(-1)!
    const at = end.at + 16 + end.raw.length
    const btf = Buffer.from([0x9f, 0xeb, 1, 0, 24, 0, 0, 0])
    const modules = Buffer.from('snd 1 0 - Live 0x0\n', 'latin1')
    const section = (id: number, payload: Buffer, offset: number) => ({
      id,
      flags: 0,
      description: 0xffffffff,
      at: offset,
      raw: payload,
      payload,
      options: undefined,
    })
    m.sections.push(section(23, btf, at), section(25, modules, at + 16 + btf.length))
    const opts = m.sections.find((x) => x.id === 0)!.options!
    opts.splice(
      opts.length - 1,
      0,
      { id: 23, data: u64(at) },
      { id: 25, data: u64(at + 16 + btf.length) },
      { id: 24, data: Buffer.from('boot:KASLR offset 0x1000\0', 'latin1') },
      { id: 23, data: Buffer.from([1, 2, 3]) },
      { id: 26, data: Buffer.from('future') },
    )
    const trace = readTrace<unknown>(bytesOf(m))
    expect([...trace.records()].length).toBe(1849)
    expect(trace.btf()).toEqual(new Uint8Array(btf))
    expect(trace.modules()).toBe('snd 1 0 - Live 0x0\n')
    expect(trace.options.lastBootInfo).toEqual([{ instance: 'boot', text: 'KASLR offset 0x1000' }])
    expect(trace.options.unknown.map((u) => u.id)).toEqual([26])
  })
})

describe('names at the door', () => {
  /** A runtime schema whose sched_waking has a field named `name` (as a schema built in JavaScript can). */
  async function hostileSchema(name: string): Promise<Schema> {
    const base = await schema61()
    const waking = base.get('sched', 'sched_waking')
    const fields = waking.fields.map((f) => (f.name === 'prio' ? { ...f, name } : f))
    const patched = { ...waking, fields }
    return new Proxy(base, {
      get(target, key, receiver) {
        if (key === 'get' || key === 'find')
          return (system: string | undefined, event: string) => {
            const e = (Reflect.get(target, key, receiver) as (s: string | undefined, e: string) => unknown).call(
              target,
              system,
              event,
            )
            return (e as { name?: string })?.name === 'sched_waking' ? patched : e
          }
        return Reflect.get(target, key, receiver)
      },
    })
  }
  it.each(['pid:onmax($x).snapshot()', 'pid if 1', 'a\nb'])(
    'a field named %j never reaches trigger text',
    async (name) => {
      const schema = await hostileSchema(name)
      const base = () =>
        withSchema(schema)
          .synth('lat')
          .start('sched', 'sched_waking')
          .end('sched', 'sched_switch')
          .match('pid', 'next_pid')
      expect(() => base().startField(name as never, 'x' as never)).toThrow(/is not a valid name/)
      expect(() => base().appendStartFilter('compare', name as never, '==' as never, '1')).toThrow(
        /is not a valid name/,
      )
    },
  )
  it('instances follow the same rule', async () => {
    const s = withSchema(await schema61())
      .synth('lat')
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', 'pid')
    expect(s.echoCmd({ instance: 'ok_1' })).toContain('instances/ok_1/')
    for (const bad of ['a b', '../x', 'x:y', 'a-b', 'lat\nx'])
      expect(() => s.echoCmd({ instance: bad })).toThrow(/instance '.*' is not a valid name/)
  })
})
