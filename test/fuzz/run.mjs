// The structure-aware fuzzer's driver: cases run in child processes (each under a heap limit),
// batched for speed; a case that runs out of time or memory is named and the batch goes on.
//
//   node test/fuzz/run.mjs [--cases N] [--seed S] [--jobs J] [--timeout-ms T] [--batch B]
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'worker.mjs')

/**
 * Runs `cases` cases of `seed`; resolves to the tally and the cases that were
 * neither a success nor a typed error.
 */
export async function runFuzz({ cases, seed, jobs = 2, timeoutMs = 10_000, batch = 50, heapMb = 512, onCase }) {
  const tally = { cases: 0, typed: 0, ok: 0, other: 0, hang: 0, oom: 0 }
  const bad = []
  const ranges = []
  for (let i = 0; i < cases; i += batch) ranges.push([i, Math.min(cases, i + batch)])
  const record = (i, kind, detail) => {
    tally.cases++
    tally[kind]++
    if (kind !== 'ok' && kind !== 'typed') bad.push({ seed, case: i, kind, detail })
    onCase?.(i, kind)
  }
  const runRange = (from, to) =>
    new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        [`--max-old-space-size=${heapMb}`, WORKER, String(seed), String(from), String(to)],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      let current = -1
      let lastDone = from - 1
      let timer
      let verdict
      let stderr = ''
      let pending = ''
      const arm = () => {
        clearTimeout(timer)
        timer = setTimeout(() => {
          verdict = 'hang'
          child.kill('SIGKILL')
        }, timeoutMs)
      }
      child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)))
      child.stdout.on('data', (d) => {
        pending += d
        let nl
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl)
          pending = pending.slice(nl + 1)
          if (line.startsWith('S ')) {
            current = Number(line.slice(2))
            arm()
          } else if (line.startsWith('R ')) {
            const [, i, kind, ...rest] = line.split(' ')
            clearTimeout(timer)
            lastDone = Number(i)
            record(lastDone, kind, rest.join(' '))
          }
        }
      })
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        if (lastDone >= to - 1) return resolve([])
        // The case under way when the child died gets the blame; the rest of the range goes on.
        const at = current > lastDone ? current : lastDone + 1
        const oom = /heap out of memory|Allocation failed|Reached heap limit/.test(stderr)
        record(at, verdict ?? (oom ? 'oom' : 'other'), `${verdict ?? `exit ${code ?? signal}`}: ${stderr.slice(-600)}`)
        resolve(at + 1 < to ? [[at + 1, to]] : [])
      })
    })
  const queue = [...ranges]
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) queue.unshift(...(await runRange(r[0], r[1])))
    }),
  )
  return { tally, bad }
}

const invoked = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]
if (invoked) {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '2000' },
      seed: { type: 'string' },
      jobs: { type: 'string', default: '2' },
      'timeout-ms': { type: 'string', default: '10000' },
      batch: { type: 'string', default: '50' },
    },
  })
  const seed = values.seed === undefined ? (Math.random() * 2 ** 32) >>> 0 : Number(values.seed)
  const cases = Number(values.cases)
  const started = Date.now()
  console.log(`fuzz: ${cases} cases, seed ${seed} (repeat with --seed ${seed})`)
  let shown = 0
  const running = { typed: 0, ok: 0, other: 0, hang: 0, oom: 0 }
  const { tally, bad } = await runFuzz({
    cases,
    seed,
    jobs: Number(values.jobs),
    timeoutMs: Number(values['timeout-ms']),
    batch: Number(values.batch),
    onCase: (_i, kind) => {
      running[kind]++
      if (++shown % 1000 === 0)
        console.log(
          `  ${shown} cases, ${((Date.now() - started) / 1000).toFixed(0)} s: ${running.typed} typed errors, ${running.ok} successes, ${running.other} other, ${running.hang} hangs, ${running.oom} OOM`,
        )
    },
  })
  for (const b of bad) console.log(`  ${b.kind}: seed ${b.seed} case ${b.case}: ${b.detail}`)
  console.log('| cases | typed errors | successes | other | hangs | OOM | seconds |')
  console.log('|---|---|---|---|---|---|---|')
  console.log(
    `| ${tally.cases} | ${tally.typed} | ${tally.ok} | ${tally.other} | ${tally.hang} | ${tally.oom} | ${((Date.now() - started) / 1000).toFixed(0)} |`,
  )
  process.exitCode = tally.other + tally.hang + tally.oom === 0 && tally.cases === cases ? 0 : 1
}
