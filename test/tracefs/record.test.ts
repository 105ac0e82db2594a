import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { evaluateAll, findTracefs, openTrace, TIMESTAMP_USECS, tracefs, withSchema } from '../../src/index.js'
import { formatsFromDump, instancesFromDump, recordsFromReport } from '../../scripts/fixtures/ground-truth.mjs'
import { fieldProblems, head } from '../tracedat/ground-truth.js'
import type { TruthRecord } from '../tracedat/ground-truth.js'
import type { AnyKernel } from '../../src/index.js'
import { buildC, ensureApt } from '../helpers/native.js'
import { ROOT } from '../helpers/paths.js'

// Recording on this machine's own kernel (tracefs, raw ring buffers; no hist triggers needed),
// checked against Debian's trace-cmd 3.1.6: `trace-cmd report` must read every file we write
// and print the same records (time, CPU, task, event, every field) as our reader, and `trace-cmd
// dump` must accept its headers and options. Needs root; mounts tracefs when it is not mounted.
const root = await findTracefs().catch((error: Error) => error)
const isRoot = process.getuid?.() === 0
const noTraceCmd = ensureApt('trace-cmd')
const why =
  root instanceof Error ? root.message : !isRoot ? 'not root' : noTraceCmd !== undefined ? noTraceCmd : undefined
if (why) console.warn(`SKIPPED recording tests: ${why}`)

const CLI = join(ROOT, 'dist/src/cli/main.js')
const work = mkdtempSync(join(tmpdir(), 'typed-ftrace-record-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
const pingpong = why ? '' : buildC('bench/record/pingpong.c', 'pingpong', [])
const T = typeof root === 'string' ? root : '/sys/kernel/tracing'

/** A short load on CPU 0 and a marker: wake-ups, switches and an ftrace:print record. */
const LOAD = () => `${pingpong} 0.03 0 > /dev/null; echo 'record test marker' > ${T}/trace_marker; sleep 0.02`

/** Runs `typed-ftrace record ...`; resolves with its exit code and stderr. */
function record(args: string[], onStart?: (pid: number) => void): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'record', ...args], { stdio: ['ignore', 'inherit', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (d: string) => {
      stderr += d
      if (onStart && stderr.includes('recording')) {
        const f = onStart
        onStart = undefined
        f(child.pid!)
      }
    })
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? -1 : null), stderr }))
  })
}

/** What trace-cmd reads from a file: its records (ground truth), and whether dump accepted it. */
function traceCmdRecords(file: string): TruthRecord[] {
  const dump = execFileSync(
    'trace-cmd',
    ['dump', '-i', file, '--summary', '--head-page', '--head-event', '--ftrace-events', '--systems', '--events'],
    { encoding: 'latin1', maxBuffer: 1 << 28 },
  )
  execFileSync('trace-cmd', ['dump', '-i', file, '--options', '--flyrecord', '--clock', '--cmd-lines'], {
    stdio: 'ignore',
    maxBuffer: 1 << 28,
  })
  const options = execFileSync('trace-cmd', ['dump', '-i', file, '--options'], { encoding: 'latin1' })
  const report = execFileSync('trace-cmd', ['report', '-i', file, '-t', '-R'], {
    encoding: 'latin1',
    maxBuffer: 1 << 29,
  })
  const records = recordsFromReport(report, formatsFromDump(dump), { labels: instancesFromDump(options) })
  return records as unknown as TruthRecord[]
}

/** Our reader against trace-cmd's on the same file: problems found (empty when they agree). */
async function compare(file: string): Promise<{ count: number; problems: string[] }> {
  const trace = await openTrace<unknown>(file)
  const truth = traceCmdRecords(file)
  const ours = [...trace.records('*')]
  const problems: string[] = []
  if (ours.length !== truth.length) problems.push(`ours ${ours.length} records, trace-cmd ${truth.length}`)
  ours.forEach((r, i) => {
    const t = truth[i]
    if (!t) return
    const a = head(r)
    const b = head({ ...t, ts: t.ts })
    if (a !== b) problems.push(`#${i}: ${a} / trace-cmd: ${b}`)
    else for (const p of fieldProblems(trace, r, t)) problems.push(`#${i} ${r.name}: ${p}`)
  })
  return { count: ours.length, problems: problems.slice(0, 10) }
}

/** The tracefs state a recording must leave as it found it. */
function state(): string {
  const instances = readdirSync(join(T, 'instances')).sort().join(',')
  const enabled = ['sched_switch', 'sched_waking', 'sched_wakeup']
    .map((e) => readFileSync(join(T, `events/sched/${e}/enable`), 'utf8').trim())
    .join('')
  return `instances=${instances} enabled=${enabled} tracing_on=${readFileSync(join(T, 'tracing_on'), 'utf8').trim()}`
}

describe.skipIf(why !== undefined)('typed-ftrace record on the running kernel, read by trace-cmd', () => {
  const VARIANTS = [
    ['7', 'zstd'],
    ['7', 'none'],
    ['6', 'none'],
  ] as const
  for (const [version, compression] of VARIANTS) {
    it(`version ${version}, ${compression}, with an instance: trace-cmd reads the same records as we do`, async () => {
      const before = state()
      const file = join(work, `v${version}-${compression}.dat`)
      const { code, stderr } = await record([
        ...['-e', 'sched:sched_switch', '-e', 'sched:sched_waking', '-e', 'sched:sched_wakeup'],
        ...['-B', 'typed_ftrace_rec', '-e', 'sched:sched_switch'],
        ...['-o', file, '--file-version', version, '--compression', compression, '--', 'sh', '-c', LOAD()],
      ])
      expect(stderr).toMatch(/^recorded \d+ events, \d+ lost, in [\d.]+ s: /m)
      expect(stderr).toMatch(/^typed_ftrace_rec: CPU 0: \d+ events, \d+ lost/m)
      expect(code).toBe(0)
      expect(state()).toBe(before)
      const trace = await openTrace<unknown>(file)
      expect(trace.version).toBe(Number(version))
      expect(trace.compression).toBe(compression)
      expect(trace.instances).toEqual(['', 'typed_ftrace_rec'])
      expect(trace.uname).toMatch(/^Linux /)
      expect(trace.traceId).not.toBe(0n)
      expect(trace.options.cpuStats.length).toBe(2 * trace.cpuCount)
      expect(trace.kallsyms.length).toBeGreaterThan(1000)
      expect([...trace.records('*')].some((r) => r.name === 'print' && r.system === 'ftrace')).toBe(true)
      const { count, problems } = await compare(file)
      expect(problems).toEqual([])
      expect(count).toBeGreaterThan(1000)
    })
  }

  it('round trip: the README synth over a recording gives wake-up latencies', async () => {
    const before = state()
    const tfs = await tracefs()
    const file = join(work, 'roundtrip.dat')
    const result = await tfs.record({
      events: [
        ['sched', 'sched_switch'],
        ['sched', 'sched_waking'],
      ],
      output: file,
      command: [pingpong, '0.1', '0'],
    })
    expect(state()).toBe(before)
    expect(result.exitCode).toBe(0)
    expect(result.events).toBeGreaterThan(1000)
    expect(result.buffers[0]!.cpus.map((c) => c.cpu)).toEqual([0, 1])
    const trace = await openTrace<unknown>(file)
    expect([...trace.records()].length).toBe(result.events)
    const wakeupLat = withSchema(trace.schema)
      .synth('wakeup_lat')
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid')
      .delta(TIMESTAMP_USECS)
    const lat = evaluateAll(wakeupLat, trace.records())
    expect(lat.length).toBeGreaterThan(100)
    expect(lat.every((r) => typeof r.fields['delta'] === 'bigint')).toBe(true)
  })

  describe('bad input fails in one line before anything is enabled', () => {
    // Exit codes as `--help` lists them: 4 the definition (events), 3 a file, 5 tracefs.
    const cases: [string, string[], string, RegExp, number][] = [
      ['an unknown event', ['-e', 'sched:no_such_event'], 'ENOENT', /unknown event 'sched:no_such_event'/, 4],
      ['an unknown system', ['-e', 'no_such_system'], 'ENOENT', /unknown event system 'no_such_system'/, 4],
      [
        'a missing output directory',
        ['-e', 'sched:sched_switch', '-o', '/nonexistent/dir/t.dat'],
        'ENOENT',
        /cannot write/,
        3,
      ],
      ['an output that is a directory', ['-e', 'sched:sched_switch', '-o', '/tmp'], 'EISDIR', /cannot write \/tmp/, 3],
      ['no tracefs there', ['-e', 'sched:sched_switch', '--tracefs', '/tmp'], 'ENOENT', /no tracefs at '\/tmp'/, 5],
    ]
    it.each(cases)('%s', async (_, args, code, message, exitCode) => {
      const before = state()
      const out = args.includes('-o') ? [] : ['-o', join(work, 'never.dat')]
      const r = await record([...args, ...out, '--duration', '1'])
      expect(r.code).toBe(exitCode)
      const lines = r.stderr.trimEnd().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(new RegExp(`^typed-ftrace record: ${code}: `))
      expect(lines[0]).toMatch(message)
      expect(state()).toBe(before)
      expect(existsSync(join(work, 'never.dat'))).toBe(false)
      expect(readdirSync(work).filter((f) => f.includes('.record-'))).toEqual([])
    })

    it('not root', () => {
      const dir = join(work, 'nobody')
      mkdirSync(dir, { mode: 0o777 })
      const run = spawnSync(
        process.execPath,
        [CLI, 'record', '-e', 'sched:sched_switch', '-o', join(dir, 't.dat'), '--duration', '1'],
        {
          uid: 65534,
          gid: 65534,
          encoding: 'utf8',
        },
      )
      expect(run.status).toBe(5)
      const lines = run.stderr.trimEnd().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/^typed-ftrace record: EPERM: .*root/)
    })

    it('the API refuses the same way, with typed errors', async () => {
      const tfs = await tracefs()
      const before = state()
      // Names outside the registered kernel's typings do not compile; untyped, they fail at run time.
      await expect(
        tfs.record<AnyKernel>({ events: [['sched', 'no_such_event']], output: join(work, 'x.dat'), duration: 10 }),
      ).rejects.toMatchObject({ name: 'RecordError', code: 'ENOENT' })
      await expect(
        tfs.record({ events: [['sched', 'sched_switch']], output: join(work, 'x.dat') }),
      ).rejects.toMatchObject({
        code: 'EINVAL',
        message: expect.stringMatching(/say when to stop/),
      })
      expect(state()).toBe(before)
    })
  })

  describe('interrupted recordings leave a readable file and tracefs as it was', () => {
    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      it(`${signal} while recording`, async () => {
        const before = state()
        const file = join(work, `${signal}.dat`)
        const run = record(
          [
            '-e',
            'sched:sched_switch',
            '-e',
            'sched:sched_waking',
            '-B',
            'typed_ftrace_kill',
            '-e',
            'sched:sched_wakeup',
            '-o',
            file,
          ],
          (pid) => {
            spawnSync('sh', ['-c', LOAD()])
            setTimeout(() => process.kill(pid, signal), 300)
          },
        )
        const { code } = await run
        if (signal === 'SIGINT') expect(code).toBe(0)
        else {
          expect(code).toBe(-1)
          // The guard process finishes the file and puts tracefs back.
          for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100))
          for (let i = 0; i < 50 && state() !== before; i++) await new Promise((r) => setTimeout(r, 100))
        }
        expect(existsSync(file)).toBe(true)
        expect(state()).toBe(before)
        const { count, problems } = await compare(file)
        expect(problems).toEqual([])
        expect(count).toBeGreaterThan(100)
        expect((await openTrace(file)).instances).toEqual(['', 'typed_ftrace_kill'])
      })
    }

    it('an exception while recording: the file is finished, then the error is thrown', async () => {
      const before = state()
      const tfs = await tracefs()
      const file = join(work, 'exception.dat')
      const failure = await tfs
        .record({
          events: [['sched', 'sched_switch']],
          instance: 'typed_ftrace_throw',
          output: file,
          duration: 10_000,
          onStart: () => {
            spawnSync('sh', ['-c', LOAD()])
            throw new Error('the caller failed')
          },
        })
        .catch((e: unknown) => e)
      expect(failure).toMatchObject({ message: 'the caller failed' })
      expect(state()).toBe(before)
      const { count, problems } = await compare(file)
      expect(problems).toEqual([])
      expect(count).toBeGreaterThan(10)
    })
  })
})
