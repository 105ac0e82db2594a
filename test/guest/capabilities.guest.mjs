// The kernel's capabilities, as typed-ftrace reads them from its own tracefs README and formats,
// checked against the kernel: for each capability a write that needs it is made, and the kernel
// must take it exactly when the capability says so (then it is removed again).
import { appendFileSync, existsSync } from 'node:fs'
import { schemaFromLive, tracefs } from '../../dist/src/index.js'
import { assertEqual, test } from './harness.mjs'
import { TRACING, snapshot } from './lib.mjs'

/** Appends `text` to a tracefs file; when the kernel takes it, `undo` is appended to remove it. */
function accepts(file, text, undo) {
  try {
    appendFileSync(`${TRACING}/${file}`, `${text}\n`)
  } catch {
    return false
  }
  appendFileSync(`${TRACING}/${file}`, `${undo}\n`)
  return true
}

/** Makes writes in order while the kernel takes them, then undoes the ones it took, last first. */
function acceptsAll(steps) {
  const done = []
  let ok = true
  for (const [file, text, undo] of steps) {
    try {
      appendFileSync(`${TRACING}/${file}`, `${text}\n`)
      done.push([file, undo])
    } catch {
      ok = false
      break
    }
  }
  for (const [file, undo] of done.reverse()) appendFileSync(`${TRACING}/${file}`, `${undo}\n`)
  return ok
}

const SWITCH = 'events/sched/sched_switch/trigger'
const WAKING = 'events/sched/sched_waking/trigger'
const hist = (text) => [SWITCH, `hist:${text}`, `!hist:${text}`]
const dynamicEvent = (text, name) => ['dynamic_events', text, `-:${name}`]

test('every capability read from the README is what the kernel does', async ({ log }) => {
  const before = snapshot()
  const caps = (await schemaFromLive()).capabilities
  const features = (await tracefs()).features
  assertEqual(caps.readme, true, 'the README was read')
  const stack = caps.stacktraceName ?? 'stacktrace'
  const other = stack === 'stacktrace' ? 'common_stacktrace' : 'stacktrace'
  const probes = [
    // What the live backend detects from the files agrees with the README.
    ['syntheticEvents', caps.syntheticEvents, features.syntheticEvents],
    ['dynamicEvents', caps.dynamicEvents, features.dynamicEvents],
    ['histTriggers', caps.histTriggers, features.histTriggers],
    ['traceAction', caps.traceAction, features.traceAction],
    ['errorLog', caps.errorLog, existsSync(`${TRACING}/error_log`)],
    ['probes.uprobe', caps.probes.uprobe, existsSync(`${TRACING}/uprobe_events`)],
    // The stack: its key name, in a variable, as a synthetic event field.
    [`stacktraceName (${stack} as a key)`, caps.stacktraceName !== null, accepts(...hist(`keys=${stack}`))],
    ...(caps.stacktraceName === 'stacktrace'
      ? [[`stacktraceName (${other} is not a key)`, false, accepts(...hist(`keys=${other}`))]]
      : []),
    ['stacktraceVariables', caps.stacktraceVariables, accepts(...hist(`keys=common_pid:tf_st=${stack}`))],
    // A stack passed to a synthetic event's `long[]` field (6.1 takes the field, but has no stack to pass).
    [
      'stacktraceSynthFields',
      caps.stacktraceSynthFields,
      acceptsAll([
        dynamicEvent('s:tf_caps_stack long[] stack', 'tf_caps_stack'),
        [WAKING, `hist:keys=pid:tf_st=${stack}`, `!hist:keys=pid:tf_st=${stack}`],
        [
          SWITCH,
          'hist:keys=next_pid:onmatch(sched.sched_waking).trace(tf_caps_stack,$tf_st)',
          '!hist:keys=next_pid:onmatch(sched.sched_waking).trace(tf_caps_stack,$tf_st)',
        ],
      ]),
    ],
    ['commonCpu', caps.commonCpu, accepts(...hist('keys=common_cpu'))],
    ['nohitcount', caps.nohitcount, accepts(...hist('keys=common_pid:vals=prev_prio:nohitcount'))],
    ['modifiers.percent', caps.modifiers.percent, accepts(...hist('keys=common_pid:vals=prev_prio.percent'))],
    ['modifiers.graph', caps.modifiers.graph, accepts(...hist('keys=common_pid:vals=prev_prio.graph'))],
    ['modifiers.buckets', caps.modifiers.buckets, accepts(...hist('keys=prev_prio.buckets=10'))],
    ['modifiers.log2', caps.modifiers.log2, accepts(...hist('keys=prev_prio.log2'))],
    // Dynamic events of each kind.
    ['probes.kprobe', caps.probes.kprobe, accepts(...dynamicEvent('p:tf_caps_kp vfs_read', 'tf_caps_kp'))],
    ['probes.kretprobe', caps.probes.kretprobe, accepts(...dynamicEvent('r:tf_caps_kr vfs_read', 'tf_caps_kr'))],
    ['probes.fprobe', caps.probes.fprobe, accepts(...dynamicEvent('f:tf_caps_fp vfs_read', 'tf_caps_fp'))],
    ['probes.tprobe', caps.probes.tprobe, accepts(...dynamicEvent('t:tf_caps_tp sched_switch', 'tf_caps_tp'))],
    ['probes.eprobe', caps.probes.eprobe, accepts(...dynamicEvent('e:tf_caps_ep sched.sched_switch', 'tf_caps_ep'))],
  ]
  for (const [name, claimed, kernel] of probes) log(`${name}: README ${claimed}, kernel ${kernel}`)
  const wrong = probes.filter(([, claimed, kernel]) => claimed !== kernel).map(([name]) => name)
  assertEqual(wrong, [], 'capabilities that differ from what the kernel does')
  assertEqual(snapshot(), before, 'every probe was removed again')
})
