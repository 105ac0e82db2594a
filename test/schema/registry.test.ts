// The run-time side of kernel registration: synth() without a kernel, or with
// two, throws the words the compiler prints for the same program.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Schema } from '../../src/index.js'

type Index = typeof import('../../src/index.js')
type Kernel = 'linux-6.1' | 'linux-6.12'

// The kernel modules are imported by computed paths, so this file's type check
// (which registers linux-6.1 only) does not register them: `synth` is called
// untyped here, as a JavaScript user would.
type UntypedSynth = (name: string) => {
  start(system: string, event: string): { end(system: string, event: string): { match(a: string, b: string): Built } }
}
type Built = { readonly definition: { readonly start?: { readonly system: string } } }

/** A fresh copy of the package (its registry empty), then the kernel modules named. */
async function load(...kernels: Kernel[]): Promise<Index & { untypedSynth: UntypedSynth }> {
  const index = (await import('../../src/index.js')) as Index
  for (const k of kernels) await import(`../../types/${k}.ts`)
  return { ...index, untypedSynth: index.synth as unknown as UntypedSynth }
}

async function schemaOf(kernel: Kernel): Promise<Schema> {
  return ((await import(`../../types/${kernel}.ts`)) as { schema: Schema }).schema
}

describe('the kernel registry', () => {
  beforeEach(() => vi.resetModules())

  it('none registered: synth() throws how to register one', async () => {
    const { untypedSynth, registeredSchema } = await load()
    expect(registeredSchema()).toBeUndefined()
    expect(() => untypedSynth('lat')).toThrow(
      "no kernel is registered: import a generated module such as 'typed-ftrace/kernels/linux-6.1' (or your own from typed-ftrace typegen), or pass a schema with withSchema(schema).synth(name)",
    )
  })

  it('one registered: synth() uses it', async () => {
    const { untypedSynth } = await load('linux-6.12')
    const s = untypedSynth('lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid')
    expect(s.definition.start?.system).toBe('sched')
  })

  it('two registered: synth() refuses to choose, withSchema() takes either', async () => {
    const { untypedSynth, withSchema, registeredSchema } = await load('linux-6.1', 'linux-6.12')
    const message =
      "more than one kernel is registered (linux-6.1, linux-6.12): synth() cannot choose; use withSchema(schema).synth(name) with the schema export of the kernel's module"
    expect(() => untypedSynth('lat')).toThrow(message)
    expect(() => registeredSchema()).toThrow(message)
    const k61 = await schemaOf('linux-6.1')
    const k612 = await schemaOf('linux-6.12')
    expect(k61.kernelRelease).not.toBe(k612.kernelRelease)
    for (const schema of [k61, k612]) {
      const s = withSchema(schema).synth('lat').start('sched', 'sched_waking').end('sched', 'sched_switch')
      expect(s.match('pid', 'next_pid').showEvent()).toBe('pid_t pid;')
    }
  })
})
