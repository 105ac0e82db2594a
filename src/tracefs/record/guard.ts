// The guard process of a recording (`record({ guard: true })`): started with the path of the
// recording's plan.json, it waits on its IPC channel. 'done' means the recorder finished; a
// channel closed without it means the recorder died (SIGKILL, a crash), and the guard then
// finishes the recording from the pages already saved: events disabled, what was changed in
// tracefs restored, the trace.dat written.
import { existsSync, readFileSync } from 'node:fs'
import { finishRecording } from './finish.js'
import type { RecordPlan } from './finish.js'

const planFile = process.argv[2]
let done = false
process.on('SIGINT', () => undefined)
process.on('SIGHUP', () => undefined)
process.on('message', (message) => {
  if (message === 'done') {
    done = true
    process.exit(0)
  }
})
process.on('disconnect', () => {
  if (done || planFile === undefined || !existsSync(planFile)) process.exit(0)
  try {
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as RecordPlan
    const { result, problems } = finishRecording(plan)
    process.stderr.write(
      `typed-ftrace record: the recorder stopped unexpectedly; ${result.output} was finished from the pages it saved\n`,
    )
    for (const p of problems) process.stderr.write(`typed-ftrace record: ${p}\n`)
  } catch (error) {
    process.stderr.write(`typed-ftrace record: finishing after the recorder stopped failed: ${String(error)}\n`)
    process.exitCode = 1
  }
})
