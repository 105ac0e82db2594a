import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseFormat, TraceRecord } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'

// A record made from its parts (one props object), as tools and tests make them outside a reader.
describe('new TraceRecord({ ... })', () => {
  const format = parseFormat(
    readFileSync(join(ROOT, 'test/fixtures/kernels/linux-6.1/events/sched/sched_process_free/format'), 'utf8'),
    { system: 'sched' },
  )
  // sched_process_free as the 6.1 kernel lays it out: common fields, comm[16], pid, prio.
  const payload = (offset: number): Uint8Array => {
    const bytes = new Uint8Array(offset + 32)
    const view = new DataView(bytes.buffer)
    view.setUint16(offset, format.id, true)
    view.setInt32(offset + 4, 4242, true)
    bytes.set(new TextEncoder().encode('worker'), offset + 8)
    view.setInt32(offset + 24, 4242, true)
    view.setInt32(offset + 28, 120, true)
    return bytes
  }

  it('decodes its fields with the defaults (this machine, offset 0, the whole data)', () => {
    const r = new TraceRecord({ ts: 1_000n, cpu: 3, event: format, data: payload(0) })
    expect([r.ts, r.cpu, r.pid, r.missedEvents, r.instance]).toEqual([1_000n, 3, 4242, 0, ''])
    expect(r.toObject().fields).toMatchObject({ comm: 'worker', pid: 4242, prio: 120 })
  })

  it('reads a payload at an offset, and takes the task names and the instance it is given', () => {
    const r = new TraceRecord({
      ts: 5n,
      cpu: 0,
      event: format,
      data: payload(16),
      offset: 16,
      size: 32,
      missedEvents: 7,
      comms: new Map([[4242, 'worker']]),
      instance: 'lat',
    })
    expect([r.field('pid'), r.field('prio'), r.missedEvents, r.comm, r.instance]).toEqual([
      4242,
      120,
      7,
      'worker',
      'lat',
    ])
  })
})
