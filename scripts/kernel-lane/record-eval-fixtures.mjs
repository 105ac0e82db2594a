// Records the offline-evaluation fixtures inside the 6.1 kernel lane: for each
// definition of test/guest/evaluate.guest.mjs, the raw sched events and the
// kernel's own synthetic records of one recording window, as JSON lines in
// test/fixtures/kernel-6.1/eval/. Run after `npm run build`.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, runInGuest } from './lane.mjs'

const out = join(ROOT, 'test/fixtures/kernel-6.1/eval')
mkdirSync(out, { recursive: true })
const run = await runInGuest('test/guest/main.mjs', ['evaluate.guest.mjs'], { env: { LANE_ARTIFACTS: '1' } })
let written = 0
for (const line of run.output.split('\n')) {
  const m = /^LANE-ARTIFACT (\S+) (\S+)$/.exec(line)
  if (!m) continue
  writeFileSync(join(out, m[1]), Buffer.from(m[2], 'base64'))
  written++
}
console.log(`wrote ${written} fixtures to ${out} (guest exit ${run.exitCode})`)
process.exit(run.exitCode === 0 && written > 0 ? 0 : 1)
