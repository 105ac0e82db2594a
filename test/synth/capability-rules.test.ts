// Rules that follow the kernel: the builder reads what the schema's kernel can do from its
// capabilities (its tracefs README), so the same definition is refused for Linux 6.1 and taken for
// 6.12; and rules the kernel has for every kernel (time stamp units) or that the builder keeps on
// purpose (time stamps as keys, synthetic fields named common_*). Each throws a KernelRuleError
// with the text the compiler prints for the same call (test/compile/rule-texts.test.ts).
import { beforeAll, describe, expect, test } from 'vitest'
import {
  DELIBERATE_RULES,
  KernelRuleError,
  readFormatTexts,
  schemaFromTexts,
  STACKTRACE,
  SynthError,
  TIMESTAMP,
  TIMESTAMP_USECS,
} from '../../src/index.js'
import type { KernelRule, Schema } from '../../src/index.js'
import type { SynthBuilder } from '../../src/synth/synth-builder.js'
import { KERNEL_6_1 } from '../helpers/paths.js'
import { looseSynth, schema61, schema612 } from './schemas.js'

let linux61: Schema
let linux612: Schema
beforeAll(async () => {
  linux61 = await schema61()
  linux612 = await schema612()
})

function refusal(fn: () => unknown): KernelRuleError {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(KernelRuleError)
  return caught as KernelRuleError
}

function breaks(fn: () => unknown, rule: KernelRule, kernelMessage: string, ...parts: string[]): void {
  const error = refusal(fn)
  expect(error.rule).toBe(rule)
  expect(error.kernelMessage).toBe(kernelMessage)
  for (const part of parts) expect(error.message).toContain(part)
}

const wake = (schema: Schema, name = 'lat'): SynthBuilder =>
  looseSynth(name, schema).start('sched', 'sched_waking').end('sched', 'sched_switch')

/** The positions a field name goes: a key, a copied start or end field, a saved field. */
const STACK_USES: Record<string, (s: Schema) => SynthBuilder> = {
  'a key': (s) => wake(s).match('pid', 'next_pid', 'pid').match(STACKTRACE, STACKTRACE).delta(),
  'a copied start field': (s) => wake(s).match('pid', 'next_pid', 'pid').startField(STACKTRACE, 'st'),
  'a copied end field': (s) => wake(s).match('pid', 'next_pid', 'pid').endField(STACKTRACE, 'st'),
  'a saved field': (s) => wake(s).match('pid', 'next_pid', 'pid').delta().onMax('delta').save('prev_pid', STACKTRACE),
}

describe('common_stacktrace follows the kernel', () => {
  test('the capabilities read from each README', () => {
    expect(linux61.capabilities.stacktraceName).toBe('stacktrace')
    expect(linux61.capabilities.stacktraceVariables).toBe(false)
    expect(linux612.capabilities.stacktraceName).toBe('common_stacktrace')
    expect(linux612.capabilities.stacktraceVariables).toBe(true)
  })
  for (const [where, build] of Object.entries(STACK_USES)) {
    test(`as ${where}: refused for 6.1 ("Couldn't find field"), taken for 6.12`, () => {
      breaks(
        () => build(linux61),
        'stacktrace',
        "Couldn't find field",
        "'common_stacktrace' is not known to this kernel",
      )
      expect(build(linux612).commands().create).toHaveLength(3)
    })
  }
  test('6.12 copies it as a dynamic array of unsigned long', () => {
    expect(STACK_USES['a copied start field']!(linux612).showEvent()).toBe('pid_t pid; unsigned long st[];')
  })
  test('a schema whose README was never read is not held to it', () => {
    const bare = schemaFromTexts({ ...textsOf61!, readme: undefined })
    expect(bare.capabilities.readme).toBe(false)
    expect(STACK_USES['a copied start field']!(bare).showEvent()).toBe('pid_t pid; unsigned long st[];')
  })
})

let textsOf61: Awaited<ReturnType<typeof readFormatTexts>> | undefined
beforeAll(async () => {
  textsOf61 = await readFormatTexts(KERNEL_6_1)
})

describe('compile options default from the kernel', () => {
  const lat = (schema: Schema) => wake(schema, 'wakeup_lat').match('pid', 'next_pid', 'pid').delta()
  test('6.1 and 6.12 document trace() and dynamic_events: the trace() action and an s: line', () => {
    for (const schema of [linux61, linux612]) {
      expect(lat(schema).showEndHist()).toContain('.trace(wakeup_lat,')
      expect(lat(schema).commands().create[0]!.file).toBe('dynamic_events')
    }
  })
  test('a README without trace(<synthetic_event>,param list): the older .name() action', () => {
    const readme = textsOf61!.readme!.replace(
      /trace\(<synthetic_event>,\s*param list\)/g,
      '<synthetic_event>(param list)',
    )
    const schema = schemaFromTexts({ ...textsOf61!, readme })
    expect(schema.capabilities.traceAction).toBe(false)
    expect(lat(schema).showEndHist()).toMatch(/:onmatch\(sched\.sched_waking\)\.wakeup_lat\(\$pid,/)
    // An explicit option still wins.
    expect(lat(schema).showEndHist({ actionSyntax: 'trace' })).toContain('.trace(wakeup_lat,')
  })
  test('a README without s: lines in dynamic_events: the event is defined in synthetic_events', () => {
    const readme = textsOf61!.readme!.replace(/^\s*s:\[synthetic\/\].*$/gm, '')
    const schema = schemaFromTexts({ ...textsOf61!, readme })
    expect(schema.capabilities.dynamicEvents).toBe(false)
    expect(lat(schema).commands().create[0]).toMatchObject({
      file: 'synthetic_events',
      text: 'wakeup_lat pid_t pid; u64 delta;\n',
    })
    expect(lat(schema).commands({ dynamicEvents: true }).create[0]!.file).toBe('dynamic_events')
  })
})

describe('time stamps', () => {
  test('a compare with .usecs on one side only: "Timestamp units in expression don\'t match"', () => {
    for (const k of [() => linux61, () => linux612]) {
      const s = wake(k()).match('pid', 'next_pid', 'pid')
      breaks(
        () => s.compare(TIMESTAMP, TIMESTAMP_USECS, 'delta-end', 'd'),
        'timestamp-units',
        "Timestamp units in expression don't match",
        "compare('common_timestamp', 'common_timestamp.usecs'): one side is in microseconds",
      )
      breaks(
        () => s.compare(TIMESTAMP_USECS, TIMESTAMP, 'add', 'd'),
        'timestamp-units',
        "Timestamp units in expression don't match",
      )
      // The same units on both sides are taken.
      expect(s.compare(TIMESTAMP, TIMESTAMP, 'delta-end', 'd').showEvent()).toBe('pid_t pid; u64 d;')
      expect(s.compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-start', 'd').showEvent()).toBe('pid_t pid; u64 d;')
    }
  })
  test('a time stamp as a match key is refused on purpose, on either side', () => {
    expect(DELIBERATE_RULES).toContain('timestamp-key')
    const sw = looseSynth('sw', linux61).start('sched', 'sched_switch').end('sched', 'sched_switch')
    breaks(() => sw.match(TIMESTAMP, TIMESTAMP, 'ts'), 'timestamp-key', '', "'common_timestamp' is a time stamp")
    breaks(() => sw.match(TIMESTAMP_USECS), 'timestamp-key', '', "'common_timestamp.usecs' is a time stamp")
  })
})

describe('synthetic fields named common_*', () => {
  test('refused on purpose, however the name comes', () => {
    expect(DELIBERATE_RULES).toContain('common-name')
    const s = wake(linux61).match('pid', 'next_pid', 'pid')
    const text = "'common_pid' cannot name a synthetic field: names starting with 'common_'"
    breaks(() => s.startField('common_pid'), 'common-name', '', text)
    breaks(() => s.endField('prev_pid', 'common_pid'), 'common-name', '', text)
    breaks(() => wake(linux61).match('pid', 'next_pid', 'common_pid'), 'common-name', '', text)
    breaks(
      () =>
        looseSynth('x', linux61, { namedMatches: true })
          .start('sched', 'sched_waking')
          .end('sched', 'sched_switch')
          .match('common_pid'),
      'common-name',
      '',
      text,
    )
    breaks(() => s.delta(TIMESTAMP, 'common_ns'), 'common-name', '', "'common_ns' cannot name")
    // The common field copied under another name is fine.
    expect(s.startField('common_pid', 'waker').showEvent()).toBe('pid_t pid; s32 waker;')
  })
})

describe('save() with a field the end event does not have', () => {
  test('lists the end event fields, as the other positions do', () => {
    let caught: unknown
    try {
      wake(linux61).match('pid', 'next_pid', 'pid').delta().onMax('delta').save('prev_pid', 'nope')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(SynthError)
    expect((caught as SynthError).code).toBe('ENODEV')
    expect((caught as Error).message).toBe(
      "field 'nope' is not in sched.sched_switch; try common_type, common_flags, common_preempt_count, common_pid, prev_comm, prev_pid, prev_prio, prev_state, next_comm, next_pid, next_prio",
    )
  })
})
