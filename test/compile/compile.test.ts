// The compiler's parts: variable names, the handler-variable rule, lowering and the text around the edges.
import { beforeAll, describe, expect, test } from 'vitest'
import { findHandlerVariable } from '../../src/compile/handler-variable.js'
import { lowerSynth } from '../../src/compile/lower.js'
import { nameSeed, VarNames } from '../../src/compile/var-names.js'
import { checkSafe } from '../../src/compile/checks.js'
import { compileTexts } from '../../src/compile/show.js'
import { createSynth, KernelRuleError, SynthError, TIMESTAMP } from '../../src/index.js'
import type { Schema } from '../../src/index.js'
import { looseSynth, schema61 } from '../synth/schemas.js'

let schema: Schema
beforeAll(async () => {
  schema = await schema61()
})

describe('variable names', () => {
  test('the seed is 32-bit FNV-1a of the UTF-8 name, in decimal', () => {
    expect(nameSeed('')).toBe('2166136261')
    expect(nameSeed('a')).toBe('3826002220')
    expect(nameSeed('wakeup_lat')).toBe('929427214')
    expect(nameSeed('ü')).not.toBe(nameSeed('u'))
  })
  test('one counter for every generated name; a user name always gets the same variable', () => {
    const n = new VarNames('x')
    const r = nameSeed('x')
    expect(n.arg()).toBe(`__arg_${r}_1`)
    expect(n.hash('lat')).toBe(`__lat_${r}_2`)
    expect(n.fresh('y')).toBe(`__y_${r}_3`)
    expect(n.hash('lat')).toBe(`__lat_${r}_2`)
    expect(n.arg()).toBe(`__arg_${r}_4`)
  })
})

describe("the handler variable rule (libtracefs' fixed lookup)", () => {
  const vars = ['pid', '__delta_123_4', '__arg_123_5', '__my_var_9_10', 'prio2']
  test('hashed names by their base, plain names by prefix, in order', () => {
    expect(findHandlerVariable(vars, 'delta')).toBe('__delta_123_4')
    expect(findHandlerVariable(vars, '$delta')).toBe('__delta_123_4')
    expect(findHandlerVariable(vars, 'pid')).toBe('pid')
    expect(findHandlerVariable(vars, 'pi')).toBe('pid')
    expect(findHandlerVariable(vars, 'prio')).toBe('prio2')
    expect(findHandlerVariable(vars, 'arg')).toBe('__arg_123_5')
    expect(findHandlerVariable(vars, 'my_var')).toBe('__my_var_9_10')
    expect(findHandlerVariable(vars, '__delta')).toBe('__delta_123_4')
    expect(findHandlerVariable(vars, 'delt')).toBeUndefined()
    expect(findHandlerVariable(vars, 'my')).toBeUndefined()
    expect(findHandlerVariable([], 'x')).toBeUndefined()
  })
})

describe('lowering', () => {
  test('key, variable, field and argument lists in call order', () => {
    const s = createSynth('x', schema)
      .start('sched_waking')
      .end('sched_switch')
      .match('pid', 'next_pid', 'pid')
      .match('common_pid', 'common_pid')
      .endField('prev_prio')
      .startField('prio', 'p')
      .compare(TIMESTAMP, TIMESTAMP, 'delta-start', 'd')
      .onChange('d')
      .trace()
    const r = nameSeed('x')
    const { argSources, endVarSources, ...lowered } = lowerSynth(s.definition)
    expect(argSources.map((f) => f.name)).toEqual(['next_pid', 'prev_prio', 'prio', 'common_timestamp'])
    expect([...endVarSources.keys()]).toEqual(['pid', `__arg_${r}_1`, `__p_${r}_2`, `__d_${r}_5`])
    expect(lowered).toEqual({
      name: 'x',
      start: { system: 'sched', event: 'sched_waking', id: 322 },
      end: { system: 'sched', event: 'sched_switch', id: 319 },
      startKeys: ['pid', 'common_pid'],
      endKeys: ['next_pid', 'common_pid'],
      startVars: [`__arg_${r}_3=prio`, `__arg_${r}_4=common_timestamp`],
      endVars: [
        'pid=next_pid',
        `__arg_${r}_1=prev_prio`,
        `__p_${r}_2=$__arg_${r}_3`,
        `__d_${r}_5=$__arg_${r}_4-common_timestamp`,
      ],
      fieldDecls: ['pid_t pid;', 's32 prev_prio;', 's32 p;', 'u64 d;'],
      args: ['$pid', `$__arg_${r}_1`, `$__p_${r}_2`, `$__d_${r}_5`],
      actions: [{ handler: 'change', handleVar: `$__d_${r}_5`, action: 'trace', save: [] }],
    })
  })
})

describe('edges of the text', () => {
  test('no variables and no fields: the texts libtracefs prints, which the kernel refuses', () => {
    const s = looseSynth('bare', schema).start('sched_waking').end('sched_switch').match('pid', 'next_pid')
    const t = compileTexts(s.definition, {}, false)
    expect(t.startHist).toBe('hist:keys=pid')
    expect(t.endHist).toBe('hist:keys=next_pid:onmatch(sched.sched_waking).trace(bare,)')
    expect(compileTexts(s.definition, { actionSyntax: 'legacy' }, false).endHist).toBe(
      'hist:keys=next_pid:onmatch(sched.sched_waking).bare()',
    )
    expect(t.fields).toBe('')
    for (const output of [() => s.showEvent(), () => s.echoCmd(), () => s.commands()]) {
      expect(output).toThrow(KernelRuleError)
      expect(output).toThrow(/has no fields.*Command must be of the form/)
    }
  })
  test('a root tracing dir', () => {
    const s = looseSynth('bare', schema).start('sched_waking').end('sched_switch').match('pid', 'next_pid', 'pid')
    expect(s.echoCmd({ tracingDir: '/', instance: 'i' }).split('\n')[1]).toBe(
      "echo 'hist:keys=pid' >> /instances/i/events/sched/sched_waking/trigger",
    )
  })
  test('the last check refuses unsafe text', () => {
    expect(checkSafe('hist:keys=pid', 'x')).toBe('hist:keys=pid')
    expect(() => checkSafe("a'b", 'the start trigger')).toThrow(SynthError)
    expect(() => checkSafe('a\nb', 'the start trigger')).toThrow(/U\+000A/)
  })
})
