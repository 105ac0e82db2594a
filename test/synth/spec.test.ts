// The JSON form: the documented example, every shape error with its JSON path, builder errors with the step.
import { beforeAll, describe, expect, test } from 'vitest'
import { createSynth, nameSeed, synthFromSpec, SynthError, TIMESTAMP_USECS } from '../../src/index.js'
import type { Schema } from '../../src/index.js'
import { schema61, schema612 } from './schemas.js'

let schema: Schema
beforeAll(async () => {
  schema = await schema61()
})

const EXAMPLE = {
  name: 'wakeup_lat',
  start: 'sched/sched_waking',
  end: 'sched/sched_switch',
  steps: [
    { match: ['pid', 'next_pid'], as: 'pid' },
    { compare: ['TIMESTAMP_USECS', 'TIMESTAMP_USECS'], calc: 'delta-end', as: 'delta' },
    { startField: 'prio' },
    { endField: 'next_comm', as: 'comm' },
    { startFilter: ['prio', '<', '100'] },
    { startFilter: '&&' },
    { startFilter: '(' },
    { startFilter: ['comm', '~', '"bash*"'] },
    { startFilter: ')' },
    { endFilter: '!' },
    { endFilter: ['prev_state', '&', '1'] },
    { onMax: 'delta', save: ['prev_prio'] },
    { onMax: 'delta', snapshot: true },
    { onChange: 'delta', trace: true },
    { onMatch: true, trace: true },
  ],
}

function fails(spec: unknown, code: string, message: string, step?: number): SynthError {
  let caught: unknown
  try {
    synthFromSpec(spec, schema)
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(SynthError)
  const error = caught as SynthError
  expect(error.code).toBe(code)
  expect(error.message).toBe(message)
  expect(error.step).toBe(step)
  return error
}

const spec = (steps: unknown[], extra: Record<string, unknown> = {}) => ({
  name: 'lat',
  start: 'sched_waking',
  end: 'sched_switch',
  steps,
  ...extra,
})

describe('valid specs', () => {
  test('the documented example', () => {
    const r = nameSeed('wakeup_lat')
    const s = synthFromSpec(EXAMPLE, schema)
    const trace = `.trace(wakeup_lat,$pid,$__delta_${r}_2,$__prio_${r}_3,$__comm_${r}_5)`
    expect(s.showEvent()).toBe('pid_t pid; u64 delta; s32 prio; char comm[16];')
    expect(s.showStartHist()).toBe(
      `hist:keys=pid:__arg_${r}_1=common_timestamp.usecs,__arg_${r}_4=prio if prio < 100&&(comm~"bash*")`,
    )
    expect(s.showEndHist()).toBe(
      `hist:keys=next_pid:pid=next_pid,__delta_${r}_2=common_timestamp.usecs-$__arg_${r}_1,__prio_${r}_3=$__arg_${r}_4,__comm_${r}_5=next_comm` +
        `:onmax($__delta_${r}_2).save(prev_prio):onmax($__delta_${r}_2).snapshot():onchange($__delta_${r}_2)${trace}:onmatch(sched.sched_waking)${trace} if !prev_state & 1`,
    )
  })

  test('the same calls through the builder give the same definition', () => {
    const built = createSynth('wakeup_lat', schema)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', 'pid')
      .compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-end', 'delta')
      .startField('prio')
      .endField('next_comm', 'comm')
      .appendStartFilter('compare', 'prio', '<', '100')
      .appendStartFilter('and')
      .appendStartFilter('(')
      .appendStartFilter('compare', 'comm', '~', '"bash*"')
      .appendStartFilter(')')
      .appendEndFilter('not')
      .appendEndFilter('compare', 'prev_state', '&', '1')
      .onMax('delta')
      .save('prev_prio')
      .onMax('delta')
      .snapshot()
      .onChange('delta')
      .trace()
      .onMatch()
      .trace()
    expect(synthFromSpec(EXAMPLE, schema).definition).toEqual(built.definition)
  })

  test('short forms: one match name, event names alone, delta, numbers as values', () => {
    const s = synthFromSpec(
      {
        name: 'exec_lat',
        start: 'sched_process_fork',
        end: 'sched_process_exec',
        steps: [
          { match: ['child_pid', 'pid'] },
          { match: 'common_pid' },
          { delta: true },
          { delta: 'TIMESTAMP', as: 'ns' },
          { endFilter: ['old_pid', '>', 1] },
        ],
      },
      schema,
    )
    expect(s.showEvent()).toBe('u64 delta; u64 ns;')
    expect(s.showStartHist()).toMatch(
      /^hist:keys=child_pid,common_pid:__arg_\d+_1=common_timestamp.usecs,__arg_\d+_3=common_timestamp$/,
    )
    expect(s.showEndHist()).toMatch(/ if old_pid > 1$/)
    expect(synthFromSpec({ ...EXAMPLE, steps: [{ match: ['common_pid'] }] }, schema).definition.steps[0]).toMatchObject(
      { kind: 'match', start: { name: 'common_pid' }, end: { name: 'common_pid' } },
    )
  })

  test('STACKTRACE and TIMESTAMP names map to the pseudo-fields anywhere a field goes (6.12: it has the stack)', async () => {
    const s = synthFromSpec(
      spec([
        { match: ['pid', 'next_pid'] },
        { startField: 'STACKTRACE', as: 'stack' },
        { delta: 'TIMESTAMP' },
        { onMax: 'delta', save: ['TIMESTAMP'] },
      ]),
      await schema612(),
    )
    expect(s.showEvent()).toBe('unsigned long stack[]; u64 delta;')
    expect(s.showEndHist()).toContain('.save(common_timestamp)')
  })
})

describe('shape errors name the JSON path', () => {
  test('the operator example', () => {
    const steps = EXAMPLE.steps.map((s, i) => (i === 4 ? { startFilter: ['prio', '=<', '100'] } : s))
    fails(
      { ...EXAMPLE, steps },
      'EINVAL',
      "steps[4].startFilter[1]: unknown operator '=<': use ==, !=, >, >=, <, <=, ~ or &",
      4,
    )
  })
  test('top level', () => {
    fails(null, 'EINVAL', 'spec: expected an object, found null')
    fails([], 'EINVAL', 'spec: expected an object, found an array (a file of several synths: synthsFromSpec)')
    fails({ start: 'a', end: 'b', steps: [] }, 'EINVAL', 'name: expected a string, found undefined')
    fails(
      spec([], { name: 'wake lat' }),
      'EINVAL',
      "name: synthetic event name 'wake lat' is not a valid name: use letters, digits and '_', not starting with a digit",
    )
    fails(spec([], { start: 7 }), 'EINVAL', 'start: expected a string, found number 7')
    fails(spec([], { steps: {} }), 'EINVAL', 'steps: expected an array, found an object')
    fails(
      spec([], { extra: 1 }),
      'EINVAL',
      "extra: unknown key 'extra' here (allowed: name, start, end, steps, $schema, description)",
    )
  })
  test('events', () => {
    const e = fails(
      spec([], { start: 'sched/sched_wakeing' }),
      'ENODEV',
      "start: start event of 'lat': no event 'sched_wakeing' in system 'sched'; did you mean 'sched_waking', 'sched_wakeup'?",
    )
    expect(e.path).toBe('start')
    fails(spec([], { end: 'nosuch' }), 'ENODEV', "end: end event of 'lat': no event 'nosuch' in any system")
  })
  test('steps', () => {
    fails(spec([7]), 'EINVAL', 'steps[0]: expected an object, found number 7', 0)
    fails(
      spec([{}]),
      'EINVAL',
      'steps[0]: a step needs one of match, compare, delta, startField, endField, startFilter, endFilter, onMatch, onMax, onChange',
      0,
    )
    fails(
      spec([{ match: 'pid', startField: 'prio' }]),
      'EINVAL',
      'steps[0]: a step has one verb, not match and startField',
      0,
    )
    fails(
      spec([{ match: 'pid', calc: 'add' }]),
      'EINVAL',
      "steps[0].calc: unknown key 'calc' here (allowed: match, as)",
      0,
    )
    fails(
      spec([{ match: ['pid', 'next_pid', 'x'] }]),
      'EINVAL',
      'steps[0].match: expected a field name or [startField, endField]',
      0,
    )
    fails(spec([{ match: [1, 'next_pid'] }]), 'EINVAL', 'steps[0].match[0]: expected a string, found number 1', 0)
    fails(spec([{ match: 'pid', as: 3 }]), 'EINVAL', 'steps[0].as: expected a string, found number 3', 0)
    fails(
      spec([{ match: ['pid', 'next_pid'] }, { compare: ['prio'], calc: 'add', as: 'x' }]),
      'EINVAL',
      'steps[1].compare: expected [startField, endField]',
      1,
    )
    fails(
      spec([{ match: ['pid', 'next_pid'] }, { compare: ['prio', 'next_prio'], calc: 'sub', as: 'x' }]),
      'EINVAL',
      "steps[1].calc: unknown calculation 'sub': use 'delta-end', 'delta-start' or 'add'",
      1,
    )
    fails(
      spec([{ match: ['pid', 'next_pid'] }, { compare: ['prio', 'next_prio'], calc: 'add' }]),
      'EINVAL',
      'steps[1].as: compare needs a name (as)',
      1,
    )
    fails(
      spec([{ startFilter: 'and' }]),
      'EINVAL',
      'steps[0].startFilter: unknown filter token "and": use "&&", "||", "!", "(", ")" or [field, op, value]',
      0,
    )
    fails(
      spec([{ startFilter: ['prio', '<'] }]),
      'EINVAL',
      'steps[0].startFilter: a comparison is [field, op, value]',
      0,
    )
    fails(
      spec([{ startFilter: ['prio', '<', null] }]),
      'EINVAL',
      'steps[0].startFilter[2]: the value is a string (written verbatim) or a number',
      0,
    )
    fails(
      spec([{ startFilter: ['prio', 7, '1'] }]),
      'EINVAL',
      'steps[0].startFilter[1]: unknown operator 7: use ==, !=, >, >=, <, <=, ~ or &',
      0,
    )
    fails(
      spec([{ match: ['pid', 'next_pid'] }, { onMax: 'pid', trace: true, snapshot: true }]),
      'EINVAL',
      'steps[1]: onMax needs exactly one action: trace, snapshot or save',
      1,
    )
    fails(
      spec([{ match: ['pid', 'next_pid'] }, { onMax: 'pid' }]),
      'EINVAL',
      'steps[1]: onMax needs exactly one action: trace, snapshot or save',
      1,
    )
    fails(
      spec([{ match: ['pid', 'next_pid'] }, { onMax: 'pid', trace: 'yes' }]),
      'EINVAL',
      'steps[1].trace: expected true',
      1,
    )
    fails(
      spec([{ match: ['pid', 'next_pid'] }, { onMax: 'pid', save: 'prev_prio' }]),
      'EINVAL',
      'steps[1].save: expected an array, found string "prev_prio"',
      1,
    )
    fails(
      spec([{ match: ['pid', 'next_pid'] }, { onMax: 'pid', save: ['prev_prio', 2] }]),
      'EINVAL',
      'steps[1].save[1]: expected a string, found number 2',
      1,
    )
    fails(spec([{ onMatch: 'yes', trace: true }]), 'EINVAL', 'steps[0].onMatch: expected true', 0)
  })
  test("libtracefs' refusals carry their errno, the step and its path", () => {
    const e = fails(
      spec([{ match: ['pid', 'next_pid'] }, { startField: 'prio' }, { endField: 'pid' }]),
      'ENODEV',
      "steps[2]: field 'pid' is not in sched.sched_switch; try common_pid, prev_pid, next_pid",
      2,
    )
    expect(e.path).toBe('steps[2]')
    expect(e.cause).toBeInstanceOf(SynthError)
    fails(
      spec([{ match: ['pid', 'next_comm'] }]),
      'EBADE',
      "steps[0]: cannot match 'pid' of sched.sched_waking (pid_t, 4 bytes, signed) with 'next_comm' of sched.sched_switch (char[16], 16 bytes, signed, string): sizes and flags must be equal",
      0,
    )
    fails(
      spec([{ match: ['pid', 'next_pid'] }, { startFilter: '&&' }]),
      'EINVAL',
      "steps[1]: filter of sched/sched_waking: '&&' cannot follow the start of the filter",
      1,
    )
    fails(
      spec([{ match: ['pid', 'next_pid'] }, { onMatch: true, snapshot: true }]),
      'EINVAL',
      'steps[1]: onMatch() supports only trace(): snapshot() needs onMax() or onChange()',
      1,
    )
    fails(
      spec([{ match: ['pid', 'next_pid'] }, { onMax: 'lat', trace: true }]),
      'ENODEV',
      "steps[1]: onMax('lat'): the end trigger of 'lat' has no such variable (add a match name, a compare field or a start/end field first)",
      1,
    )
  })
})
