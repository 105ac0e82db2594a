// The worked examples of libtracefs' behaviour (reference synth.md §2.7 (a)-(f)),
// with the generated-name number R taken from the synth's name.
import { beforeAll, describe, expect, test } from 'vitest'
import { createSynth, nameSeed, TIMESTAMP, TIMESTAMP_USECS } from '../../src/index.js'
import type { Schema } from '../../src/index.js'
import type { SynthBuilder } from '../../src/synth/synth-builder.js'
import { preemptirqSchema, schema61 } from './schemas.js'

let schema: Schema
beforeAll(async () => {
  schema = await schema61()
})

/** Puts the synth's own number where the reference writes R. */
function withR(name: string, text: string): string {
  return text.replaceAll('_R_', `_${nameSeed(name)}_`)
}

const TRACING = '/sys/kernel/tracing'

describe('(a) wakeup latency: match pid/next_pid, delta in µs', () => {
  const build = () =>
    createSynth('wakeup_lat', schema)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', 'pid')
      .compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-end', 'delta')
  const startHist = 'hist:keys=pid:__arg_R_1=common_timestamp.usecs'
  const endHist =
    'hist:keys=next_pid:pid=next_pid,__delta_R_2=common_timestamp.usecs-$__arg_R_1:onmatch(sched.sched_waking).trace(wakeup_lat,$pid,$__delta_R_2)'

  test('echo_cmd', () => {
    expect(build().echoCmd()).toBe(
      withR(
        'wakeup_lat',
        `echo 's:wakeup_lat pid_t pid; u64 delta;' >> ${TRACING}/dynamic_events\n` +
          `echo '${startHist}' >> ${TRACING}/events/sched/sched_waking/trigger\n` +
          `echo '${endHist}' >> ${TRACING}/events/sched/sched_switch/trigger\n`,
      ),
    )
  })

  test('create and destroy writes', () => {
    const { create, destroy } = build().commands()
    expect(create).toEqual([
      { file: 'dynamic_events', text: 's:synthetic/wakeup_lat  pid_t pid; u64 delta;\n', mode: 'append' },
      { file: 'events/sched/sched_waking/trigger', text: withR('wakeup_lat', startHist), mode: 'append' },
      { file: 'events/sched/sched_switch/trigger', text: withR('wakeup_lat', endHist), mode: 'append' },
    ])
    expect(destroy).toEqual([
      { file: 'events/synthetic/wakeup_lat/enable', text: '0', mode: 'write', ignoreErrors: true },
      {
        file: 'events/sched/sched_switch/trigger',
        text: withR('wakeup_lat', `!${endHist}`),
        mode: 'append',
        ignoreErrors: true,
      },
      {
        file: 'events/sched/sched_waking/trigger',
        text: withR('wakeup_lat', `!${startHist}`),
        mode: 'append',
        ignoreErrors: true,
      },
      { file: 'events/synthetic/wakeup_lat/enable', text: '0', mode: 'write', ignoreErrors: true, everyInstance: true },
      { file: 'dynamic_events', text: '-:synthetic/wakeup_lat', mode: 'append' },
    ])
  })

  test('show_* and raw_fmt', () => {
    const s = build()
    expect(s.showEvent()).toBe('pid_t pid; u64 delta;')
    expect(s.showStartHist()).toBe(withR('wakeup_lat', startHist))
    expect(s.showEndHist()).toBe(withR('wakeup_lat', endHist))
    expect(s.rawFmt()).toBe(withR('wakeup_lat', `pid_t pid; u64 delta;\n${startHist}\n${endHist}`))
  })

  test('delta() is the same compare; TIMESTAMP gives nanoseconds', () => {
    const base = createSynth('wakeup_lat', schema)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', 'pid')
    expect(base.delta().echoCmd()).toBe(build().echoCmd())
    expect(base.delta(TIMESTAMP).showEndHist()).toBe(
      withR('wakeup_lat', endHist.replaceAll('common_timestamp.usecs', 'common_timestamp')),
    )
    expect(base.delta(TIMESTAMP).showStartHist()).toBe(withR('wakeup_lat', 'hist:keys=pid:__arg_R_1=common_timestamp'))
  })

  test('the legacy action form and synthetic_events', () => {
    const s = build()
    expect(s.showEndHist({ actionSyntax: 'legacy' })).toBe(
      withR('wakeup_lat', endHist.replace('.trace(wakeup_lat,', '.wakeup_lat(')),
    )
    expect(s.echoCmd({ dynamicEvents: false }).split('\n')[0]).toBe(
      `echo 'wakeup_lat pid_t pid; u64 delta;' >> ${TRACING}/synthetic_events`,
    )
    const { create, destroy } = s.commands({ dynamicEvents: false })
    expect(create[0]).toEqual({ file: 'synthetic_events', text: 'wakeup_lat pid_t pid; u64 delta;\n', mode: 'append' })
    expect(destroy.at(-1)).toEqual({ file: 'synthetic_events', text: '!wakeup_lat', mode: 'append' })
  })

  test('an instance and another tracing dir', () => {
    const lines = build().echoCmd({ tracingDir: '/sys/kernel/debug/tracing/', instance: 'lat' }).split('\n')
    expect(lines[0]).toBe("echo 's:wakeup_lat pid_t pid; u64 delta;' >> /sys/kernel/debug/tracing/dynamic_events")
    expect(lines[1]).toMatch(/ >> \/sys\/kernel\/debug\/tracing\/instances\/lat\/events\/sched\/sched_waking\/trigger$/)
    expect(lines[2]).toMatch(/ >> \/sys\/kernel\/debug\/tracing\/instances\/lat\/events\/sched\/sched_switch\/trigger$/)
    const { create, destroy } = build().commands({ instance: 'lat' })
    expect(create.map((w) => w.file)).toEqual([
      'dynamic_events',
      'instances/lat/events/sched/sched_waking/trigger',
      'instances/lat/events/sched/sched_switch/trigger',
    ])
    expect(destroy.map((w) => w.file)).toEqual([
      'instances/lat/events/synthetic/wakeup_lat/enable',
      'instances/lat/events/sched/sched_switch/trigger',
      'instances/lat/events/sched/sched_waking/trigger',
      'events/synthetic/wakeup_lat/enable',
      'dynamic_events',
    ])
  })
})

describe('(b) the man-page example: filters, start and end fields', () => {
  const tokens = () =>
    createSynth('wakeup_lat', schema)
      .start('sched_waking')
      .end('sched_switch')
      .match('pid', 'next_pid', 'pid')
      .startField('prio')
      .endField('next_comm', 'comm')
      .endField('prev_prio')
      .compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-end', 'delta')
      .appendStartFilter('compare', 'prio', '<', '100')
      .appendEndFilter('compare', 'next_prio', '<', '50')
      .appendEndFilter('or')
      .appendEndFilter('not')
      .appendEndFilter('(')
      .appendEndFilter('compare', 'prev_prio', '>=', '100')
  const expected = withR(
    'wakeup_lat',
    `echo 's:wakeup_lat pid_t pid; s32 prio; char comm[16]; s32 prev_prio; u64 delta;' >> ${TRACING}/dynamic_events\n` +
      `echo 'hist:keys=pid:__arg_R_2=prio,__arg_R_5=common_timestamp.usecs if prio < 100' >> ${TRACING}/events/sched/sched_waking/trigger\n` +
      `echo 'hist:keys=next_pid:pid=next_pid,__prio_R_1=$__arg_R_2,__comm_R_3=next_comm,__arg_R_4=prev_prio,__delta_R_6=common_timestamp.usecs-$__arg_R_5:onmatch(sched.sched_waking).trace(wakeup_lat,$pid,$__prio_R_1,$__comm_R_3,$__arg_R_4,$__delta_R_6) if next_prio < 50||!(prev_prio >= 100)' >> ${TRACING}/events/sched/sched_switch/trigger\n`,
  )

  test('token form, the last paren closed automatically', () => {
    expect(tokens().echoCmd()).toBe(expected)
  })

  test('the typed expression form gives the same text', () => {
    const typed = createSynth('wakeup_lat', schema)
      .start('sched_waking')
      .end('sched_switch')
      .match('pid', 'next_pid', 'pid')
      .startField('prio')
      .endField('next_comm', 'comm')
      .endField('prev_prio')
      .delta()
      .startFilter((f) => f.lt('prio', 100))
      .endFilter((f) => f.lt('next_prio', 50).or(f.not(f.ge('prev_prio', 100))))
    expect(typed.echoCmd()).toBe(expected)
  })

  test('fields', () => {
    expect(Object.keys(tokens().fields)).toEqual(['pid', 'prio', 'comm', 'prev_prio', 'delta'])
    expect(tokens().fields.comm).toEqual({
      type: 'char[16]',
      cType: 'char[16]',
      size: 16,
      signed: true,
      flags: 'array|signed|string',
      value: 'string',
    })
    expect(tokens().fields.prio).toEqual({
      type: 's32',
      cType: 's32',
      size: 4,
      signed: true,
      flags: 'signed',
      value: 'number',
    })
  })
})

test('(c) start and end fields with renames (trace-cruncher)', () => {
  const s = createSynth('wakeup_lat', schema)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .startField('target_cpu', 'cpu')
    .startField('prio')
    .endField('prev_prio')
    .endField('next_prio', 'nxt_p')
  expect(s.showEvent()).toBe('pid_t pid; s32 cpu; s32 prio; s32 prev_prio; s32 nxt_p;')
  expect(s.showStartHist()).toBe(withR('wakeup_lat', 'hist:keys=pid:__arg_R_2=target_cpu,__arg_R_4=prio'))
  expect(s.showEndHist()).toBe(
    withR(
      'wakeup_lat',
      'hist:keys=next_pid:pid=next_pid,__cpu_R_1=$__arg_R_2,__prio_R_3=$__arg_R_4,__arg_R_5=prev_prio,__nxt_p_R_6=next_prio:onmatch(sched.sched_waking).trace(wakeup_lat,$pid,$__cpu_R_1,$__prio_R_3,$__arg_R_5,$__nxt_p_R_6)',
    ),
  )
})

test('(d) add and delta-start', () => {
  const s = createSynth('prio_sum', schema)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid')
    .compare('prio', 'next_prio', 'add', 'sum')
    .compare(TIMESTAMP, TIMESTAMP, 'delta-start', 'neg')
  expect(s.echoCmd()).toBe(
    withR(
      'prio_sum',
      `echo 's:prio_sum s32 sum; u64 neg;' >> ${TRACING}/dynamic_events\n` +
        `echo 'hist:keys=pid:__arg_R_1=prio,__arg_R_3=common_timestamp' >> ${TRACING}/events/sched/sched_waking/trigger\n` +
        `echo 'hist:keys=next_pid:__sum_R_2=next_prio+$__arg_R_1,__neg_R_4=$__arg_R_3-common_timestamp:onmatch(sched.sched_waking).trace(prio_sum,$__sum_R_2,$__neg_R_4)' >> ${TRACING}/events/sched/sched_switch/trigger\n`,
    ),
  )
})

test('(e) two match fields (irq latency)', () => {
  const s = createSynth('irq_lat', preemptirqSchema())
    .start('irq_disable')
    .end('irq_enable')
    .match('common_pid', 'common_pid')
    .match('parent_offs', 'parent_offs')
    .endField('common_pid', 'pid')
    .compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-end', 'irq_lat')
    .appendStartFilter('compare', 'common_pid', '!=', '0')
  expect(s.echoCmd()).toBe(
    withR(
      'irq_lat',
      `echo 's:irq_lat s32 pid; u64 irq_lat;' >> ${TRACING}/dynamic_events\n` +
        `echo 'hist:keys=common_pid,parent_offs:__arg_R_2=common_timestamp.usecs if common_pid != 0' >> ${TRACING}/events/preemptirq/irq_disable/trigger\n` +
        `echo 'hist:keys=common_pid,parent_offs:__pid_R_1=common_pid,__irq_lat_R_3=common_timestamp.usecs-$__arg_R_2:onmatch(preemptirq.irq_disable).trace(irq_lat,$__pid_R_1,$__irq_lat_R_3)' >> ${TRACING}/events/preemptirq/irq_enable/trigger\n`,
    ),
  )
})

describe('(f) onmax / onchange / snapshot / save on the SQL_4 synth', () => {
  const base = () =>
    createSynth('wakeup_lat_2', schema)
      .start('sched_waking')
      .end('sched_switch')
      .match('pid', 'next_pid')
      .startField('pid')
      .endField('next_prio', 'prio')
      .compare(TIMESTAMP_USECS, TIMESTAMP_USECS, 'delta-end', 'lat')
      .startFilter((f) =>
        f
          .ge('prio', 1)
          .and(f.lt('prio', 100))
          .or(f.not(f.ge('pid', 0).and(f.le('pid', 1)))),
      )
      .appendEndFilter('compare', 'prev_pid', '!=', '0')
  const head =
    'hist:keys=next_pid:__pid_R_1=$__arg_R_2,__prio_R_3=next_prio,__lat_R_5=common_timestamp.usecs-$__arg_R_4'
  const trace = '.trace(wakeup_lat_2,$__pid_R_1,$__prio_R_3,$__lat_R_5)'
  const end = (actions: string) => withR('wakeup_lat_2', `${head}${actions} if prev_pid != 0`)

  test('the base: default onmatch, filters', () => {
    expect(base().showEvent()).toBe('pid_t pid; s32 prio; u64 lat;')
    expect(base().showStartHist()).toBe(
      withR(
        'wakeup_lat_2',
        'hist:keys=pid:__arg_R_2=pid,__arg_R_4=common_timestamp.usecs if (prio >= 1&&prio < 100)||!(pid >= 0&&pid <= 1)',
      ),
    )
    expect(base().showEndHist()).toBe(end(`:onmatch(sched.sched_waking)${trace}`))
  })

  test('onmax / onchange trace', () => {
    expect(base().onMax('lat').trace().showEndHist()).toBe(end(`:onmax($__lat_R_5)${trace}`))
    expect(base().onChange('lat').trace().showEndHist()).toBe(end(`:onchange($__lat_R_5)${trace}`))
    expect(base().onMax('$lat').trace().showEndHist()).toBe(end(`:onmax($__lat_R_5)${trace}`))
  })

  test('snapshot, save, trace then snapshot', () => {
    expect(base().onMax('lat').snapshot().showEndHist()).toBe(end(':onmax($__lat_R_5).snapshot()'))
    expect(base().onMax('lat').save('prev_prio', 'prev_state').showEndHist()).toBe(
      end(':onmax($__lat_R_5).save(prev_prio,prev_state)'),
    )
    expect(base().onMax('lat').trace().onMax('lat').snapshot().showEndHist()).toBe(
      end(`:onmax($__lat_R_5)${trace}:onmax($__lat_R_5).snapshot()`),
    )
  })

  test('an explicit onmatch trace equals the default', () => {
    expect(base().onMatch().trace().showEndHist()).toBe(base().showEndHist())
  })
})
