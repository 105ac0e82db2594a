import { describe, expect, it } from 'vitest'
import { parseErrorLog, parseHistTrigger, parseSynthList, parseTriggerFile } from '../../src/index.js'
import { undoWrite } from '../../src/compile/undo.js'

describe('error_log', () => {
  it('parses entries with command and caret position', () => {
    const text = [
      "[  117.404795] hist:sched:sched_switch: error: Couldn't find field",
      '  Command: hist:keys=x',
      '                     ^',
      '[ 1354.611660] synthetic_events: error: Invalid type',
      '  Command: myevent chr arg',
      '                   ^',
      '[ 4403.327162] event filter parse error: error: Invalid value (did you forget quotes)?',
      '  Command: prev_pid >< 3',
      '                      ^',
      '',
    ].join('\n')
    expect(parseErrorLog(text)).toEqual([
      {
        timestamp: '117.404795',
        location: 'hist:sched:sched_switch',
        message: "Couldn't find field",
        command: 'hist:keys=x',
        position: 10,
      },
      {
        timestamp: '1354.611660',
        location: 'synthetic_events',
        message: 'Invalid type',
        command: 'myevent chr arg',
        position: 8,
      },
      {
        timestamp: '4403.327162',
        location: 'event filter parse error',
        message: 'Invalid value (did you forget quotes)?',
        command: 'prev_pid >< 3',
        position: 11,
      },
    ])
  })

  it('tolerates entries without a command and an empty log', () => {
    expect(parseErrorLog('')).toEqual([])
    expect(parseErrorLog('[ 1.000000] hist:sched:sched_switch: error: Too many variables defined\n')).toEqual([
      {
        timestamp: '1.000000',
        location: 'hist:sched:sched_switch',
        message: 'Too many variables defined',
        command: '',
        position: 0,
      },
    ])
  })
})

describe('read-back forms', () => {
  it('lists synthetic events from dynamic_events and synthetic_events', () => {
    const expected = [
      {
        name: 'wakeup_lat',
        fields: 'pid_t pid; u64 delta',
        fieldList: [
          ['pid_t', 'pid'],
          ['u64', 'delta'],
        ],
      },
    ]
    expect(
      parseSynthList('s:synthetic/wakeup_lat pid_t pid; u64 delta\np:kprobes/p_do_sys_open do_sys_open\n'),
    ).toEqual(expected)
    expect(parseSynthList('wakeup_lat\tpid_t pid; u64 delta\n')).toEqual(expected)
    expect(parseSynthList('s:synthetic/x char[16] comm; char[] f\n')[0]!.fieldList).toEqual([
      ['char[16]', 'comm'],
      ['char[]', 'f'],
    ])
  })

  it('parses the kernel-normalised hist trigger line', () => {
    const line =
      'hist:keys=next_pid:vals=hitcount:pid=next_pid,__delta_1_2=common_timestamp.usecs-$__arg_1_1:sort=hitcount:size=2048:clock=global:onmatch(sched.sched_waking).trace(wakeup_lat,$pid,$__delta_1_2) if next_prio < 50 [active]'
    const t = parseHistTrigger(line)!
    expect(t.keys).toEqual(['next_pid'])
    expect(t.variables).toEqual([['pid', 'next_pid,__delta_1_2=common_timestamp.usecs-$__arg_1_1']])
    expect(t.actions).toEqual(['onmatch(sched.sched_waking).trace(wakeup_lat,$pid,$__delta_1_2)'])
    expect(t.attributes).toEqual(['vals=hitcount', 'sort=hitcount', 'size=2048', 'clock=global'])
    expect(t.filter).toBe('next_prio < 50')
    expect(t.state).toBe('[active]')
    expect(t.text.endsWith('if next_prio < 50')).toBe(true)
  })

  it('skips the trigger file comments', () => {
    const text =
      '# Available triggers:\n# traceon traceoff snapshot stacktrace enable_event disable_event enable_hist disable_hist hist\n'
    expect(parseTriggerFile(text)).toEqual([])
  })

  it('knows the undo of every creation write', () => {
    expect(
      undoWrite({ file: 'dynamic_events', text: 's:synthetic/wakeup_lat  pid_t pid; u64 delta;\n', mode: 'append' }),
    ).toEqual({ file: 'dynamic_events', text: '-:synthetic/wakeup_lat', mode: 'append' })
    expect(undoWrite({ file: 'synthetic_events', text: 'wakeup_lat pid_t pid;', mode: 'append' })).toEqual({
      file: 'synthetic_events',
      text: '!wakeup_lat',
      mode: 'append',
    })
    expect(undoWrite({ file: 'events/sched/sched_waking/trigger', text: 'hist:keys=pid', mode: 'append' })).toEqual({
      file: 'events/sched/sched_waking/trigger',
      text: '!hist:keys=pid',
      mode: 'append',
    })
    expect(() => undoWrite({ file: 'trace_options', text: 'x', mode: 'write' })).toThrow(/no undo known/)
  })
})
