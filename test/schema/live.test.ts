import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findTracefs, formatText, schemaFromLive } from '../../src/index.js'

// This machine's own kernel: tracefs can be mounted here as root. Where it
// cannot, the suite says why it was skipped.
const tracefs = await findTracefs().catch((error: Error) => error)
if (tracefs instanceof Error) console.warn(`SKIPPED live schema tests: ${tracefs.message}`)

describe.skipIf(tracefs instanceof Error)('the running kernel', () => {
  const dir = tracefs as string

  it('loads every event the kernel reports', async () => {
    const schema = await schemaFromLive({ strict: true })
    let count = 0
    for (const system of await readdir(join(dir, 'events'), { withFileTypes: true })) {
      if (!system.isDirectory()) continue
      for (const event of await readdir(join(dir, 'events', system.name), { withFileTypes: true })) {
        if (
          event.isDirectory() &&
          (await readFile(join(dir, 'events', system.name, event.name, 'format')).catch(() => undefined))
        )
          count++
      }
    }
    expect(schema.size).toBe(count)
    expect(schema.size).toBeGreaterThan(1000)
    expect(schema.source).toBe(`live:${dir}`)
    expect(schema.kernelRelease).toBe((await readFile('/proc/sys/kernel/osrelease', 'utf8')).trim())
  })

  it('reproduces a few formats byte for byte', async () => {
    const schema = await schemaFromLive()
    for (const [system, name] of [
      ['sched', 'sched_switch'],
      ['sched', 'sched_process_exec'],
      ['raw_syscalls', 'sys_enter'],
      ['ftrace', 'print'],
    ] as const) {
      const event = schema.get(system, name)
      const raw = await readFile(join(dir, 'events', system, name, 'format'), 'utf8')
      const fields = event.fields.map((f) => [f.declaration, f.offset, f.size, f.signed ? 1 : 0] as const)
      expect(formatText(event.name, event.id, fields, event.printFmt)).toBe(raw)
    }
  })
})
