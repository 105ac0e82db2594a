import { readFileSync } from 'node:fs'
import { evaluateAll, samplePath, synth, synthChain, TIMESTAMP_USECS } from 'typed-ftrace'
import type { EvalRecord } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1'

const wakeupLat = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta(TIMESTAMP_USECS)

// A synth as the start event of another: its records are events of synthetic/wakeup_lat,
// with its fields (pid, delta). How long did each woken task run once it got the CPU?
const ranAfterWakeup = synth('ran_after_wakeup')
  .start(wakeupLat)
  .end('sched', 'sched_switch')
  .match('pid', 'prev_pid')
  .startField('delta', 'wakeup')
  .delta(TIMESTAMP_USECS, 'ran')

// The kernel needs wakeup_lat before the triggers that name it: create the chain inner first.
for (const def of synthChain(ranAfterWakeup.definition)) console.log(`create ${def.name}`)
console.log(ranAfterWakeup.echoCmd().split('\n')[1])

// Offline, the inner synth is evaluated first and its records feed the outer one.
const records: EvalRecord[] = readFileSync(samplePath('wakeup-6.1.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => JSON.parse(line) as EvalRecord & { ts: string })
  .filter((r) => r.system === 'sched')
  .map((r) => ({ ...r, ts: BigInt(r.ts), pid: r.fields['common_pid'] as number }))
const out = evaluateAll(ranAfterWakeup, records)
const first = out[0]
if (first)
  console.log(
    `${out.length} ${first.system}/${first.name} records, e.g. pid ${first.fields.pid} waited ${first.fields.wakeup} us, then ran ${first.fields.ran} us`,
  )
