// Records fixtures inside the 6.1 kernel lane (run after `npm run build`):
//   node scripts/kernel-lane/record-eval-fixtures.mjs [eval|hist]
// eval (default): for each definition of test/guest/evaluate.guest.mjs, the raw
//   sched events and the kernel's own synthetic records of one recording window,
//   as JSON lines in test/fixtures/kernel-6.1/eval/;
// hist: the hist files of test/guest/hist.guest.mjs's triggers and the events
//   they counted, in test/fixtures/kernel-6.1/hist/.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, runInGuest } from './lane.mjs'

const kinds = { eval: 'evaluate.guest.mjs', hist: 'hist.guest.mjs' }
const kind = process.argv[2] ?? 'eval'
if (!(kind in kinds)) throw new Error(`usage: record-eval-fixtures.mjs [${Object.keys(kinds).join('|')}]`)
const out = join(ROOT, 'test/fixtures/kernel-6.1', kind)
mkdirSync(out, { recursive: true })
const run = await runInGuest('test/guest/main.mjs', [kinds[kind]], { env: { LANE_ARTIFACTS: '1' } })
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
