// The guard of a recording (`record({ guard: true })`), run with the path of the recording's
// plan.json when the recorder died without finishing (SIGKILL, a crash): it finishes the
// recording from the pages already saved: events disabled, what was changed in tracefs
// restored, the trace.dat written. (A small shell waits for the recorder and starts it.)
import { existsSync, readFileSync } from 'node:fs'
import { finishRecording } from './finish.js'
import type { RecordPlan } from './finish.js'

const planFile = process.argv[2]
process.on('SIGINT', () => undefined)
process.on('SIGHUP', () => undefined)
if (planFile !== undefined && existsSync(planFile)) {
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
}
