import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { FieldFlag, Schema, formatText, schemaFromDir } from '../../src/index.js'
import { KERNEL_6_1, KERNEL_6_18 } from '../helpers/paths.js'

let k61: Schema
let k618: Schema
beforeAll(async () => {
  ;[k61, k618] = await Promise.all([
    schemaFromDir(KERNEL_6_1, { strict: true }),
    schemaFromDir(KERNEL_6_18, { strict: true }),
  ])
})

describe('every format of the reference kernels parses', () => {
  it('Linux 6.1: 1,336 events, none left out', () => {
    expect(k61.size).toBe(1336)
    expect(k61.errors).toEqual([])
    expect(k61.kernelRelease).toBe('6.1.0-56-amd64')
    expect(k61.longSize).toBe(8)
  })

  it('Linux 6.18: 2,323 events, none left out', () => {
    expect(k618.size).toBe(2323)
    expect(k618.errors).toEqual([])
    expect(k618.systems.length).toBe(102)
  })

  it('reproduces every format file byte for byte from what it parsed', async () => {
    for (const [schema, dir] of [
      [k61, KERNEL_6_1],
      [k618, KERNEL_6_18],
    ] as const) {
      for (const event of schema.events) {
        const original = await readFile(join(dir, 'events', event.system, event.name, 'format'), 'utf8')
        const fields = event.fields.map((f) => [f.declaration, f.offset, f.size, f.signed ? 1 : 0] as const)
        expect(formatText(event.name, event.id, fields, event.printFmt), `${event.system}/${event.name}`).toBe(original)
      }
    }
  })
})

describe('spot checks', () => {
  it('sched/sched_switch on 6.1', () => {
    const e = k61.get('sched', 'sched_switch')
    expect(e.id).toBe(319)
    expect(e.fields.map((f) => [f.name, f.cType, f.offset, f.size, f.signed, f.common])).toEqual([
      ['common_type', 'unsigned short', 0, 2, false, true],
      ['common_flags', 'unsigned char', 2, 1, false, true],
      ['common_preempt_count', 'unsigned char', 3, 1, false, true],
      ['common_pid', 'int', 4, 4, true, true],
      ['prev_comm', 'char[16]', 8, 16, true, false],
      ['prev_pid', 'pid_t', 24, 4, true, false],
      ['prev_prio', 'int', 28, 4, true, false],
      ['prev_state', 'long', 32, 8, true, false],
      ['next_comm', 'char[16]', 40, 16, true, false],
      ['next_pid', 'pid_t', 56, 4, true, false],
      ['next_prio', 'int', 60, 4, true, false],
    ])
    const comm = e.fields[4]!
    expect(comm.arrayLength).toBe(16)
    expect(comm.value).toBe('string')
    expect(comm.flags).toBe(FieldFlag.ARRAY | FieldFlag.SIGNED | FieldFlag.STRING)
    // prev_state is printed with __print_flags: libtraceevent marks it FLAG.
    expect(e.fields[7]!.flags).toBe(FieldFlag.SIGNED | FieldFlag.LONG | FieldFlag.FLAG)
    expect(e.fields[7]!.value).toBe('bigint')
    expect(e.printFmt.startsWith('"prev_comm=%s prev_pid=%d')).toBe(true)
  })

  it('a __data_loc string: sched/sched_process_exec filename', () => {
    const f = k61.get('sched', 'sched_process_exec').fields.find((x) => x.name === 'filename')!
    expect(f).toMatchObject({
      cType: '__data_loc char[]',
      size: 4,
      dynamic: 'data_loc',
      arrayLength: undefined,
      value: 'string',
    })
    expect(f.flags).toBe(FieldFlag.ARRAY | FieldFlag.SIGNED | FieldFlag.STRING | FieldFlag.DYNAMIC)
  })

  it('an array: raw_syscalls/sys_enter args', () => {
    const f = k61.get('raw_syscalls', 'sys_enter').fields.find((x) => x.name === 'args')!
    expect(f).toMatchObject({
      cType: 'unsigned long[6]',
      size: 48,
      arrayLength: 6,
      dynamic: undefined,
      value: 'bigint[]',
      signed: false,
    })
    expect(f.flags).toBe(FieldFlag.ARRAY | FieldFlag.LONG)
  })

  it('a signed:0 char array on 6.18 (char is unsigned there)', () => {
    const f = k618.get('sched', 'sched_switch').fields.find((x) => x.name === 'next_comm')!
    expect(f.signed).toBe(false)
    expect(f.flags).toBe(FieldFlag.ARRAY | FieldFlag.STRING)
    expect(f.value).toBe('string')
  })

  it('pointers, byte arrays, flexible strings and odd-sized blobs', () => {
    const print = k618.get('ftrace', 'print').fields.find((f) => f.name === 'buf')!
    expect(print).toMatchObject({ cType: 'char[]', size: 0, value: 'string', arrayLength: undefined })
    const pointer = k61.events.flatMap((e) => e.fields).find((f) => f.cType === 'const void *')!
    expect(pointer).toMatchObject({ size: 8, value: 'bigint' })
    expect(pointer.flags & FieldFlag.POINTER).toBe(FieldFlag.POINTER)
    const mac = k61.events.flatMap((e) => e.fields).find((f) => f.cType === 'unsigned char[6]')!
    expect(mac.value).toBe('bytes')
    const guid = [...k61.events, ...k618.events].flatMap((e) => e.fields).find((f) => f.cType === 'guid_t')!
    expect(guid).toMatchObject({ size: 16, value: 'bytes' })
  })

  it('headers: header_page and header_event', () => {
    expect(k61.headerPage).toMatchObject({ commitSize: 8, dataOffset: 16, dataSize: 4080 })
    expect(k61.headerEvent).toMatchObject({
      bits: { type_len: 5, time_delta: 27, array: 32 },
      types: { padding: 29, time_extend: 30, time_stamp: 31 },
      dataMaxTypeLen: 28,
    })
  })
})

describe('lookups', () => {
  it('by system and name, by name alone (lowest ID first), by ID', () => {
    expect(k61.find('sched', 'sched_waking')?.id).toBe(k61.find(undefined, 'sched_waking')?.id)
    const id = k61.get('sched', 'sched_waking').id
    expect(k61.byId(id)?.name).toBe('sched_waking')
    expect(k61.find('sched', 'nope')).toBeUndefined()
  })

  it('by name alone takes the event with the lowest ID when several systems have it', () => {
    // The reference kernels have no such name; a copy of sched_switch under another system with a lower ID does.
    const original = k61.get('sched', 'sched_switch')
    const twin = { ...original, system: 'aaa', id: 5 }
    const later = { ...original, system: 'zzz', id: 9999 }
    const schema = new Schema({ source: 'test', events: [later, original, twin] })
    expect(schema.find(undefined, 'sched_switch')?.system).toBe('aaa')
    expect(schema.find('sched', 'sched_switch')?.id).toBe(319)
    expect(schema.events.map((e) => e.id)).toEqual([5, 319, 9999])
  })

  it('unknown names throw ENODEV with suggestions', () => {
    expect(() => k61.get('sched', 'sched_swtich')).toThrow(
      /no event 'sched_swtich' in system 'sched'; did you mean 'sched_switch'/,
    )
    expect(() => k61.get('shed', 'sched_switch')).toThrow(
      expect.objectContaining({
        code: 'ENODEV',
        message: expect.stringMatching(/unknown system 'shed'; did you mean 'sched'/),
      }),
    )
  })
})
