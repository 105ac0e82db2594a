import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { findTracefs, tracefs } from '../../src/index.js'

// Raw ring buffers work on this machine's own kernel: decode real pages.
const root = await findTracefs().catch((error: Error) => error)
if (root instanceof Error) console.warn(`SKIPPED raw ring buffer tests: ${root.message}`)

describe.skipIf(root instanceof Error)('records from trace_pipe_raw on the running kernel', () => {
  it('decodes sched_switch pages of an instance, in time order, with strings and numbers', async () => {
    const tfs = await tracefs({ instance: 'typed_ftrace_raw' })
    try {
      await tfs.enable('sched', 'sched_switch')
      for (let i = 0; i < 20; i++) spawnSync('sleep', ['0.002'])
      await tfs.disable('sched', 'sched_switch')
      const records = []
      for await (const r of tfs.records({ system: 'sched', event: 'sched_switch' })) records.push(r)
      expect(records.length).toBeGreaterThan(20)
      for (let i = 1; i < records.length; i++) expect(records[i]!.ts >= records[i - 1]!.ts).toBe(true)
      for (const r of records) {
        expect(typeof r['next_comm']).toBe('string')
        expect(typeof r['next_pid']).toBe('number')
        expect(typeof r['prev_state']).toBe('bigint')
        expect(r.record.name).toBe('sched_switch')
      }
      // The task that slept shows up by name.
      expect(records.some((r) => r['next_comm'] === 'sleep' || r['prev_comm'] === 'sleep')).toBe(true)
      // Draining consumed them.
      const again = []
      for await (const r of tfs.records({ system: 'sched', event: 'sched_switch' })) again.push(r)
      expect(again).toEqual([])
    } finally {
      await tfs.disable('sched', 'sched_switch').catch(() => undefined)
      await tfs.removeInstance()
    }
  })
})
