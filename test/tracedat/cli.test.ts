import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { typegen } from '../../src/index.js'
import { ROOT } from '../helpers/paths.js'

const DIR = join(ROOT, 'test/fixtures/tracedat')
function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) }, out, err }
}

describe('typed-ftrace report', () => {
  it.each(['v6', 'v7-zstd', 'v7-instance'])(
    '%s: -t prints every record as trace-cmd report -R -t does',
    async (name) => {
      const c = capture()
      expect(await main(['report', '-t', join(DIR, `${name}.dat`)], c.io)).toBe(0)
      const ours = c.out.join('').trimEnd().split('\n')
      const theirs = readFileSync(join(DIR, `${name}.report.txt`), 'utf8')
        .trimEnd()
        .split('\n')
      expect(ours.length).toBe(theirs.length)
      // The same text, spacing included: fields printed as the print format does (%03d, 0x%08lx,
      // %ps as a symbol, ...). One known difference: libtraceevent prints hrtimer_expire_entry's
      // `function` (a %ps whose field comes after `now` in the record) as a plain pointer.
      const head = (l: string) => /^(.*?\d+\.\d{9}: \S+)/.exec(l)?.[1] ?? l
      const diff = ours.findIndex((l, i) =>
        / hrtimer_expire_entry: /.test(l) ? head(l) !== head(theirs[i]!) : l !== theirs[i],
      )
      expect(diff < 0 ? 'same' : [ours[diff], theirs[diff]]).toBe('same')
    },
  )

  it('prints microseconds by default, rounded as trace-cmd does', async () => {
    const c = capture()
    expect(await main(['report', join(DIR, 'v7.dat')], c.io)).toBe(0)
    const ours = c.out.join('').split('\n')[1]!
    const ns = readFileSync(join(DIR, 'v7.report.txt'), 'utf8').split('\n')[1]!
    const t = /(\d+)\.(\d{9}):/.exec(ns)!
    const us = (BigInt(t[1]!) * 1_000_000_000n + BigInt(t[2]!) + 500n) / 1000n
    expect(ours).toContain(` ${us / 1_000_000n}.${String(us % 1_000_000n).padStart(6, '0')}: `)
  })

  it('--format jsonl gives one object per record with its fields', async () => {
    const c = capture()
    expect(await main(['report', join(DIR, 'v6.dat'), '--format', 'jsonl'], c.io)).toBe(0)
    const lines = c.out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; fields: Record<string, unknown>; ts: string; cpu: number })
    const exec = lines.find((l) => l.event === 'sched_process_exec')!
    expect(exec.fields['filename']).toMatch(/^\/usr\/bin\//)
    expect(lines.every((l) => /^\d+$/.test(l.ts))).toBe(true)
  })

  it('a file that is not a trace says where and why', async () => {
    const c = capture()
    expect(await main(['report', join(ROOT, 'package.json')], c.io)).toBe(3)
    expect(c.err.join('')).toMatch(
      /^typed-ftrace report: '.*package\.json' is not a trace\.dat file \(it does not start with trace\.dat's magic bytes\)\n$/,
    )
  })
})

describe('typegen from a trace.dat', () => {
  it('writes the typings of the formats recorded in the file', async () => {
    const result = await typegen({ from: join(DIR, 'v7-zstd.dat') })
    expect(result.text).toContain('export interface Sched {')
    expect(result.text).toMatch(/next_pid: Field<'pid_t', 4, true, 'signed', number>/)
    expect(result.events).toBeGreaterThan(15)
  })
})
