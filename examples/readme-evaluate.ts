import { readFileSync } from 'node:fs'
import { evaluateAll, samplePath, synth, TIMESTAMP_USECS } from 'typed-ftrace'
import type { EvalRecord } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1'

const wakeupLat = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta(TIMESTAMP_USECS)

// Raw sched events recorded inside a 6.1 kernel (any time-ordered records will do:
// a trace.dat's `trace.records()`, `tfs.records(...)`, or your own objects).
const lines = readFileSync(samplePath('wakeup-6.1.jsonl'), 'utf8').trim().split('\n').slice(1)
const records: EvalRecord[] = lines
  .map(
    (line) =>
      JSON.parse(line) as { ts: string; cpu: number; system: string; name: string; fields: Record<string, unknown> },
  )
  .filter((r) => r.system === 'sched')
  .map((r) => ({ ...r, ts: BigInt(r.ts), pid: r.fields['common_pid'] as number }))

const out = evaluateAll(wakeupLat, records)
console.log(`${out.length} wakeup_lat records, e.g. pid ${out[0]?.fields.pid} waited ${out[0]?.fields.delta} us`)
