// Comparing the kernel's synthetic records with offline evaluation; shared by the
// kernel lane and the host test that replays the recorded fixtures.
import { createSynth, TIMESTAMP, TIMESTAMP_USECS } from '../../dist/src/index.js'

/** The definitions recorded in the kernel and evaluated offline. */
export const definitions = (s) => ({
  wakeup_lat: createSynth('wakeup_lat', s)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .delta(TIMESTAMP_USECS),
  filtered_lat: createSynth('filtered_lat', s)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .startField('prio')
    .endField('prev_comm', 'comm')
    .delta(TIMESTAMP, 'lat')
    .appendStartFilter('compare', 'prio', '>=', '100')
    .appendEndFilter('compare', 'prev_pid', '!=', '0')
    .appendEndFilter('and')
    .appendEndFilter('compare', 'prev_comm', '~', '"node*"'),
  two_keys: createSynth('two_keys', s)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .match('prio', 'next_prio', 'prio')
    .delta(TIMESTAMP_USECS),
  max_lat: createSynth('max_lat', s)
    .start('sched', 'sched_waking')
    .end('sched', 'sched_switch')
    .match('pid', 'next_pid', 'pid')
    .delta(TIMESTAMP, 'lat')
    .onMax('lat')
    .trace(),
})

/**
 * Compares per CPU (across CPUs the kernel orders its records by their own
 * time stamps, a little after each end event). A kernel record with no offline
 * counterpart is explained when its key had no start event in the recording:
 * the start happened before the recording window (the buffers are emptied
 * when the triggers are registered), so only the kernel saw it.
 */
export function compareByCpu(kernel, offline, view, raw) {
  const mismatches = []
  const explained = []
  const cpus = new Set([...kernel.map((r) => r.cpu), ...offline.map((r) => r.cpu)])
  for (const cpu of cpus) {
    const k = kernel.filter((r) => r.cpu === cpu).map((r) => view(r.fields))
    const o = offline.filter((r) => r.cpu === cpu).map((r) => view(r.fields))
    let i = 0
    let j = 0
    while (i < k.length || j < o.length) {
      if (k[i] === o[j]) {
        i++
        j++
      } else if (
        k[i] !== undefined &&
        !o.slice(j).includes(k[i]) &&
        startBeforeWindow(kernel.filter((r) => r.cpu === cpu)[i], raw)
      ) {
        explained.push(`cpu${cpu} ${k[i]}: its start came before the recording`)
        i++
      } else {
        mismatches.push(`cpu${cpu} #${i}/${j}: kernel ${k[i]} / offline ${o[j]}`)
        i++
        j++
      }
    }
  }
  return { mismatches, explained }
}

function startBeforeWindow(record, raw) {
  const pid = record.fields.pid
  return !raw.some((r) => r.name === 'sched_waking' && r.ts < record.ts && r.fields.pid === pid)
}

/** onmax/onchange values per end key from the kernel's `hist` file (`{ next_pid: 15 } ... max: 78037`). */
export function trackedFromHist(text, synth) {
  const seeds = new Map()
  const actions = synth.definition.actions
  const entries = text.split(/\n(?=\{)/)
  actions.forEach((action, index) => {
    if (action.handler === 'match') return
    const word = action.handler === 'max' ? 'max' : 'changed'
    const values = new Map()
    for (const entry of entries) {
      const key = /^\{([^}]*)\}/.exec(entry)
      const value = new RegExp(`\\b${word}:\\s*(\\d+)`).exec(entry)
      if (!key || !value) continue
      const keyText = [...key[1].matchAll(/\w+:\s*(-?\d+)/g)].map((m) => m[1]).join('\u0000')
      values.set(keyText, BigInt(value[1]))
    }
    seeds.set(index, values)
  })
  return seeds
}
