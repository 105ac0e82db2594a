// Every call returns a new builder; the old one, its definition and its outputs never change.
import { beforeAll, expect, test } from 'vitest'
import { createSynth, nameSeed } from '../../src/index.js'
import type { Schema, SynthDefinition } from '../../src/index.js'
import { looseSynth, schema61 } from './schemas.js'

let schema: Schema
beforeAll(async () => {
  schema = await schema61()
})

function deepFrozen(value: unknown, path = 'definition'): void {
  if (typeof value !== 'object' || value === null) return
  expect(Object.isFrozen(value), path).toBe(true)
  for (const [k, v] of Object.entries(value)) deepFrozen(v, `${path}.${k}`)
}

test('branching a half-built builder', () => {
  const base = createSynth('wakeup_lat', schema)
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid', 'pid')
  const before = structuredClone(base.definition) as SynthDefinition
  const echoBefore = base.echoCmd()
  const a = base.startField('prio').delta()
  const b = base.delta().endField('prev_prio').appendEndFilter('compare', 'prev_prio', '<', '10')
  const c = base.onMax('pid').snapshot()
  expect(base.definition).toEqual(before)
  expect(base.echoCmd()).toBe(echoBefore)
  expect(Object.keys(base.fields)).toEqual(['pid'])
  expect(Object.keys(a.fields)).toEqual(['pid', 'prio', 'delta'])
  expect(Object.keys(b.fields)).toEqual(['pid', 'delta', 'prev_prio'])
  expect(Object.keys(c.fields)).toEqual(['pid'])
  // each branch counts its own generated names from the same start
  const r = nameSeed('wakeup_lat')
  expect(a.showEndHist()).toContain(`__prio_${r}_1=$__arg_${r}_2,__delta_${r}_4=common_timestamp.usecs-$__arg_${r}_3`)
  expect(b.showEndHist()).toContain(`__delta_${r}_2=common_timestamp.usecs-$__arg_${r}_1,__arg_${r}_3=prev_prio`)
  expect(c.showEndHist()).toContain(':onmax($pid).snapshot()')
  expect(a.definition.steps[0]).toBe(base.definition.steps[0])
})

test('a failed call leaves the builder usable and unchanged', () => {
  const base = looseSynth('xx', schema).start('sched_waking').end('sched_switch').match('pid', 'next_pid', 'pid')
  const before = base.echoCmd()
  expect(() => base.startField('nope')).toThrow()
  expect(() => base.appendStartFilter('and')).toThrow()
  expect(() => base.onMax('nope')).toThrow()
  expect(base.echoCmd()).toBe(before)
  expect(base.startField('prio').showEvent()).toBe('pid_t pid; s32 prio;')
})

test('builders, definitions, fields and commands are frozen', () => {
  const s = createSynth('xx', schema)
    .start('sched_waking')
    .end('sched_switch')
    .match('pid', 'next_pid', 'pid')
    .delta()
    .startFilter((f) => f.lt('prio', 1))
    .onMax('delta')
    .save('prev_prio')
  expect(Object.isFrozen(s)).toBe(true)
  deepFrozen(s.definition)
  deepFrozen(s.fields, 'fields')
  deepFrozen(s.commands(), 'commands')
  expect(() => {
    ;(s.definition.steps as unknown[]).push({})
  }).toThrow(TypeError)
  expect(() => {
    ;(s as unknown as { fields: unknown }).fields = {}
  }).toThrow(TypeError)
})

test('the same definition always compiles to the same text; names give different numbers', () => {
  const make = (name: string) =>
    createSynth(name, schema).start('sched_waking').end('sched_switch').match('pid', 'next_pid', 'pid').delta()
  expect(make('lat_a').echoCmd()).toBe(make('lat_a').echoCmd())
  expect(nameSeed('lat_a')).not.toBe(nameSeed('lat_b'))
  expect(make('lat_a').showStartHist()).not.toBe(make('lat_b').showStartHist())
  expect(nameSeed('')).toBe('2166136261')
  expect(nameSeed('a')).toBe('3826002220')
  expect(nameSeed('foobar')).toBe(String(0xbf9cf968))
})
