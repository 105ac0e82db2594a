// Reader throughput on a large trace (over a million records; scripts/fixtures/record-large.sh
// records one into .cache/bench/large.dat): records/s for (a) every record's time stamp and
// event id, (b) also two fields of every sched_switch; against libtracecmd 3.1.6 (a C program,
// test/oracle/tracecmd-decode.c: tracecmd_iterate_events + tep_read_number_field) and
// `trace-cmd report > /dev/null`, in the same run, rounds interleaved, medians printed.
// Peak RSS of each process is printed too: ours does not grow with the file.
//
//   npm run bench:tracedat                 (builds first; BENCH_FILE=... BENCH_ROUNDS=... to change)
import { execFileSync, execSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { buildC, ensureApt } from '../../test/helpers/native.js'
import { CACHE, ROOT } from '../../test/helpers/paths.js'

const file = process.env['BENCH_FILE'] ?? join(CACHE, 'bench/large.dat')
const small = join(ROOT, 'test/fixtures/tracedat/v7-zstd.dat')
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 7)
const napiDir = join(CACHE, 'zstd-eval/node_modules')

interface Run {
  n: number
  seconds: number
  sum: string
  rssMB: number
  /** CPU time (user + system); the C oracle does not print it. */
  cpu: number
}
const parse = (out: string): Run => {
  const [n, seconds, sum, rss, cpu] = out.trim().split(' ')
  return { n: Number(n), seconds: Number(seconds), sum: sum!, rssMB: Number(rss) / 1024, cpu: Number(cpu ?? NaN) }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const mrs = (runs: Run[]) => runs[0]!.n / median(runs.map((r) => r.seconds)) / 1e6

it('trace.dat decoding throughput', () => {
  const log = (s: string) => process.stdout.write(`${s}\n`)
  if (ensureApt('trace-cmd', 'libtracecmd-dev', 'libtraceevent-dev', 'zstd') !== undefined)
    throw new Error('cannot install trace-cmd and libtracecmd-dev')
  if (!existsSync(file)) execFileSync(join(ROOT, 'scripts/fixtures/record-large.sh'), { stdio: 'inherit' })
  const oracle = buildC('test/oracle/tracecmd-decode.c', 'tracecmd-decode', ['libtracecmd', 'libtraceevent'])
  const c = (f: string, mode: string) => parse(execFileSync(oracle, [f, mode], { encoding: 'utf8' }))
  const ours = (f: string, how: string, mode: string, napi = false) =>
    parse(
      execFileSync(process.execPath, [join(ROOT, 'bench/tracedat/run.mjs'), f, how, mode, ...(napi ? [napiDir] : [])], {
        encoding: 'utf8',
      }),
    )
  const withNapi = existsSync(join(napiDir, 'zstd-napi'))

  log(
    `\ntrace.dat decoding: ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB), ${rounds} rounds, medians (time includes opening the file)`,
  )
  for (const mode of ['a', 'b']) {
    const runs: Record<string, Run[]> = { libtracecmd: [], 'typed-ftrace iterate()': [], 'typed-ftrace records()': [] }
    if (withNapi) runs['iterate(), native zstd'] = []
    for (let i = 0; i < rounds; i++) {
      runs['libtracecmd']!.push(c(file, mode))
      runs['typed-ftrace iterate()']!.push(ours(file, 'iterate', mode))
      runs['typed-ftrace records()']!.push(ours(file, 'records', mode))
      if (withNapi) runs['iterate(), native zstd']!.push(ours(file, 'iterate', mode, true))
    }
    const base = mrs(runs['libtracecmd']!)
    const count = runs['libtracecmd']![0]!.n
    log(
      `  (${mode}) ${mode === 'a' ? 'time stamp + event id of every record' : '+ prev_pid and next_pid of every sched_switch'}: ${count.toLocaleString('en')} records`,
    )
    for (const [name, rs] of Object.entries(runs)) {
      const same = rs.every((r) => r.n === count)
      log(
        `      ${name.padEnd(24)} ${mrs(rs).toFixed(2).padStart(6)} M records/s  (x${(mrs(rs) / base).toFixed(2)} libtracecmd; best ${(rs[0]!.n / Math.min(...rs.map((r) => r.seconds)) / 1e6).toFixed(2)})  peak RSS ${median(rs.map((r) => r.rssMB)).toFixed(0)} MB${same ? '' : '  DIFFERENT RECORD COUNT'}`,
      )
    }
  }
  // Pairing: the same file read as a guest whose time stamps are moved into host time.
  const pairing: Record<string, Run[]> = { iterate: [], 'iterate-guest': [], records: [], 'records-guest': [] }
  for (let i = 0; i < rounds; i++) for (const how of Object.keys(pairing)) pairing[how]!.push(ours(file, how, 'a'))
  // This machine's speed drifts between runs: the figure is the median of each round's ratio of
  // CPU times (the two runs of a round are back to back), wall-clock throughput beside it.
  log('  (c) guest time correction (TIME_SHIFT samples set on the same file; mode a):')
  for (const how of ['iterate', 'records']) {
    const plain = pairing[how]!
    const paired = pairing[`${how}-guest`]!
    const cost = median(plain.map((p, i) => paired[i]!.cpu / p.cpu)) - 1
    log(
      `      ${`${how}()`.padEnd(10)} plain ${mrs(plain).toFixed(2)} M records/s, as a paired guest ${mrs(paired).toFixed(2)}; CPU time per round: pairing costs ${(cost * 100).toFixed(1)}% (median of ${rounds} rounds; target <= 10%)`,
    )
  }
  // Whole processes, node start included, rounds interleaved: wall and CPU time (user + system of the child).
  const count = c(file, 'a').n
  const timed = (command: string) => {
    const out = execSync(`/usr/bin/time -f '%e %U %S' sh -c "${command} > /dev/null 2>/dev/null" 2>&1`, {
      encoding: 'utf8',
    })
    const [wall, user, sys] = out.trim().split(/\s+/).slice(-3).map(Number)
    return { wall: wall!, cpu: user! + sys! }
  }
  const theirs: { wall: number; cpu: number }[] = []
  const oursReport: { wall: number; cpu: number }[] = []
  for (let i = 0; i < rounds; i++) {
    theirs.push(timed(`trace-cmd report -i '${file}'`))
    oursReport.push(timed(`node '${join(ROOT, 'dist/src/cli/main.js')}' report '${file}'`))
  }
  for (const [name, runs] of [
    ['trace-cmd report', theirs],
    ['typed-ftrace report', oursReport],
  ] as const) {
    const wall = median(runs.map((r) => r.wall))
    log(
      `      ${name.padEnd(19)} > /dev/null: ${wall.toFixed(2)} s wall (${(count / wall / 1e6).toFixed(2)} M records/s), ${median(runs.map((r) => r.cpu)).toFixed(2)} s CPU (medians of ${rounds} interleaved rounds)`,
    )
  }
  log(
    `      typed-ftrace report / trace-cmd report, records per second: x${median(oursReport.map((r, i) => theirs[i]!.wall / r.wall)).toFixed(2)} wall, x${median(oursReport.map((r, i) => theirs[i]!.cpu / r.cpu)).toFixed(2)} CPU (median of the rounds' ratios; goal x2)`,
  )
  const smallRun = ours(small, 'iterate', 'a')
  const largeRun = ours(file, 'iterate', 'a')
  log(
    `  memory (peak RSS of iterate()): ${smallRun.rssMB.toFixed(0)} MB for a ${(statSync(small).size / 1e6).toFixed(1)} MB file of ${smallRun.n.toLocaleString('en')} records, ${largeRun.rssMB.toFixed(0)} MB for ${(statSync(file).size / 1e6).toFixed(1)} MB and ${largeRun.n.toLocaleString('en')} records`,
  )
})
