// Nothing a caller passes can break out of the echo script's quotes or add a line to a tracefs write.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { synthFromSpec, SynthError } from '../../src/index.js'
import type { Schema } from '../../src/index.js'
import type { SynthBuilder } from '../../src/synth/synth-builder.js'
import { looseSynth, schema61 } from './schemas.js'

let schema: Schema
beforeAll(async () => {
  schema = await schema61()
})

const code = (fn: () => unknown) => {
  try {
    fn()
    return 'ok'
  } catch (e) {
    expect(e).toBeInstanceOf(SynthError)
    return (e as SynthError).code
  }
}

const HOSTILE = [
  "'",
  "x'; touch /tmp/pwned; echo '",
  'a\nb',
  'a\rb',
  'a\0b',
  'a\tb',
  'a b',
  'a;b',
  '$(id)',
  '`id`',
  'a/b',
  '../x',
  'x\u007f',
]
const base = () => looseSynth('lat', schema).start('sched_waking').end('sched_switch').match('pid', 'next_pid', 'pid')

describe('refused', () => {
  test('names: synth, as, spec name', () => {
    for (const bad of HOSTILE) {
      expect(
        code(() => looseSynth(bad, schema)),
        JSON.stringify(bad),
      ).toBe('EINVAL')
      expect(code(() => base().startField('prio', bad))).toBe('EINVAL')
      expect(code(() => base().endField('prev_prio', bad))).toBe('EINVAL')
      expect(code(() => base().compare('prio', 'next_prio', 'add', bad))).toBe('EINVAL')
      expect(
        code(() => synthFromSpec({ name: bad, start: 'sched_waking', end: 'sched_switch', steps: [] }, schema)),
      ).toBe('EINVAL')
    }
  })
  test('field, event and handler names are looked up, so nothing unknown passes', () => {
    for (const bad of HOSTILE) {
      expect(code(() => base().startField(bad, 'x'))).toBe(bad === '' ? 'EINVAL' : 'ENODEV')
      expect(code(() => looseSynth('x', schema).start('sched', bad))).toBe('ENODEV')
      expect(code(() => base().onMax(bad))).toBe('ENODEV')
      expect(code(() => base().onMax('pid').save(bad))).toBe('ENODEV')
    }
  })
  test('verbatim filter values with a quote or a control character', () => {
    for (const bad of ["'", "1' >> /etc/passwd; echo '", '1\n', '1\r2', '1\0', '\u001b[31m']) {
      expect(
        code(() => base().appendStartFilter('compare', 'prio', '==', bad)),
        JSON.stringify(bad),
      ).toBe('EINVAL')
      expect(code(() => base().appendEndFilter('compare', 'next_comm', '==', bad))).toBe('EINVAL')
      expect(
        code(() =>
          synthFromSpec(
            {
              name: 'x',
              start: 'sched_waking',
              end: 'sched_switch',
              steps: [{ match: ['pid', 'next_pid'] }, { endFilter: ['next_comm', '==', bad] }],
            },
            schema,
          ),
        ),
      ).toBe('EINVAL')
    }
  })
  test('typed string values with quotes, backslashes or control characters', () => {
    for (const bad of ['"', '\\', "'", '\n', 'a"; echo'])
      expect(code(() => base().endFilter((f) => f.eq('next_comm', bad)))).toBe('EINVAL')
  })
  test('instance names and tracing dirs', () => {
    for (const bad of ['', '.', '..', '../x', 'a/b', 'a b', "a'b", '$(id)', 'a\nb']) {
      expect(
        code(() => base().echoCmd({ instance: bad })),
        JSON.stringify(bad),
      ).toBe('EINVAL')
      expect(code(() => base().commands({ instance: bad }))).toBe('EINVAL')
    }
    for (const bad of ['', '/tmp/a\nb', '/tmp/\0'])
      expect(code(() => base().echoCmd({ tracingDir: bad }))).toBe('EINVAL')
  })
})

describe('the echo script, run by sh, writes exactly the commands', () => {
  function runScript(
    synth: SynthBuilder,
    dirName: string,
    instance?: string,
  ): { dir: string; files: Map<string, string> } {
    const root = mkdtempSync(join(tmpdir(), 'typed-ftrace-echo-'))
    const dir = join(root, dirName)
    const { create } = synth.commands(instance === undefined ? {} : { instance })
    for (const w of create) mkdirSync(join(dir, w.file, '..'), { recursive: true })
    const script = synth.echoCmd(instance === undefined ? { tracingDir: dir } : { tracingDir: dir, instance })
    writeFileSync(join(root, 'script.sh'), script)
    execFileSync('sh', ['-eu', join(root, 'script.sh')], { cwd: root })
    const files = new Map(create.map((w) => [w.file, readFileSync(join(dir, w.file), 'utf8')]))
    expect(readdirSync(root).sort()).toEqual([dirName, 'script.sh'].sort())
    return { dir, files }
  }

  test('hostile but harmless values stay inside the quotes', () => {
    const s = base()
      .appendStartFilter('compare', 'comm', '==', '"$(touch pwned)"')
      .appendStartFilter('or')
      .appendStartFilter('compare', 'comm', '==', '"`touch pwned`;*\\|&"')
      .endFilter((f) => f.glob('next_comm', '$(touch pwned) *;&|`x`'))
    const { files } = runScript(s, 'tracing')
    const { create } = s.commands()
    // echo adds a newline; the kernel strips it from triggers and dynamic_events lines alike
    expect(files.get('events/sched/sched_waking/trigger')).toBe(`${create[1]!.text}\n`)
    expect(files.get('events/sched/sched_switch/trigger')).toBe(`${create[2]!.text}\n`)
    expect(files.get('dynamic_events')).toBe('s:lat pid_t pid;\n')
  })

  test('a tracing dir with spaces, quotes and $ is quoted', () => {
    const s = base().delta()
    const { files } = runScript(s, "my tracing 'dir' $HOME", 'inst')
    expect(files.get('instances/inst/events/sched/sched_switch/trigger')).toBe(`${s.showEndHist()}\n`)
    expect(s.echoCmd({ tracingDir: "/t/a b'c" }).split('\n')[0]).toBe(
      `echo 's:lat pid_t pid; u64 delta;' >> '/t/a b'\\''c/dynamic_events'`,
    )
  })
})
