// Helpers shared by the guest tests: tracefs state snapshots and load that wakes tasks.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

export const TRACING = '/sys/kernel/tracing'

/** Everything a synthetic event can leave behind, as text. */
export function snapshot(triggers = ['sched/sched_waking', 'sched/sched_switch']) {
  const read = (f) => {
    try {
      return readFileSync(`${TRACING}/${f}`, 'utf8')
    } catch {
      return '<absent>'
    }
  }
  return {
    dynamic_events: read('dynamic_events'),
    synthetic_events: read('synthetic_events'),
    ...Object.fromEntries(triggers.map((t) => [t, read(`events/${t}/trigger`)])),
  }
}

/** Wakes tasks: children that sleep briefly, so the parent and they are woken and switched to. */
export function wakeups(count = 30) {
  for (let i = 0; i < count; i++) spawnSync('sleep', ['0.005'])
}

/** Lines of the `trace` file for one event: `wakeup_lat: pid=12 delta=34` -> { pid: '12', delta: '34' }. */
export function traceLines(event) {
  const out = []
  for (const line of readFileSync(`${TRACING}/trace`, 'utf8').split('\n')) {
    const at = line.indexOf(` ${event}: `)
    if (at < 0) continue
    const fields = Object.fromEntries([...line.slice(at + event.length + 3).matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]))
    out.push(fields)
  }
  return out
}
