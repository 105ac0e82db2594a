// Helpers shared by the guest tests: tracefs state snapshots and load that wakes tasks.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { readRawRecords } from '../../dist/src/index.js'

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
    const fields = Object.fromEntries(
      [...line.slice(at + event.length + 3).matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]),
    )
    out.push(fields)
  }
  return out
}

/** Starts recording wakeups: a large buffer, the global clock, empty buffers, sched_waking and sched_switch on. */
export async function startSchedRecording(tfs) {
  writeFileSync(`${TRACING}/buffer_size_kb`, '16384')
  writeFileSync(`${TRACING}/trace_clock`, 'global')
  writeFileSync(`${TRACING}/trace`, '')
  await tfs.enable('sched', 'sched_waking')
  await tfs.enable('sched', 'sched_switch')
}

/** Stops it and reads the sched events, trace_marker writes and a synthetic event's records; fails when the ring buffer lost any. */
export async function stopSchedRecording(tfs, synthetic) {
  await tfs.disable('sched', 'sched_waking')
  await tfs.disable('sched', 'sched_switch')
  const recorded = []
  for await (const r of readRawRecords(tfs.io, '', [
    { system: 'sched', event: 'sched_waking' },
    { system: 'sched', event: 'sched_switch' },
    { system: 'ftrace', event: 'print' },
    { system: 'synthetic', event: synthetic },
  ]))
    recorded.push(r)
  const lost = recorded.filter((r) => r.missedEvents !== 0)
  if (lost.length > 0)
    throw new Error(
      `the ring buffer lost events (${lost.map((r) => `cpu${r.cpu}: ${r.missedEvents}`).join(', ')}): the comparison cannot be exact`,
    )
  return recorded
}

/** The time stamps of two trace_marker writes and a test for the records between them. */
export function markedWindow(recorded, first, second) {
  const markTs = (mark) => recorded.find((r) => r.name === 'print' && String(r.field('buf')).startsWith(mark))?.ts
  const from = markTs(first)
  const to = markTs(second)
  if (from === undefined || to === undefined) throw new Error('both markers were recorded')
  return { from, to, inWindow: (r) => r.ts > from && r.ts < to }
}

/** A meta line, then one JSON line per record (64-bit values written as "123n"). */
export function recordLines(meta, records) {
  const big = (_, v) => (typeof v === 'bigint' ? `${v}n` : v)
  const lines = [
    JSON.stringify({ meta }),
    ...records.map((r) =>
      JSON.stringify({ ts: String(r.ts), cpu: r.cpu, system: r.system, name: r.name, fields: r.fields }, big),
    ),
  ]
  return lines.join('\n') + '\n'
}
