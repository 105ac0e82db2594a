import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { capabilitiesFromReadme, schemaFromDir, schemaFromDescriptor, toDescriptor } from '../../src/index.js'
import type { KernelCapabilities } from '../../src/index.js'
import { KERNEL_6_1, KERNEL_6_18, ROOT } from '../helpers/paths.js'

const KERNEL_6_12 = join(ROOT, 'test/fixtures/kernels/linux-6.12')
const readme = (dir: string) => readFile(join(dir, 'README'), 'utf8')

/** What 6.1 and 6.12 share (read from both READMEs). */
const common = {
  readme: true,
  syntheticEvents: true,
  dynamicEvents: true,
  histTriggers: true,
  errorLog: true,
  traceAction: true,
  handlers: { onmatch: true, onmax: true, onchange: true },
  actions: { trace: true, save: true, snapshot: true },
  commonCpu: true,
  modifiers: {
    hex: true,
    sym: true,
    symOffset: true,
    execname: true,
    syscall: true,
    log2: true,
    buckets: true,
    usecs: true,
    percent: true,
    graph: true,
  },
} as const

describe('kernel capabilities from the tracefs README', () => {
  it('Linux 6.1: the stack only as the `stacktrace` key, no nohitcount, no f:/t: probes', async () => {
    const caps = capabilitiesFromReadme(await readme(KERNEL_6_1), { release: '6.1.0-56-amd64' })
    expect(caps).toEqual({
      ...common,
      release: '6.1.0-56-amd64',
      stacktraceName: 'stacktrace',
      stacktraceVariables: false,
      stacktraceSynthFields: false,
      nohitcount: false,
      probes: { kprobe: true, kretprobe: true, fprobe: false, tprobe: false, eprobe: true, uprobe: true },
      syscallEvents: false,
    } satisfies KernelCapabilities)
  })

  it('Linux 6.12: common_stacktrace, stack variables and synthetic fields, nohitcount, f:/t: probes', async () => {
    const caps = capabilitiesFromReadme(await readme(KERNEL_6_12), { release: '6.12.118+deb12-amd64' })
    expect(caps).toEqual({
      ...common,
      release: '6.12.118+deb12-amd64',
      stacktraceName: 'common_stacktrace',
      stacktraceVariables: true,
      stacktraceSynthFields: true,
      nohitcount: true,
      probes: { kprobe: true, kretprobe: true, fprobe: true, tprobe: true, eprobe: true, uprobe: true },
      syscallEvents: false,
    } satisfies KernelCapabilities)
  })

  it('without a README nothing is claimed', () => {
    const caps = capabilitiesFromReadme(undefined, { release: '6.18.44' })
    expect(caps.readme).toBe(false)
    expect(caps.release).toBe('6.18.44')
    const truths = JSON.stringify(caps).match(/true/g) ?? []
    expect(truths).toEqual([])
    expect(caps.stacktraceName).toBeNull()
  })

  it('reads what the README documents, not the words around it', async () => {
    const text = await readme(KERNEL_6_12)
    // The older action form only: no trace(<synthetic_event>,...) line.
    const legacy = capabilitiesFromReadme(text.replace(/^.*trace\(<synthetic_event>,param list\).*\n/m, ''))
    expect(legacy.traceAction).toBe(false)
    expect(legacy.actions).toEqual({ trace: false, save: true, snapshot: true })
    // A kernel without dynamic_events defines synthetic events in synthetic_events only.
    const old = capabilitiesFromReadme(text.replace(/^\s*dynamic_events\b.*\n/m, ''))
    expect([old.dynamicEvents, old.syntheticEvents]).toEqual([false, true])
    // No hist triggers (CONFIG_HIST_TRIGGERS off): the whole section is missing.
    const noHist = capabilitiesFromReadme(text.replace(/\n\s*hist trigger\s*-[\s\S]*?\n\n/, '\n\n'))
    expect(noHist.histTriggers).toBe(false)
    expect(capabilitiesFromReadme('').readme).toBe(true)
    expect(capabilitiesFromReadme('').histTriggers).toBe(false)
  })

  it('the syscalls system in the formats: syscallEvents', () => {
    expect(capabilitiesFromReadme(undefined, { events: [{ system: 'syscalls' }] }).syscallEvents).toBe(true)
  })
})

describe('schemas carry their capabilities', () => {
  it('schemaFromDir reads the README beside events/ and the release', async () => {
    const s612 = await schemaFromDir(KERNEL_6_12)
    expect(s612.capabilities.readme).toBe(true)
    expect(s612.capabilities.release).toBe('6.12.118+deb12-amd64')
    expect(s612.capabilities.stacktraceName).toBe('common_stacktrace')
    expect(s612.capabilities.syscallEvents).toBe(s612.systems.includes('syscalls'))
    const s61 = await schemaFromDir(KERNEL_6_1)
    expect(s61.capabilities.stacktraceName).toBe('stacktrace')
    // The 6.18 dump saved no README: nothing is claimed.
    const s618 = await schemaFromDir(KERNEL_6_18)
    expect(s618.capabilities.readme).toBe(false)
    expect(s618.capabilities.histTriggers).toBe(false)
  })

  it('a descriptor round trip keeps the capabilities given to it', async () => {
    const s = await schemaFromDir(KERNEL_6_12)
    expect(schemaFromDescriptor(toDescriptor(s), s.capabilities).capabilities).toEqual(s.capabilities)
    expect(schemaFromDescriptor(toDescriptor(s)).capabilities.readme).toBe(false)
  })

  it('the shipped modules export the capabilities as a value equal to their schema', async () => {
    // The built modules, imported by path: their type declarations each register a kernel, so
    // this file may not import two of them statically.
    for (const [name, dir] of [
      ['linux-6.1', KERNEL_6_1],
      ['linux-6.12', KERNEL_6_12],
      ['linux-6.18', KERNEL_6_18],
    ] as const) {
      const url = pathToFileURL(join(ROOT, 'dist/types', `${name}.js`)).href
      const mod = (await import(/* @vite-ignore */ url)) as {
        capabilities: KernelCapabilities
        schema: { capabilities: KernelCapabilities }
      }
      expect(mod.schema.capabilities).toBe(mod.capabilities)
      expect(mod.capabilities).toEqual((await schemaFromDir(dir)).capabilities)
    }
  })
})
