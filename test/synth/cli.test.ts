// `typed-ftrace synth echo|commands SPEC.json`: the same text as the library, with the kernel's formats from a folder or shipped.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/main.js'
import { synthFromSpec, synthsFromSpec } from '../../src/index.js'
import type { Schema } from '../../src/index.js'
import { KERNEL_6_1, KERNEL_6_18 } from '../helpers/paths.js'
import { schema61, schema618 } from './schemas.js'
import { CHAIN } from './chain-spec.js'

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) }, out, err }
}

const SPEC = {
  name: 'wakeup_lat',
  start: 'sched/sched_waking',
  end: 'sched/sched_switch',
  steps: [
    { match: ['pid', 'next_pid'], as: 'pid' },
    { compare: ['TIMESTAMP_USECS', 'TIMESTAMP_USECS'], calc: 'delta-end', as: 'delta' },
    { startFilter: ['prio', '<', '100'] },
    { onMax: 'delta', save: ['prev_prio'] },
    { onMatch: true, trace: true },
  ],
}

const dir = mkdtempSync(join(tmpdir(), 'typed-ftrace-synth-cli-'))
const specFile = join(dir, 'lat.json')
writeFileSync(specFile, JSON.stringify(SPEC))
let s61: Schema
beforeAll(async () => {
  s61 = await schema61()
})

describe('synth echo', () => {
  test('with --formats: the library echo text', async () => {
    const c = capture()
    expect(await main(['synth', 'echo', specFile, '--formats', KERNEL_6_1], c.io)).toBe(0)
    expect(c.out.join('')).toBe(synthFromSpec(SPEC, s61).echoCmd())
    expect(c.err).toEqual([])
  })
  test('options: tracing dir, instance, legacy actions, synthetic_events', async () => {
    const c = capture()
    const args = [
      'synth',
      'echo',
      specFile,
      '--formats',
      KERNEL_6_1,
      '--tracing-dir',
      '/sys/kernel/debug/tracing',
      '--instance',
      'lat',
      '--legacy-actions',
      '--synthetic-events',
    ]
    expect(await main(args, c.io)).toBe(0)
    const expected = synthFromSpec(SPEC, s61).echoCmd({
      tracingDir: '/sys/kernel/debug/tracing',
      instance: 'lat',
      actionSyntax: 'legacy',
      dynamicEvents: false,
    })
    expect(c.out.join('')).toBe(expected)
    expect(expected).toContain('.wakeup_lat($pid,$__delta_')
    expect(expected).toContain('/sys/kernel/debug/tracing/instances/lat/events/sched/sched_switch/trigger')
    expect(expected.split('\n')[0]).toBe(
      "echo 'wakeup_lat pid_t pid; u64 delta;' >> /sys/kernel/debug/tracing/synthetic_events",
    )
  })
  test('--kernel picks a shipped schema', async () => {
    for (const [kernel, load] of [
      ['linux-6.1', schema61],
      ['linux-6.18', schema618],
    ] as const) {
      const c = capture()
      expect(await main(['synth', 'echo', specFile, '--kernel', kernel], c.io)).toBe(0)
      expect(c.out.join('')).toBe(synthFromSpec(SPEC, await load()).echoCmd())
    }
  })
  test('6.18 formats from a folder', async () => {
    const c = capture()
    expect(await main(['synth', 'echo', specFile, '--formats', KERNEL_6_18], c.io)).toBe(0)
    expect(c.out.join('')).toContain(
      "echo 's:wakeup_lat pid_t pid; u64 delta;' >> /sys/kernel/tracing/dynamic_events\n",
    )
  })
})

test('synth commands prints the writes as JSON', async () => {
  const c = capture()
  expect(await main(['synth', 'commands', specFile, '--formats', KERNEL_6_1, '--instance', 'x'], c.io)).toBe(0)
  expect(JSON.parse(c.out.join(''))).toEqual(
    JSON.parse(JSON.stringify(synthFromSpec(SPEC, s61).commands({ instance: 'x' }))),
  )
})

describe('errors', () => {
  test('usage errors exit 2', async () => {
    for (const args of [
      ['synth', 'echo', specFile],
      ['synth', 'echo', specFile, '--formats', KERNEL_6_1, '--kernel', 'linux-6.1'],
      ['synth', 'show', specFile, '--formats', KERNEL_6_1],
      ['synth', 'echo', '--formats', KERNEL_6_1],
      ['synth', 'echo', specFile, '--formats', KERNEL_6_1, '--bogus'],
    ]) {
      const c = capture()
      expect(await main(args, c.io), args.join(' ')).toBe(2)
      expect(c.out).toEqual([])
    }
  })
  test('a bad spec exits 4 with its errno and JSON path', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(
      bad,
      JSON.stringify({ ...SPEC, steps: [...SPEC.steps.slice(0, 2), { startFilter: ['prio', '=<', '1'] }] }),
    )
    const c = capture()
    expect(await main(['synth', 'echo', bad, '--formats', KERNEL_6_1], c.io)).toBe(4)
    expect(c.err.join('')).toBe(
      "typed-ftrace synth: EINVAL: steps[2].startFilter[1]: unknown operator '=<': use ==, !=, >, >=, <, <=, ~ or &\n",
    )
    const missing = join(dir, 'missing.json')
    writeFileSync(missing, JSON.stringify({ ...SPEC, steps: [{ match: ['pid', 'pid'] }] }))
    const d = capture()
    expect(await main(['synth', 'echo', missing, '--formats', KERNEL_6_1], d.io)).toBe(4)
    expect(d.err.join('')).toMatch(/^typed-ftrace synth: ENODEV: steps\[0\]: field 'pid' is not in sched\.sched_switch/)
  })
  test('not JSON, an unknown kernel, a bad instance', async () => {
    const text = join(dir, 'text.json')
    writeFileSync(text, 'not json')
    const c = capture()
    expect(await main(['synth', 'echo', text, '--kernel', 'linux-6.1'], c.io)).toBe(3)
    expect(c.err.join('')).toMatch(/text\.json' is not JSON/)
    const d = capture()
    expect(await main(['synth', 'echo', specFile, '--kernel', 'linux-5.4'], d.io)).toBe(2)
    expect(d.err.join('')).toBe('typed-ftrace synth: --kernel "linux-5.4": use linux-6.1 or linux-6.12 or linux-6.18\n')
    const e = capture()
    expect(await main(['synth', 'echo', specFile, '--kernel', 'linux-6.1', '--instance', '../x'], e.io)).toBe(4)
    expect(e.err.join('')).toMatch(/EINVAL: instance '..\/x' is not a valid name/)
  })
  test('--help', async () => {
    const c = capture()
    expect(await main(['synth', '--help'], c.io)).toBe(0)
    expect(c.out.join('')).toContain('typed-ftrace synth echo SPEC.json')
  })
})

describe('a spec file with a chain', () => {
  const chainFile = join(dir, 'chain.json')
  writeFileSync(chainFile, JSON.stringify(CHAIN))
  test('synth echo prints the whole chain, inner first', async () => {
    const c = capture()
    expect(await main(['synth', 'echo', chainFile, '--formats', KERNEL_6_1], c.io)).toBe(0)
    const [inner, outer] = synthsFromSpec(CHAIN, s61)
    expect(c.out.join('')).toBe(`${inner!.echoCmd()}${outer!.echoCmd()}`)
    expect(c.out.join('')).toMatch(/^echo 's:wakeup_lat [^]*\necho 's:ran [^]*synthetic\/wakeup_lat\/trigger\n/)
    expect(c.err).toEqual([])
  })
  test('synth commands prints one object per synth, in order', async () => {
    const c = capture()
    expect(await main(['synth', 'commands', chainFile, '--formats', KERNEL_6_1], c.io)).toBe(0)
    expect(JSON.parse(c.out.join(''))).toEqual(
      JSON.parse(JSON.stringify(synthsFromSpec(CHAIN, s61).map((s) => s.commands()))),
    )
  })
})
