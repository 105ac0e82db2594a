// A spec file with several synths, in order: later ones start or end on earlier ones
// (`"start": "synthetic/wakeup_lat"`), as `.start(otherSynth)` does in the builder.
import { beforeAll, describe, expect, test } from 'vitest'
import { createSynth, synthChain, synthFromSpec, synthsFromSpec, SynthError, TIMESTAMP_USECS } from '../../src/index.js'
import type { Schema } from '../../src/index.js'
import { schema61 } from './schemas.js'

let schema: Schema
beforeAll(async () => {
  schema = await schema61()
})

const WAKEUP = {
  name: 'wakeup_lat',
  start: 'sched/sched_waking',
  end: 'sched/sched_switch',
  steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { delta: true }],
}
const RAN = {
  name: 'ran',
  start: 'synthetic/wakeup_lat',
  end: 'sched/sched_switch',
  steps: [
    { match: ['pid', 'prev_pid'], as: 'pid' },
    { startField: 'delta', as: 'wakeup' },
    { delta: true, as: 'ran' },
  ],
}

describe('several synths in one spec', () => {
  test('a later synth starts on an earlier one: the same definitions as the builder', () => {
    const [w, r] = synthsFromSpec([WAKEUP, RAN], schema)
    const wakeupLat = createSynth('wakeup_lat', schema)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', 'pid')
      .delta(TIMESTAMP_USECS)
    const ran = createSynth('ran', schema)
      .start(wakeupLat)
      .end('sched', 'sched_switch')
      .match('pid', 'prev_pid', 'pid')
      .startField('delta', 'wakeup')
      .delta(TIMESTAMP_USECS, 'ran')
    expect(w!.definition).toEqual(wakeupLat.definition)
    expect(r!.definition).toEqual(ran.definition)
    expect(r!.definition.start?.synth).toBe(w!.definition)
    expect(synthChain(r!.definition).map((d) => d.name)).toEqual(['wakeup_lat', 'ran'])
    expect(r!.echoCmd()).toContain('/events/synthetic/wakeup_lat/trigger')
  })

  test('one object is one synth; synthFromSpec points to synthsFromSpec for an array', () => {
    expect(synthsFromSpec(WAKEUP, schema).map((s) => s.definition)).toEqual([synthFromSpec(WAKEUP, schema).definition])
    expect(() => synthFromSpec([WAKEUP], schema)).toThrow(/found an array \(a file of several synths: synthsFromSpec\)/)
  })

  test('end on an earlier synth, and three deep', () => {
    const third = {
      ...RAN,
      name: 'third',
      start: 'synthetic/ran',
      end: 'synthetic/wakeup_lat',
      steps: [{ match: ['pid', 'pid'], as: 'pid' }],
    }
    const chain = synthsFromSpec([WAKEUP, RAN, third], schema)
    expect(synthChain(chain[2]!.definition).map((d) => d.name)).toEqual(['wakeup_lat', 'ran', 'third'])
  })

  const refused: [string, unknown, string, RegExp][] = [
    ['a name defined twice', [WAKEUP, { ...WAKEUP }], '[1].name', /'wakeup_lat' is defined twice \(\[0\] and \[1\]\)/],
    [
      'a synth used before it is defined',
      [RAN, WAKEUP],
      '[0].start',
      /'wakeup_lat' is defined after 'ran' \(\[1\]\): put the synths a chain starts or ends on before it/,
    ],
    [
      'a loop',
      [WAKEUP, { ...RAN, start: 'synthetic/loop2' }, { ...RAN, name: 'loop2', start: 'synthetic/ran' }],
      '[1].start',
      /a chain cannot loop: 'ran' -> 'loop2' -> 'ran' \(each starts or ends on the next\)/,
    ],
    [
      'starting on itself',
      [{ ...RAN, name: 'self', start: 'synthetic/self' }],
      '[0].start',
      /a chain cannot loop: 'self' -> 'self'/,
    ],
    [
      'an undefined synth',
      [WAKEUP, { ...RAN, start: 'synthetic/nope' }],
      '[1].start',
      /'synthetic\/nope' is neither a synth defined before 'ran' in this file \(wakeup_lat\) nor an event of these formats/,
    ],
    ['an empty array', [], 'spec', /expected at least one synth/],
    ['a bad step', [WAKEUP, { ...RAN, steps: [{ match: ['pid', 'nope'] }] }], '[1].steps[0]', /field 'nope'/],
  ]
  for (const [what, spec, path, message] of refused) {
    test(`refused: ${what}, with its path`, () => {
      let error: unknown
      try {
        synthsFromSpec(spec, schema)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(SynthError)
      expect((error as SynthError).message).toMatch(message)
      expect((error as SynthError).path ?? (error as SynthError).message).toContain(path)
    })
  }
})
