import { beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain JavaScript helper shared with the benchmarks
import { typecheckErrors } from '../../bench/lib/tsc-diagnostics.mjs'

// One text per rule: for each kernel rule the typed builder checks at compile time (and for the
// builder's unknown-field error), the same call prints the same text as a compile error and as
// the error thrown at run time. Each case is one line of code, type-checked against the build
// (`typed-ftrace` with the Linux 6.1 typings) and run against the same build.
const CASES: Record<string, string> = {
  'ftrace-event': "synth('m').start('ftrace', 'hwlat')",
  'too-many-keys':
    "synth('m').start('sched_switch').end('sched_switch').match('next_pid').match('prev_pid').match('next_prio').match('prev_prio')",
  'key-size':
    "synth('m').start('dma_fence', 'dma_fence_wait_end').end('dma_fence', 'dma_fence_wait_start').match('driver').match('timeline')",
  'repeated-key':
    "synth('m').start('sched_switch').end('sched_switch').match('next_pid').match('next_pid', 'next_pid', null)",
  'field-type':
    "synth('m').start('sock', 'inet_sock_set_state').end('sock', 'inet_sock_set_state').match('sport').startField('saddr')",
  'handler-variable':
    "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid', null).endField('next_comm', 'comm').onChange('comm').trace()",
  'no-fields':
    "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid', null).echoCmd()",
  'unknown start field':
    "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pidd', 'next_pid')",
  'unknown end field (match on both sides)':
    "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid')",
  'unknown saved field (save lists the end event fields)':
    "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta().onMax('delta').save('nope')",
  'stacktrace (a copied field, on 6.1)':
    "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').startField('common_stacktrace', 'st')",
  'stacktrace (a key, on 6.1)':
    "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').match('common_stacktrace')",
  'stacktrace (a saved field, on 6.1)':
    "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta().onMax('delta').save('common_stacktrace')",
  'timestamp-units':
    "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').compare('common_timestamp', 'common_timestamp.usecs', 'delta-end', 'd')",
  'timestamp-key': "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('common_timestamp')",
  'common-name (a copied field)':
    "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').startField('common_pid')",
  'common-name (a match)': "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('common_pid')",
  'common-name (a name given)':
    "synth('m').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta('common_timestamp', 'common_ns')",
}

// The same calls against the 6.12 typings, whose kernel has the stack as a value: no error at compile
// time, none at run time.
const ACCEPTED_612: Record<string, string> = {
  'a copied stack':
    "synth('mm').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').startField('common_stacktrace', 'st')",
  'a stack key':
    "synth('mm').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').match('common_stacktrace', 'common_stacktrace', null).delta()",
  'a saved stack':
    "synth('mm').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta().onMax('delta').save('common_stacktrace')",
}

/** The text of a compile error: the string literal type the argument (or `this`) is not assignable to. */
function compileText(message: string): string | undefined {
  const m = /(?:parameter|'this') of type '"([\s\S]*)"'\.$/.exec(message)
  return m?.[1]?.replaceAll('\\"', '"')
}

/** The same text with the list after "; try " sorted (the compiler orders a union its own way). */
function normalised(text: string): string {
  const at = text.indexOf('; try ')
  if (at < 0) return text
  return `${text.slice(0, at)}; try ${text
    .slice(at + 6)
    .split(', ')
    .sort()
    .join(', ')}`
}

describe('each rule prints one text at compile time and at run time', () => {
  const names = Object.keys(CASES)
  let errors: { line: number; message: string }[] = []
  let exports: Record<string, unknown> = {}

  beforeAll(async () => {
    const source = [
      "import { synth } from 'typed-ftrace'",
      "import 'typed-ftrace/kernels/linux-6.1'",
      ...names.map((n) => CASES[n]),
    ].join('\n')
    errors = typecheckErrors('rule-texts', { 'rule-texts.ts': source })
    exports = await import('../../dist/src/index.js')
    await import('../../dist/types/linux-6.1.js')
  }, 120_000)

  for (const [i, name] of names.entries()) {
    it(name, () => {
      const found = errors.filter((e) => e.line === i + 3).map((e) => compileText(e.message))
      expect(found.length, `one compile error on line ${i + 3}: ${JSON.stringify(errors)}`).toBe(1)
      const run = new Function('synth', `return ${CASES[name]}`) as (synth: unknown) => unknown
      let thrown: unknown
      try {
        run(exports.synth)
      } catch (error) {
        thrown = error
      }
      expect(thrown, 'the same call throws at run time').toBeInstanceOf(Error)
      expect(normalised((thrown as Error).message)).toBe(normalised(found[0] ?? '<no string literal>'))
    })
  }
})

describe('the 6.12 typings and schema take what its kernel has', () => {
  const names = Object.keys(ACCEPTED_612)
  let errors: { line: number; message: string }[] = []
  let exports: Record<string, unknown> = {}

  beforeAll(async () => {
    const source = [
      "import { withSchema } from 'typed-ftrace'",
      "import { schema } from 'typed-ftrace/kernels/linux-6.12'",
      'const { synth } = withSchema(schema)',
      ...names.map((n) => ACCEPTED_612[n]),
    ].join('\n')
    errors = typecheckErrors('rule-texts-612', { 'rule-texts-612.ts': source })
    exports = await import('../../dist/src/index.js')
  }, 120_000)

  it('no compile error', () => expect(errors).toEqual([]))
  for (const name of names) {
    it(name, async () => {
      const { schema } = await import('../../dist/types/linux-6.12.js')
      const { synth } = (exports.withSchema as (s: unknown) => { synth: unknown })(schema)
      const run = new Function('synth', `return ${ACCEPTED_612[name]}.commands()`) as (synth: unknown) => {
        create: unknown[]
      }
      expect(run(synth).create).toHaveLength(3)
    })
  }
})
