// Kernel registration as a user meets it: no kernel imported, the kernels/*
// subpath under every module resolution, and two kernels in one program. Each
// case is its own small project (a program shares every global augmentation,
// so these cannot live together in test-d/), type-checked against the build.
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/paths.js'
// @ts-expect-error plain JavaScript helper shared with the benchmarks
import { TSC, TSC6, typecheckErrors } from '../../bench/lib/tsc-diagnostics.mjs'

type TsError = { file: string; line: number; column: number; message: string }

/** Type-checks `source` as `use.ts` in its own project; `typed-ftrace` is this package's build. */
function check(name: string, source: string, compilerOptions: Record<string, unknown> = {}, tsc: string = TSC): TsError[] {
  // A package resolves itself by name under node16/bundler (its `exports`), but node10 only
  // looks in node_modules: link the package there, as an installed one would be.
  const modules = join(ROOT, '.cache', 'typecheck', name, 'node_modules')
  rmSync(modules, { recursive: true, force: true })
  mkdirSync(modules, { recursive: true })
  symlinkSync(ROOT, join(modules, 'typed-ftrace'), 'dir')
  return typecheckErrors(name, { 'use.ts': source }, compilerOptions, tsc) as TsError[]
}

const NO_KERNEL =
  "no kernel is registered: import a generated module such as 'typed-ftrace/kernels/linux-6.1' (or your own from typed-ftrace typegen), or pass a schema with withSchema(schema).synth(name)"
const TWO_KERNELS =
  "more than one kernel is registered (linux-6.1, linux-6.12): synth() cannot choose; use withSchema(schema).synth(name) with the schema export of the kernel's module"

// TypeScript 7 removed node10 (`moduleResolution: node`); TypeScript 6 still has it.
const RESOLUTIONS = [
  { label: 'node16', tsc: TSC, options: { module: 'Node16', moduleResolution: 'Node16' } },
  { label: 'nodenext', tsc: TSC, options: { module: 'NodeNext', moduleResolution: 'NodeNext' } },
  { label: 'bundler', tsc: TSC, options: { module: 'ESNext', moduleResolution: 'Bundler' } },
  {
    label: 'node10 (TypeScript 6)',
    tsc: TSC6,
    options: { module: 'ESNext', moduleResolution: 'Node10', ignoreDeprecations: '6.0' },
  },
]

describe('no kernel registered', () => {
  const source = [
    "import { synth } from 'typed-ftrace'",
    "export const lat = synth('lat').start('nosuch_system', 'nosuch_event').end('x', 'y').match('foo', 'bar').delta('zzz')",
    '',
  ].join('\n')
  for (const skipLibCheck of [true, false]) {
    it(`synth() is a compile error that says how to register one (skipLibCheck ${skipLibCheck})`, () => {
      const errors = check(`no-kernel-${skipLibCheck}`, source, { skipLibCheck })
      expect(errors.map((e) => [e.line, e.message.replaceAll('\\"', '"')])).toEqual([
        [2, expect.stringContaining(`parameter of type '"${NO_KERNEL}"'`)],
      ])
    }, 120_000)
  }
})

describe('the kernels/* subpath resolves under every module resolution', () => {
  const source = [
    "import { synth, withSchema } from 'typed-ftrace'",
    "import { schema } from 'typed-ftrace/kernels/linux-6.1'",
    "export const a = synth('a').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid')",
    "export const b = withSchema(schema).synth('b').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid')",
    "export const bad = synth('c').start('sched', 'sched_wakin')",
    '',
  ].join('\n')
  for (const { label, tsc, options } of RESOLUTIONS) {
    it(`${label}: the kernel's types register and check (the typo is the only error)`, () => {
      const errors = check(`resolution-${label.split(' ')[0]}`, source, { ...options, skipLibCheck: false }, tsc)
      expect(errors.map((e) => e.line)).toEqual([5])
      expect(errors[0]!.message).toContain('sched_wakin')
    }, 180_000)
  }
})

describe('two kernels in one program (the README`s block)', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const block = /<!-- typecheck: two kernels -->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
  // The README's block, and a typo checked against the second kernel.
  const source = `${block}export const bad = withSchema(linux612).synth('c').start('sched', 'sched_wakin')\n`
  const lines = source.split('\n')
  const synthLine = lines.findIndex((l) => l.startsWith("synth('")) + 1
  const badLine = lines.findIndex((l) => l.includes("'sched_wakin'")) + 1
  it('is in the README', () => expect(block).toContain("from 'typed-ftrace/kernels/linux-6.12'"))
  for (const skipLibCheck of [true, false]) {
    it(`withSchema works per kernel; synth() says why it cannot choose (skipLibCheck ${skipLibCheck})`, () => {
      const errors = check(`two-kernels-${skipLibCheck}`, source, { skipLibCheck })
      expect(errors.map((e) => [e.file.replace(/^.*\//, ''), e.line])).toEqual([
        ['use.ts', synthLine],
        ['use.ts', badLine],
      ])
      expect(errors[0]!.message.replaceAll('\\"', '"')).toContain(`parameter of type '"${TWO_KERNELS}"'`)
      expect(errors[1]!.message).toContain('sched_wakin')
      // The README's comment quotes the message.
      expect(block.replace(/\n\/\/ /g, ' ')).toContain(TWO_KERNELS)
    }, 120_000)
  }
})

// The live backend reads the running kernel's formats, so it needs no typings: with none
// registered it takes any names (checked at run time); with two it cannot choose, and says so
// at the system argument until tracefs({ schema }) names the kernel.
const TWO_KERNELS_LIVE =
  "more than one kernel is registered (linux-6.1, linux-6.12): tracefs() cannot choose; use tracefs({ schema }) with the schema export of the kernel's module"

describe('the live backend and registration', () => {
  it('no kernel registered: any names, untyped records', () => {
    const source = [
      "import { tracefs } from 'typed-ftrace'",
      'export async function main(): Promise<bigint> {',
      '  const tfs = await tracefs()',
      "  await tfs.enable('any_system', 'any_event')",
      "  await tfs.setFilter('any_system', 'any_event', (f) => f.eq('any_field', 1))",
      "  await tfs.setFilter('any_system', 'any_event', 'any_field == 1')",
      '  let last = 0n',
      "  for await (const r of tfs.records('any_system', 'any_event')) {",
      '    const value: unknown = r.any_field',
      '    void value',
      '    last = r.ts',
      '  }',
      '  return last',
      '}',
      '',
    ].join('\n')
    expect(check('live-no-kernel', source, { skipLibCheck: false })).toEqual([])
  }, 120_000)

  it('two kernels: the system argument says why tracefs() cannot choose; { schema } picks one, record() included', () => {
    const source = [
      "import { tracefs } from 'typed-ftrace'",
      "import { schema as linux61 } from 'typed-ftrace/kernels/linux-6.1'",
      "import 'typed-ftrace/kernels/linux-6.12'",
      'export async function main(): Promise<void> {',
      '  const tfs = await tracefs()',
      "  await tfs.enable('sched', 'sched_switch')",
      '  const on61 = await tracefs({ schema: linux61 })',
      "  await on61.enable('sched', 'sched_switch')",
      "  for await (const r of on61.records('sched', 'sched_switch')) console.log(r.prev_state.toString(16))",
      "  await on61.enable('sched', 'sched_swich')",
      "  await on61.record({ events: [['sched', 'sched_swich']], output: 't.dat', duration: 10 })",
      '}',
      '',
    ].join('\n')
    const errors = check('live-two-kernels', source, { skipLibCheck: true })
    expect(errors.map((e) => e.line)).toEqual([6, 10, 11])
    expect(errors[0]!.message.replaceAll('\\"', '"')).toContain(`parameter of type '"${TWO_KERNELS_LIVE}"'`)
    expect(errors[1]!.message).toContain('sched_swich')
    expect(errors[2]!.message).toContain('sched_swich') // record() checks against the handle's kernel too
    // The README quotes the message.
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ')).toContain(`"${TWO_KERNELS_LIVE}"`)
  }, 120_000)
})
