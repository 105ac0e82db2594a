// The kernel's rules (Linux 6.1, measured in the kernel lane): each one is refused with a
// KernelRuleError naming the rule, the kernel's message and what to do instead. The lane
// (test/guest/kernel-rules.guest.mjs) proves them against the kernel itself.
import { beforeAll, describe, expect, test } from 'vitest'
import { DELIBERATE_RULES, KernelRuleError, nameSeed, SynthError, synthFromSpec, TIMESTAMP } from '../../src/index.js'
import type { KernelRule, Schema } from '../../src/index.js'
import type { SynthBuilder } from '../../src/synth/synth-builder.js'
import { createSynth } from '../../src/index.js'
import { RULE_SPECS } from '../kernel/rule-specs.js'
import { libtracefsOnly, looseSynth, schema61 } from './schemas.js'

let schema: Schema
beforeAll(async () => {
  schema = await schema61()
})

/** Runs `fn`, expecting the rule's error with the kernel's message. */
function breaks(
  fn: () => unknown,
  rule: KernelRule,
  code: string,
  kernel: string,
  ...parts: (string | RegExp)[]
): KernelRuleError {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(caught, `expected the rule ${rule}`).toBeInstanceOf(KernelRuleError)
  const error = caught as KernelRuleError
  expect(error).toBeInstanceOf(SynthError)
  expect(error.rule).toBe(rule)
  expect(error.code).toBe(code)
  expect(error.kernelMessage).toBe(kernel)
  for (const part of parts) expect(error.message).toMatch(part)
  return error
}

const wake = (name = 'lat') => looseSynth(name, schema).start('sched', 'sched_waking').end('sched', 'sched_switch')
const sw = (name = 'sw') => looseSynth(name, schema).start('sched', 'sched_switch').end('sched', 'sched_switch')

describe('synthetic events', () => {
  test('no fields', () => {
    const s = wake().match('pid', 'next_pid')
    breaks(
      () => s.commands(),
      'no-fields',
      'EINVAL',
      'Command must be of the form: <name> field[;field] ...',
      "synthetic event 'lat' has no fields: add a match name",
    )
    breaks(() => s.echoCmd(), 'no-fields', 'EINVAL', 'Command must be of the form: <name> field[;field] ...')
  })
  test('arrays are char arrays only', () => {
    const s = looseSynth('net', schema)
      .start('sock', 'inet_sock_set_state')
      .end('sock', 'inet_sock_set_state')
      .match('sport')
    breaks(
      () => s.startField('saddr'),
      'field-type',
      'EINVAL',
      'Invalid type',
      'sock.inet_sock_set_state.saddr is __u8[4]: the kernel takes only char arrays (strings) as synthetic fields',
    )
    expect(s.startField('sport', 'p').showEvent()).toBe('u16 p;')
  })
  test('a traced value must have the declared field type: size and sign', () => {
    // bool was_armed is declared bool (signed for the kernel); common_preempt_count is an unsigned char
    const s = looseSynth('ht', schema).start('timer', 'hrtimer_start').end('sched', 'sched_switch')
    const armed = s.match('was_armed', 'common_preempt_count', 'armed')
    // The kernel checks parameters only where the synthetic event is traced: onmatch by default,
    // so the finished definition breaks the rule, as does a tracing handler once it is added.
    breaks(
      () => armed.commands(),
      'param-type',
      'EINVAL',
      "Param type doesn't match synthetic event field type",
      "'armed' is declared bool",
    )
    breaks(
      () => armed.delta(TIMESTAMP).onMax('delta').trace(),
      'param-type',
      'EINVAL',
      "Param type doesn't match synthetic event field type",
    )
    // Handlers that only snapshot or save pass no parameters: the kernel takes it (seen in the kernel lane).
    expect(armed.delta(TIMESTAMP).onMax('delta').snapshot().showEvent()).toBe('bool armed; u64 delta;')
    expect(
      s.match('was_armed', 'common_preempt_count', null).match('common_pid', 'common_pid', 'pid').showEvent(),
    ).toBe('s32 pid;')
  })
})

describe('hist triggers', () => {
  test('at most 3 keys', () => {
    const three = sw().match('next_pid').match('prev_pid').match('next_prio', 'next_prio', 'np')
    breaks(
      () => three.match('prev_prio'),
      'too-many-keys',
      'EINVAL',
      '',
      'hist triggers take at most 3 keys; this synth would match on 4 fields: drop a match',
    )
  })
  test('the same match twice is refused on purpose; a repeated start key with another end key is not', () => {
    breaks(
      () => sw().match('next_pid').match('next_pid'),
      'repeated-key',
      'EINVAL',
      '',
      'a repeated match adds nothing',
    )
    expect(
      sw().match('next_pid').match('next_pid', 'prev_pid').match('prev_prio', 'prev_prio', 'p').showEndHist(),
    ).toMatch(/^hist:keys=next_pid,prev_pid,prev_prio:/)
    expect(DELIBERATE_RULES).toContain('repeated-key')
  })
  test('keys and variables are strings or 1, 2, 4 or 8-byte values', () => {
    const sys = () => looseSynth('sys', schema).start('raw_syscalls', 'sys_enter').end('raw_syscalls', 'sys_enter')
    breaks(
      () => sys().match('args', 'args'),
      'key-type',
      'ENOMEM',
      '',
      "'args' (unsigned long[6], 48 bytes) cannot be a hist key",
    )
    breaks(
      () => wake().match('pid', 'next_pid').endField('COMM', 'who'),
      'variable-type',
      'EINVAL',
      "Couldn't find field",
      'task name (COMM)',
    )
    expect(sys().match('common_pid', 'common_pid', 'pid').match('id', 'id').showStartHist()).toBe(
      'hist:keys=common_pid,id',
    )
    const neigh = () =>
      looseSynth('ng', schema)
        .start('neigh', 'neigh_create')
        .end('neigh', 'neigh_create')
        .match('entries', 'entries', 'e')
        .delta()
    breaks(
      () => neigh().onMax('delta').save('primary_key6'),
      'variable-type',
      'EINVAL',
      "Couldn't create field variable",
      "save('primary_key6')",
    )
    expect(neigh().onMax('delta').save('entries', 'dev').showEndHist()).toContain('.save(entries,dev)')
  })
  test('at most 16 variables per trigger, handlers and saved fields included', () => {
    let s: SynthBuilder = sw().match('next_pid')
    for (let i = 0; i < 15; i++) s = s.endField('next_prio', `p${i}`)
    const sixteen = s.endField('prev_prio', 'p15')
    expect(sixteen.showEvent().split(';').length).toBe(17)
    breaks(
      () => sixteen.endField('prev_pid', 'p16'),
      'too-many-variables',
      'EINVAL',
      "Couldn't find param",
      'would need 17 variables',
    )
    breaks(
      () => s.onMax('p0').save('prev_pid'),
      'too-many-variables',
      'EINVAL',
      "Couldn't find param",
      'with 1 onmax/onchange and 1 saved fields',
    )
  })
  test("the end trigger refers to at most 16 variables: the start trigger's, trace() parameters, handlers'", () => {
    // 8 start fields and 9 synthetic fields: 8 start variables and 9 trace() parameters
    let s: SynthBuilder = wake().match('pid', 'next_pid', 'pid')
    for (let i = 0; i < 8; i++) s = s.startField('prio', `p${i}`)
    breaks(
      () => s.commands(),
      'too-many-variables',
      'ENOMEM',
      '',
      'would refer to 17 variables (8 of the start trigger, 9 of its own',
    )
    // without trace() only the handler's variable is referred to
    expect(s.onMax('p0').save('prev_prio').showEndHist()).toContain('.save(prev_prio)')
  })
  test('no triggers on the ftrace system', () => {
    breaks(
      () => looseSynth('hw', schema).start('ftrace', 'hwlat'),
      'ftrace-event',
      'EACCES',
      '',
      'the start event ftrace.hwlat',
    )
  })
  test('filters: quoted strings with ==, != or ~; numbers, not negative when unsigned', () => {
    breaks(
      () => wake().appendStartFilter('compare', 'comm', '==', 'bash'),
      'filter-value',
      'EINVAL',
      '',
      'double quotes',
    )
    breaks(
      () => wake().appendStartFilter('compare', 'prio', '==', '"x"'),
      'filter-value',
      'EINVAL',
      '',
      'compare it with a number',
    )
    breaks(
      () => wake().appendStartFilter('compare', 'common_type', '!=', '-1'),
      'filter-value',
      'EINVAL',
      '',
      'unsigned',
    )
    const open = () => looseSynth('op', schema).start('syscalls', 'sys_enter_openat').end('syscalls', 'sys_exit_openat')
    breaks(
      () => open().appendStartFilter('compare', 'filename', '>', '10'),
      'filter-value',
      'EINVAL',
      '',
      'filename is a string',
    )
    expect(
      open()
        .appendStartFilter('compare', 'filename', '==', '"/etc/passwd"')
        .appendStartFilter('and')
        .appendStartFilter('compare', 'dfd', '>', '1').definition.startFilter.text,
    ).toBe('filename == "/etc/passwd"&&dfd > 1')
  })
})

describe('handlers', () => {
  test('onmax/onchange watch a number (refused on purpose for strings)', () => {
    breaks(
      () => wake().match('pid', 'next_pid').endField('next_comm', 'c').onMax('c').save('prev_prio'),
      'handler-variable',
      'EINVAL',
      '',
      "'c' is char[16]: onmax/onchange need a numeric variable",
    )
    expect(DELIBERATE_RULES).toContain('handler-variable')
  })
  test('one save() per trigger, one snapshot() per instance', () => {
    const s = wake().match('pid', 'next_pid', 'pid').delta()
    breaks(
      () => s.onMax('delta').save('prev_prio').onChange('pid').save('prev_pid'),
      'one-save',
      'EEXIST',
      "Can't have more than one save() action per hist",
    )
    breaks(() => s.onMax('delta').snapshot().onChange('pid').snapshot(), 'one-snapshot', 'EBUSY', '')
  })
  test('names the action syntax cannot carry', () => {
    breaks(() => wake('x').match('pid', 'next_pid', 'pid').commands(), 'action-name', 'EINVAL', 'Invalid action param')
    expect(wake('x').match('pid', 'next_pid', 'pid').showEndHist({ actionSyntax: 'legacy' })).toMatch(/\.x\(\$pid\)$/)
    breaks(
      () => wake('saved').match('pid', 'next_pid', 'pid').commands({ actionSyntax: 'legacy' }),
      'action-name',
      'EINVAL',
      "Handler doesn't support action",
    )
    breaks(
      () => wake('tracer').match('pid', 'next_pid', 'pid').commands({ actionSyntax: 'legacy' }),
      'action-name',
      'EINVAL',
      "Couldn't find synthetic event",
    )
  })
})

describe('equivalent texts the kernel takes', () => {
  test('a match named like a trigger attribute gets a generated variable; the field keeps its name', () => {
    const s = wake().match('pid', 'next_pid', 'key').delta()
    const r = nameSeed('lat')
    expect(s.showEvent()).toBe('pid_t key; u64 delta;')
    expect(s.showEndHist()).toBe(
      `hist:keys=next_pid:__key_${r}_1=next_pid,__delta_${r}_3=common_timestamp.usecs-$__arg_${r}_2:onmatch(sched.sched_waking).trace(lat,$__key_${r}_1,$__delta_${r}_3)`,
    )
    // what libtracefs writes, `key=next_pid`, would be read as the keys
    expect(
      libtracefsOnly('lat', schema)
        .start('sched_waking')
        .end('sched_switch')
        .match('pid', 'next_pid', 'key')
        .showEndHist(),
    ).toBe(`hist:keys=next_pid:__key_${r}_1=next_pid:onmatch(sched.sched_waking).trace(lat,$__key_${r}_1)`)
    expect(wake().match('pid', 'next_pid', 'key').onChange('key').trace().showEndHist()).toContain('onchange($__key_')
  })
  test("a match named like a saved field gets a generated variable (the saved field's variable has its name)", () => {
    const s = wake().match('pid', 'next_pid', 'prev_prio').delta().onMax('delta').save('prev_prio')
    expect(s.showEndHist()).toMatch(/^hist:keys=next_pid:__prev_prio_\d+_1=next_pid,/)
    expect(s.showEndHist()).toContain('.save(prev_prio)')
  })
  test('a spec locates the rule at its step', () => {
    const spec = {
      name: 'k',
      start: 'sched/sched_switch',
      end: 'sched/sched_switch',
      steps: [{ match: 'next_pid' }, { match: 'prev_pid' }, { match: 'next_prio' }, { match: 'prev_prio' }],
    }
    const e = breaks(
      () => synthFromSpec(spec, schema),
      'too-many-keys',
      'EINVAL',
      '',
      /^steps\[3\]: hist triggers take at most 3 keys/,
    )
    expect(e.step).toBe(3)
    expect(e.path).toBe('steps[3]')
  })
  test('compares in the end trigger are taken in every form (delta-end, delta-start, add)', () => {
    for (const calc of ['delta-end', 'delta-start', 'add'] as const) {
      expect(
        sw()
          .match('next_pid', 'next_pid', 'pid')
          .compare(TIMESTAMP, TIMESTAMP, calc, 'd')
          .compare('prev_prio', 'next_prio', calc, 'p')
          .showEvent(),
      ).toBe('pid_t pid; u64 d; s32 p;')
    }
  })
})

describe('the one-per-rule definitions the kernel lane writes', () => {
  test.each(RULE_SPECS.map((s) => [s.name, s.description, s] as const))('%s: %s', (_, __, spec) => {
    const build = () => synthFromSpec(spec, schema).commands()
    if (spec.description === 'accepted') expect(build().create).toHaveLength(3)
    else {
      let caught: unknown
      try {
        build()
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(KernelRuleError)
      expect((caught as KernelRuleError).rule).toBe(spec.description)
    }
  })
})
