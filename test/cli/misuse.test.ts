// Every way the command line is misused that we know of: one line on stderr naming the problem,
// the documented exit code, no stack trace (unless --debug), nothing on stdout.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { main } from '../../src/cli/main.js'
import { KERNEL_6_1, ROOT } from '../helpers/paths.js'

const DIR = mkdtempSync(join(tmpdir(), 'tf-misuse-'))
const TRACE = join(ROOT, 'test/fixtures/tracedat/v7-zstd.dat')
const PEER = join(ROOT, 'test/fixtures/peer')
const spec = join(DIR, 'lat.json')
writeFileSync(
  spec,
  JSON.stringify({
    name: 'lat',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { delta: true }],
  }),
)
const JOIN_SQL =
  'SELECT a.pid, TIMESTAMP_DELTA_USECS AS lat FROM sched.sched_waking AS a JOIN sched.sched_switch AS b ON a.pid = b.next_pid'
const never = join(DIR, 'never.json')
writeFileSync(
  never,
  JSON.stringify({
    name: 'never',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { delta: true }, { endFilter: ['next_pid', '==', '999999'] }],
  }),
)
// Chains: a spec file with several synths, later ones starting or ending on earlier ones.
const WAKE = { ...JSON.parse(readFileSync(spec, 'utf8')), name: 'wake' } as { name: string; start: string }
const RAN = {
  ...WAKE,
  name: 'ran',
  start: 'synthetic/wake',
  steps: [{ match: ['pid', 'prev_pid'], as: 'pid' }, { delta: true }],
}
const chainSpec = (name: string, synths: unknown[]) => {
  const file = join(DIR, `${name}.json`)
  writeFileSync(file, JSON.stringify(synths))
  return file
}
const undefinedSynth = chainSpec('undefined', [WAKE, { ...RAN, start: 'synthetic/nope' }])
const cycle = chainSpec('cycle', [
  WAKE,
  { ...RAN, end: 'synthetic/ran2' },
  { ...RAN, name: 'ran2', start: 'synthetic/ran' },
])
const duplicate = chainSpec('duplicate', [WAKE, RAN, { ...RAN }])
const later = chainSpec('later', [RAN, WAKE])
const chain = chainSpec('chain', [WAKE, RAN])
const notJson = join(DIR, 'not.json')
writeFileSync(notJson, '{ "name": ')
const huge = join(DIR, 'huge.json')
writeFileSync(huge, ' '.repeat(1024 * 1024 + 1))
const renamed = join(DIR, 'trace.bin')
copyFileSync(TRACE, renamed)
const damaged = join(DIR, 'damaged.dat')
writeFileSync(damaged, Buffer.concat([Buffer.from('\x17\x08Dtracing7\0\0\x08', 'latin1'), Buffer.alloc(3)]))
const missing = join(DIR, 'missing')
// Hist specs, and a tracing directory laid out like tracefs (plain files) that holds no hist.
const histSpec = (name: string, value: unknown) => {
  const file = join(DIR, `${name}.hist.json`)
  writeFileSync(file, JSON.stringify(value))
  return file
}
const SWITCHES = { event: 'sched/sched_switch', keys: ['next_comm'] }
const switches = histSpec('switches', SWITCHES)
const histUnknownKey = histSpec('unknown-key', { ...SWITCHES, sortby: ['hitcount'] })
const histNoField = histSpec('no-field', { ...SWITCHES, keys: ['next_comm', 'nxt_pid'] })
const histBadOp = histSpec('bad-op', { ...SWITCHES, filter: [['next_pid', '=<', 10]] })
const histOpenFilter = histSpec('open-filter', { ...SWITCHES, filter: [['next_pid', '>', 10], '&&'] })
const histNoSystem = histSpec('no-system', { ...SWITCHES, event: 'sched_switch' })
const histSize = histSpec('size', { ...SWITCHES, size: '4096' })
const histKeys = histSpec('keys', { ...SWITCHES, keys: [] })
const histModifier = histSpec('modifier', { ...SWITCHES, keys: ['next_comm.log2'] })
const histArray = histSpec('array', [SWITCHES, { ...SWITCHES, values: ['next_prio', 7] }])
const FAKE = join(DIR, 'fake-tracefs')
for (const event of ['sched_switch', 'sched_waking']) {
  mkdirSync(join(FAKE, 'events/sched', event), { recursive: true })
  copyFileSync(join(KERNEL_6_1, 'events/sched', event, 'format'), join(FAKE, 'events/sched', event, 'format'))
  writeFileSync(join(FAKE, 'events/sched', event, 'trigger'), '')
  writeFileSync(join(FAKE, 'events/sched', event, 'hist'), '')
}
writeFileSync(join(FAKE, 'error_log'), '')

/** [arguments, exit code, the stderr line] */
const CASES: [string[], number, RegExp][] = [
  [['report', DIR], 3, /^typed-ftrace report: trace file '.*' is a folder, not a file$/],
  [['peers', DIR], 3, /^typed-ftrace peers: trace file '.*' is a folder, not a file$/],
  [
    ['synth', 'echo', join(DIR, 'nope.json'), '--kernel', 'linux-6.1'],
    3,
    /^typed-ftrace synth: spec '.*nope\.json' does not exist$/,
  ],
  [['synth', 'echo', DIR, '--kernel', 'linux-6.1'], 3, /^typed-ftrace synth: spec '.*' is a folder, not a file$/],
  [
    ['synth', 'echo', '/dev/zero', '--kernel', 'linux-6.1'],
    3,
    /^typed-ftrace synth: spec '\/dev\/zero' is not a regular file$/,
  ],
  [
    ['synth', 'echo', huge, '--kernel', 'linux-6.1'],
    3,
    /^typed-ftrace synth: spec '.*huge\.json' is 1048577 bytes, over the 1048576-byte limit$/,
  ],
  [['synth', 'echo', notJson, '--kernel', 'linux-6.1'], 3, /^typed-ftrace synth: '.*not\.json' is not JSON: /],
  [
    ['typegen', '--from', KERNEL_6_1, '--out', join(missing, 'k.ts')],
    3,
    /^typed-ftrace typegen: --out '.*k\.ts': the folder '.*missing' does not exist$/,
  ],
  [
    ['synth', 'eval', spec, TRACE, '--svg', join(missing, 'x.svg')],
    3,
    /^typed-ftrace synth: --svg '.*x\.svg': the folder '.*missing' does not exist$/,
  ],
  [['report', TRACE, '--cpu', 'abc'], 2, /^typed-ftrace report: --cpu "abc": expected a whole number \(0 or more\)$/],
  [['report', TRACE, '--cpu', '1.5'], 2, /^typed-ftrace report: --cpu "1\.5": expected a whole number \(0 or more\)$/],
  [['report', TRACE, '--cpu', '7'], 2, /^typed-ftrace report: --cpu 7: '.*v7-zstd\.dat' has data for CPUs 0, 1$/],
  [['report', TRACE, '--format', 'xml'], 2, /^typed-ftrace report: --format "xml": use text or jsonl$/],
  [['report', TRACE, '--instance', 'nope'], 2, /^typed-ftrace report: --instance 'nope': '.*' has ''$/],
  [['report', TRACE, '--instance', '', '--top'], 2, /^typed-ftrace report: --instance and --top exclude each other$/],
  [['report', TRACE, '--bogus'], 2, /^typed-ftrace report: Unknown option '--bogus'$/],
  [['report', TRACE, '--format'], 2, /^typed-ftrace report: Option '--format <value>' argument missing$/],
  [['report'], 2, /^typed-ftrace report: missing FILE$/],
  [
    ['report', join(ROOT, 'package.json')],
    3,
    /^typed-ftrace report: '.*package\.json' is not a trace\.dat file \(it does not start with trace\.dat's magic bytes\)$/,
  ],
  [['report', damaged], 3, /^typed-ftrace report: ETRACEDAT: header at offset \d+: /],
  [['report', missing], 3, /^typed-ftrace report: trace file '.*missing' does not exist$/],
  [
    ['report', TRACE, '--cpu', '0', join(PEER, 'net-host.dat'), join(PEER, 'net-guest.dat')],
    2,
    /^typed-ftrace report: --instance, --top and --cpu apply to one file only$/,
  ],
  [
    ['peers', join(PEER, 'net7-host.dat'), TRACE],
    1,
    /^typed-ftrace peers: 1 of 1 guest file does not pair with net7-host\.dat \(v7-zstd\.dat: no-time-shift\)$/,
  ],
  [['synth', 'list', '--tracing-dir', missing], 5, /^typed-ftrace synth: --tracing-dir '.*missing' does not exist$/],
  [
    ['synth', 'create', spec, '--tracing-dir', DIR],
    5,
    /^typed-ftrace synth: --tracing-dir '.*' is not a tracefs mount \(it has no events folder\)$/,
  ],
  [
    ['synth', 'eval', never, TRACE],
    1,
    /^typed-ftrace synth eval: no never record: no end event found a matching start event in '.*v7-zstd\.dat'$/,
  ],
  [
    ['synth', 'eval', spec, TRACE, '--buckets', '0'],
    2,
    /^typed-ftrace synth: --buckets "0": expected a whole number above 0$/,
  ],
  [
    ['synth', 'eval', spec, TRACE, '--hist', 'nope'],
    4,
    /^typed-ftrace synth: EINVAL: 'nope' is not a field of lat: pid, delta$/,
  ],
  [
    ['synth', 'eval', spec, TRACE, '--start', 'host'],
    2,
    /^typed-ftrace synth: --start and --end choose among the peers/,
  ],
  [['synth', 'eval', spec], 2, /^typed-ftrace synth: missing TRACE\.dat$/],
  [
    ['synth', 'echo', spec],
    2,
    /^typed-ftrace synth: give either --formats DIR or --kernel linux-6\.1\|linux-6\.12\|linux-6\.18$/,
  ],
  [
    ['synth', 'echo', spec, '--kernel', 'linux-5.4'],
    2,
    /^typed-ftrace synth: --kernel "linux-5\.4": use linux-6\.1 or linux-6\.12 or linux-6\.18$/,
  ],
  [['synth', 'echo', spec, '--formats', missing], 3, /^typed-ftrace synth: --formats '.*missing' does not exist$/],
  [
    ['synth', 'echo', spec, '--kernel', 'linux-6.1', '--instance', 'a b'],
    4,
    /^typed-ftrace synth: EINVAL: instance 'a b' is not a valid name: /,
  ],
  [['synth', 'destroy', spec, '--name', 'lat'], 2, /^typed-ftrace synth: give either SPEC\.json or --name NAME$/],
  [['synth'], 2, /^typed-ftrace synth: no action given: use echo, commands, create, read, destroy, list or eval$/],
  [
    ['synth', 'show'],
    2,
    /^typed-ftrace synth: unknown action "show": use echo, commands, create, read, destroy, list or eval$/,
  ],
  [
    ['synth', 'echo', undefinedSynth, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace synth: ENODEV: \[1\]\.start: 'synthetic\/nope' is neither a synth defined before 'ran' in this file \(wake\) nor an event of these formats$/,
  ],
  [
    ['synth', 'eval', undefinedSynth, TRACE],
    4,
    /^typed-ftrace synth: ENODEV: \[1\]\.start: 'synthetic\/nope' is neither a synth defined before 'ran'/,
  ],
  [
    ['synth', 'echo', cycle, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace synth: EINVAL: \[1\]\.end: a chain cannot loop: 'ran' -> 'ran2' -> 'ran' \(each starts or ends on the next\)$/,
  ],
  [
    ['synth', 'create', duplicate, '--tracing-dir', DIR],
    4,
    /^typed-ftrace synth: EINVAL: \[2\]\.name: 'ran' is defined twice \(\[1\] and \[2\]\)/,
  ],
  [
    ['synth', 'destroy', cycle, '--tracing-dir', DIR],
    4,
    /^typed-ftrace synth: EINVAL: \[1\]\.end: a chain cannot loop/,
  ],
  [
    ['synth', 'commands', duplicate, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace synth: EINVAL: \[2\]\.name: 'ran' is defined twice \(\[1\] and \[2\]\); a kernel has one event per name$/,
  ],
  [
    ['synth', 'eval', later, TRACE],
    4,
    /^typed-ftrace synth: EINVAL: \[0\]\.start: 'wake' is defined after 'ran' \(\[1\]\): put the synths a chain starts or ends on before it$/,
  ],
  [
    ['synth', 'eval', chain, TRACE, '--name', 'lat'],
    2,
    /^typed-ftrace synth: --name 'lat': the spec defines wake, ran$/,
  ],
  [['typegen'], 2, /^typed-ftrace typegen: --from is required$/],
  [
    ['typegen', '--from', KERNEL_6_1, '--verify'],
    2,
    /^typed-ftrace typegen: --verify needs --out, the file to compare with$/,
  ],
  [['typegen', '--from', missing], 3, /^typed-ftrace typegen: --from '.*missing' does not exist$/],
  [['typegen', '--from', DIR], 3, /^typed-ftrace typegen: EFORMAT: .*: expected an "events" folder/],
  [['typegen', 'extra'], 2, /^typed-ftrace typegen: unexpected argument "extra"$/],
  [['record', '--duration', '1'], 2, /^typed-ftrace record: no events: give at least one -e SYSTEM:EVENT$/],
  [
    ['record', '-e', 'sched:sched_switch', '--file-version', '5'],
    2,
    /^typed-ftrace record: --file-version "5": use 6 or 7$/,
  ],
  [
    ['record', '-e', 'sched:sched_switch', '--duration', 'abc'],
    2,
    /^typed-ftrace record: --duration 'abc': expected a number of seconds/,
  ],
  [
    ['record', '-e', 'sched:sched_switch', '-b', '0'],
    2,
    /^typed-ftrace record: --buffer-size "0": expected a whole number above 0$/,
  ],
  [
    ['record', '-e', 'sched:sched_switch', '--file-version', '6', '--compression', 'zstd'],
    2,
    /^typed-ftrace record: --compression zstd needs --file-version 7/,
  ],
  [['record', '-e'], 2, /^typed-ftrace record: Option '-e, --event <value>' argument missing$/],
  [['export', TRACE], 2, /^typed-ftrace export: --out DIR is required$/],
  [
    ['export', TRACE, '--out', join(DIR, 'x'), '--format', 'xml'],
    2,
    /^typed-ftrace export: --format "xml": use parquet or arrow$/,
  ],
  [['export', '--out', join(DIR, 'x')], 2, /^typed-ftrace export: missing TRACE\.dat$/],
  [
    ['export', TRACE, '--out', join(missing, 'x')],
    3,
    /^typed-ftrace export: --out '.*x': the folder '.*missing' does not exist$/,
  ],
  [['export', TRACE, '--out', TRACE], 3, /^typed-ftrace export: --out '.*v7-zstd\.dat' is not a folder$/],
  [
    ['export', join(ROOT, 'package.json'), '--out', join(DIR, 'x')],
    3,
    /^typed-ftrace export: '.*package\.json' is not a trace\.dat file/,
  ],
  [
    ['export', TRACE, '--out', join(DIR, 'x'), '--row-group-size', '0'],
    2,
    /^typed-ftrace export: --row-group-size "0": expected a whole number above 0$/,
  ],
  [['sql'], 2, /^typed-ftrace sql: no action given: use echo, create or eval$/],
  [['sql', 'run', 'SELECT x FROM y'], 2, /^typed-ftrace sql: unknown action "run": use echo, create or eval$/],
  [
    ['sql', 'echo', JOIN_SQL],
    2,
    /^typed-ftrace sql: give either --formats DIR or --kernel linux-6\.1\|linux-6\.12\|linux-6\.18$/,
  ],
  [
    ['sql', 'echo', JOIN_SQL, '--kernel', 'linux-6.1'],
    2,
    /^typed-ftrace sql: the statement has a JOIN: give --name NAME for its synthetic event$/,
  ],
  [
    ['sql', 'echo', 'SELECT next_pid FROM sched_switch', '--kernel', 'linux-6.1', '--name', 'x'],
    2,
    /^typed-ftrace sql: the statement has no JOIN: it makes a hist, which takes no --name$/,
  ],
  [
    ['sql', 'echo', JOIN_SQL.replace('sched_switch', 'sched_swtch'), '--kernel', 'linux-6.1', '--name', 'lat'],
    4,
    /^typed-ftrace sql: ENODEV: no event 'sched_swtch' in system 'sched'; did you mean 'sched_switch'.* at line 1, column \d+ \('sched\.sched_swtch'\)$/,
  ],
  [
    [
      'sql',
      'echo',
      'SELECT a.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid WHERE b.next_pid > 1 AND',
      '--kernel',
      'linux-6.1',
      '--name',
      'lat',
    ],
    4,
    /^typed-ftrace sql: EINVAL: syntax error: expected the end at line 1, column 103 \('AND'\)$/,
  ],
  [
    [
      'sql',
      'echo',
      'SELECT a.pid, b.next_prio - a.prio FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid',
      '--kernel',
      'linux-6.1',
      '--name',
      'lat',
    ],
    4,
    /^typed-ftrace sql: EINVAL: a calculation needs a name: add 'AS name' at line 1, column 15 \('b\.next_prio'\)$/,
  ],
  [
    ['sql', 'echo', 'SELECT CAST(prev_comm AS HEX) FROM sched_switch', '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace sql: EINVAL: field 'prev_comm' is cast to 'HEX' but is a string at line 1, column 13 \('prev_comm'\)$/,
  ],
  [['sql', 'echo', '@' + missing, '--kernel', 'linux-6.1'], 3, /^typed-ftrace sql: spec '.*missing' does not exist$/],
  [
    ['sql', 'create', JOIN_SQL, '--tracing-dir', DIR],
    2,
    /^typed-ftrace sql: the statement has a JOIN: give --name NAME/,
  ],
  [
    ['sql', 'create', 'SELECT next_pid FROM sched_switch', '--tracing-dir', DIR],
    2,
    /^typed-ftrace sql: the statement has no JOIN: it makes a hist, which sql create does not make \(sql echo prints its line\)$/,
  ],
  [
    ['sql', 'eval', JOIN_SQL, TRACE],
    2,
    /^typed-ftrace sql: the statement has a JOIN: give --name NAME for its synthetic event$/,
  ],
  [
    ['synth', 'read', spec, '--tracing-dir', FAKE, '--format', 'csv'],
    2,
    /^typed-ftrace synth: --format "csv": use text or json$/,
  ],
  [['synth', 'read', missing], 3, /^typed-ftrace synth: spec '.*missing' does not exist$/],
  [['hist'], 2, /^typed-ftrace hist: no action given: use echo, create, read or destroy$/],
  [['hist', 'show'], 2, /^typed-ftrace hist: unknown action "show": use echo, create, read or destroy$/],
  [
    ['hist', 'echo', switches],
    2,
    /^typed-ftrace hist: give either --formats DIR or --kernel linux-6\.1\|linux-6\.12\|linux-6\.18$/,
  ],
  [
    ['hist', 'echo', switches, '--kernel', 'linux-6.1', '--command', 'stop'],
    2,
    /^typed-ftrace hist: --command "stop": use start or pause or cont or clear or destroy$/,
  ],
  [['hist', 'read'], 2, /^typed-ftrace hist: missing SPEC\.json$/],
  [['hist', 'echo', notJson, '--kernel', 'linux-6.1'], 3, /^typed-ftrace hist: '.*not\.json' is not JSON: /],
  [
    ['hist', 'echo', histUnknownKey, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace hist: EINVAL: sortby: unknown key 'sortby' here \(allowed: event, keys, values, sort, size, name, filter, \$schema, description\)$/,
  ],
  [
    ['hist', 'echo', histNoField, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace hist: ENODEV: keys\[1\]: field 'nxt_pid' is not in sched\.sched_switch/,
  ],
  [
    ['hist', 'echo', histBadOp, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace hist: EINVAL: filter\[0\]\[1\]: unknown operator '=<': use ==, !=, >, >=, <, <=, ~ or &$/,
  ],
  [
    ['hist', 'echo', histOpenFilter, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace hist: EBADE: filter: the filter is not finished: 'next_pid > 10&&'$/,
  ],
  [
    ['hist', 'echo', histNoSystem, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace hist: EINVAL: event: expected 'system\/event', found string "sched_switch"$/,
  ],
  [
    ['hist', 'echo', histSize, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace hist: EINVAL: size: expected a whole number, found string "4096"$/,
  ],
  [
    ['hist', 'echo', histKeys, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace hist: EINVAL: keys: expected 1 to 3 entries, found 0$/,
  ],
  [
    ['hist', 'echo', histModifier, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace hist: EINVAL: keys\[0\]: Invalid field modifier: 'next_comm\.log2' \('next_comm' is not a number\)$/,
  ],
  [
    ['hist', 'echo', histArray, '--kernel', 'linux-6.1'],
    4,
    /^typed-ftrace hist: EINVAL: \[1\]\.values\[1\]: expected a string, found number 7$/,
  ],
  [
    ['hist', 'create', switches, '--tracing-dir', DIR],
    5,
    /^typed-ftrace hist: --tracing-dir '.*' is not a tracefs mount \(it has no events folder\)$/,
  ],
  [
    ['hist', 'create', histNoField, '--tracing-dir', FAKE],
    4,
    /^typed-ftrace hist: ENODEV: keys\[1\]: field 'nxt_pid' is not in sched\.sched_switch/,
  ],
  [
    ['hist', 'read', switches, '--tracing-dir', FAKE],
    5,
    /^typed-ftrace hist: ENOENT: the hist is not in events\/sched\/sched_switch\/hist$/,
  ],
  [
    ['hist', 'read', switches, '--tracing-dir', FAKE, '--format', 'csv'],
    2,
    /^typed-ftrace hist: --format "csv": use text or json$/,
  ],
  [
    ['bogus'],
    2,
    /^typed-ftrace: unknown command "bogus": use typegen, record, report, peers, synth, sql, hist, export \(typed-ftrace --help\)$/,
  ],
]

const table: string[] = []

test.each(CASES)('typed-ftrace %j', async (args, code, line) => {
  const out: string[] = []
  const err: string[] = []
  const got = await main(args, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) })
  const text = err.join('')
  table.push(
    `| \`typed-ftrace ${args.map((a) => a.replace(DIR, '$TMP').replace(ROOT + '/', '')).join(' ')}\` | ${text
      .trim()
      .replace(DIR, '$TMP')
      .replaceAll(ROOT + '/', '')} | ${got} |`,
  )
  expect(got).toBe(code)
  expect(text.endsWith('\n') && text.split('\n').length === 2, text).toBe(true)
  expect(text.trimEnd()).toMatch(line)
  expect(text).not.toMatch(/\n\s+at /)
  // What fails prints nothing else (a negative answer may have printed its report).
  if (code !== 1) expect(out.join('')).toBe('')
})

test('the renamed trace.dat (trace.bin) is recognised by its magic bytes', async () => {
  const out: string[] = []
  expect(await main(['report', renamed, '--cpu', '0'], { stdout: (t) => void out.push(t), stderr: () => {} })).toBe(0)
  expect(out.join('').split('\n').length).toBeGreaterThan(100)
  expect(await main(['typegen', '--from', renamed], { stdout: (t) => void out.push(t), stderr: () => {} })).toBe(0)
})

test('--version, --help with the exit codes, --debug with the stack', async () => {
  const out: string[] = []
  expect(await main(['--version'], { stdout: (t) => void out.push(t), stderr: () => {} })).toBe(0)
  expect(out.join('')).toMatch(/^typed-ftrace \d+\.\d+\.\d+\n$/)
  for (const args of [['--help'], ['report', '--help'], ['synth', 'eval', '--help'], ['peers', '-h']]) {
    const help: string[] = []
    expect(await main(args, { stdout: (t) => void help.push(t), stderr: () => {} })).toBe(0)
    expect(help.join('')).toMatch(/Exit codes:\n {2}0 {3}success\n {2}1 /)
  }
  const err: string[] = []
  expect(await main(['report', DIR, '--debug'], { stdout: () => {}, stderr: (t) => void err.push(t) })).toBe(3)
  expect(err.join('')).toMatch(/is a folder, not a file\nCliError: .*\n\s+at /)
})

test('the table of misuses (printed for the README)', () => {
  console.log(`| command | stderr | exit |\n|---|---|---|\n${table.join('\n')}`)
  expect(table.length).toBe(CASES.length)
})
