// Recording throughput: `typed-ftrace record` against Debian's `trace-cmd record` on the same
// load, a scheduler ping-pong (bench/record/pingpong.c) of about 5 s, both recording
// sched_switch, sched_waking and sched_wakeup into a version 7 zstd file (trace-cmd 3.x's
// default) with the same ring-buffer size. Rounds are interleaved (the order alternates) and
// the medians are printed:
//   events/s  records in the file (counted by our reader in both) per second of load
//   lost      events the kernel lost while recording: overrun + commit overrun + dropped events
//             of the CPU stats both tools save in the file (the buffer is reset at the start)
//   CPU s     user + system time of the recorder and every process it started (trace-cmd's
//             per-CPU readers; our guard process), from the kernel's child accounting
//
// Usage: node bench/record/bench.mjs [--rounds N] [--seconds S] [--buffer KIB] [--cpu N]
//          [--only typed-ftrace|trace-cmd] [--ours='MORE ARGS'] [--theirs='MORE ARGS']
// e.g. both uncompressed: --ours='--compression none' --theirs='--compression none'
// Needs root, tracefs and trace-cmd (installed with scripts/ensure-apt.sh when missing), and
// a build (`npm run build`). Run it on a quiet machine: other load changes both sides.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const ROOT = new URL('../..', import.meta.url).pathname
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    buffer: { type: 'string', default: '8192' },
    cpu: { type: 'string', default: '0' },
    only: { type: 'string' },
    ours: { type: 'string', default: '' },
    theirs: { type: 'string', default: '' },
  },
})
const ROUNDS = Number(values.rounds)
const SECONDS = Number(values.seconds)
const BUFFER = values.buffer
const T = '/sys/kernel/tracing'
const EVENTS = ['sched:sched_switch', 'sched:sched_waking', 'sched:sched_wakeup']

const { openTrace } = await import(join(ROOT, 'dist/src/index.js'))
execFileSync(join(ROOT, 'scripts/ensure-apt.sh'), ['trace-cmd'], { stdio: 'inherit' })
if (!existsSync(join(T, 'events'))) execFileSync('mount', ['-t', 'tracefs', 'nodev', T])
const cache = join(ROOT, '.cache/bench')
mkdirSync(cache, { recursive: true })
const pingpong = join(cache, 'pingpong')
execFileSync('gcc', ['-O2', '-o', pingpong, join(ROOT, 'bench/record/pingpong.c')])
const work = mkdtempSync(join(tmpdir(), 'typed-ftrace-bench-record-'))
const savedKb = readFileSync(join(T, 'buffer_size_kb'), 'utf8').trim()

// Runs a recorder under a small perl parent that reports the CPU time of everything it started
// once it has been reaped (times() of children: the recorder and its own reaped children).
const TIMED = `
  my $pid = fork(); if (!$pid) { exec @ARGV or die "exec: $!" }
  print STDERR "PID $pid\\n"; $SIG{INT} = 'IGNORE';
  waitpid($pid, 0); my @t = times(); printf STDERR "CPU %.2f %.2f\\n", $t[2], $t[3];`

function run(tool, file) {
  const args =
    tool === 'typed-ftrace'
      ? [
          process.execPath,
          join(ROOT, 'dist/src/cli/main.js'),
          'record',
          '-b',
          BUFFER,
          '-o',
          file,
          ...values.ours.split(' ').filter(Boolean),
        ]
      : ['trace-cmd', 'record', '-d', '-k', '-b', BUFFER, '-o', file, ...values.theirs.split(' ').filter(Boolean)]
  for (const e of EVENTS) args.push('-e', e)
  return new Promise((resolve, reject) => {
    const child = spawn('perl', ['-e', TIMED, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    let out = ''
    let pid
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => {
      err += d
      pid ??= Number(/PID (\d+)/.exec(err)?.[1]) || undefined
    })
    child.on('error', reject)
    const started = (async () => {
      // Recording has begun when the events are on and the tool is reading.
      for (let i = 0; i < 400; i++) {
        const on = EVENTS.every(
          (e) => readFileSync(join(T, `events/${e.replace(':', '/')}/enable`), 'utf8').trim() === '1',
        )
        const reading = tool === 'trace-cmd' ? existsSync(`${file}.cpu0`) : /recording/.test(err)
        if (pid && on && reading) return pid
        await new Promise((r) => setTimeout(r, 25))
      }
      throw new Error(`${tool} did not start: ${err}`)
    })()
    const done = new Promise((r) => child.on('exit', () => r({ out, err })))
    resolve({ started, done })
  })
}

function load() {
  return Number(execFileSync(pingpong, [String(SECONDS), values.cpu], { encoding: 'utf8' }).trim())
}

async function measure(tool, round) {
  const file = join(work, `${tool}-${round}.dat`)
  const { started, done } = await run(tool, file)
  const pid = await started
  await new Promise((r) => setTimeout(r, 300))
  const t0 = performance.now()
  const rounds = load()
  const loadSeconds = (performance.now() - t0) / 1000
  await new Promise((r) => setTimeout(r, 200))
  process.kill(pid, 'SIGINT')
  const { err } = await done
  const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(err)
  if (!cpu) throw new Error(`${tool}: no CPU times: ${err}`)
  for (const e of EVENTS) writeFileSync(join(T, `events/${e.replace(':', '/')}/enable`), '0')
  const trace = await openTrace(file)
  let records = 0
  trace.iterate(() => void records++)
  let lost = 0
  for (const s of trace.options.cpuStats) {
    const v = s.values
    lost += Number(v['overrun'] ?? 0) + Number(v['commit overrun'] ?? 0) + Number(v['dropped events'] ?? 0)
  }
  rmSync(file, { force: true })
  return {
    tool,
    events: records,
    perSecond: records / loadSeconds,
    lost,
    cpu: Number(cpu[1]) + Number(cpu[2]),
    rounds,
    loadSeconds,
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const results = []
try {
  console.log(
    `recording ${EVENTS.join(', ')} during a ${SECONDS} s ping-pong on CPU ${values.cpu}; -b ${BUFFER} KiB; ${ROUNDS} interleaved rounds`,
  )
  console.log(
    `typed-ftrace record ${values.ours || '(defaults)'}; trace-cmd record -d -k ${values.theirs || '(defaults)'}`,
  )
  console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').trim()}`)
  for (let round = 0; round < ROUNDS; round++) {
    const order = (round % 2 === 0 ? ['typed-ftrace', 'trace-cmd'] : ['trace-cmd', 'typed-ftrace']).filter(
      (t) => values.only === undefined || t === values.only,
    )
    for (const tool of order) {
      const r = await measure(tool, round)
      results.push(r)
      console.log(
        `  round ${round + 1} ${tool.padEnd(12)} ${r.events} events (${Math.round(r.perSecond)}/s), ${r.lost} lost, ${r.cpu.toFixed(2)} s CPU`,
      )
    }
  }
  console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`)
  console.log('\nmedians:')
  console.log(
    `  ${'tool'.padEnd(12)} ${'events/s'.padStart(10)} ${'lost'.padStart(9)} ${'CPU s'.padStart(7)} ${'CPU µs/event'.padStart(13)}`,
  )
  for (const tool of ['typed-ftrace', 'trace-cmd']) {
    const mine = results.filter((r) => r.tool === tool)
    const perEvent = median(mine.map((r) => (r.cpu / Math.max(1, r.events)) * 1e6))
    console.log(
      `  ${tool.padEnd(12)} ${String(Math.round(median(mine.map((r) => r.perSecond)))).padStart(10)} ${String(median(mine.map((r) => r.lost))).padStart(9)} ${median(
        mine.map((r) => r.cpu),
      )
        .toFixed(2)
        .padStart(7)} ${perEvent.toFixed(3).padStart(13)}`,
    )
  }
} finally {
  for (const e of EVENTS) writeFileSync(join(T, `events/${e.replace(':', '/')}/enable`), '0')
  writeFileSync(join(T, 'buffer_size_kb'), savedKb)
  rmSync(work, { recursive: true, force: true })
}
