// Records fixtures inside the 6.1 kernel lane (run after `npm run build`):
//   node scripts/kernel-lane/record-eval-fixtures.mjs [eval|hist|synth-hist] [--lane 6.12]
// eval (default): for each definition of test/guest/evaluate.guest.mjs, the raw
//   sched events and the kernel's own synthetic records of one recording window,
//   as JSON lines in test/fixtures/kernel-6.1/eval/;
// hist: the hist files of test/guest/hist.guest.mjs's triggers and the events
//   they counted, in test/fixtures/kernel-6.1/hist/;
// synth-hist: the hist files of test/guest/synth-hist.guest.mjs's end triggers
//   (onmax/onchange with save and snapshot), in test/fixtures/kernel-<lane>/synth-hist/.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, runInGuest } from './lane.mjs'

const kinds = { eval: 'evaluate.guest.mjs', hist: 'hist.guest.mjs', 'synth-hist': 'synth-hist.guest.mjs' }
const args = process.argv.slice(2)
const laneAt = args.indexOf('--lane')
const lane = laneAt >= 0 ? args.splice(laneAt, 2)[1] : '6.1'
const kind = args[0] ?? 'eval'
if (!(kind in kinds))
  throw new Error(`usage: record-eval-fixtures.mjs [${Object.keys(kinds).join('|')}] [--lane 6.1|6.12]`)
const out = join(ROOT, `test/fixtures/kernel-${lane}`, kind)
mkdirSync(out, { recursive: true })
const run = await runInGuest('test/guest/main.mjs', [kinds[kind]], { lane, env: { LANE_ARTIFACTS: '1' } })
let written = 0
for (const line of run.output.split('\n')) {
  const m = /^LANE-ARTIFACT (\S+) (\S+)$/.exec(line)
  if (!m) continue
  writeFileSync(join(out, m[1]), Buffer.from(m[2], 'base64'))
  written++
}
if (run.exitCode !== 0) process.stdout.write(run.output)
console.log(`wrote ${written} fixtures to ${out} (guest exit ${run.exitCode})`)
process.exit(run.exitCode === 0 && written > 0 ? 0 : 1)
