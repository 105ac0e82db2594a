// `synth create|destroy` with a chain, on a folder shaped like tracefs (files take the writes,
// nothing answers like a kernel): the order of the writes, and the rollback when one fails.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { main } from '../../src/cli/main.js'
import { KERNEL_6_1 } from '../helpers/paths.js'
import { CHAIN } from './chain-spec.js'

function fakeTracefs(withInnerEvent: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'tf-chain-live-'))
  cpSync(KERNEL_6_1, root, { recursive: true })
  writeFileSync(join(root, 'README'), 'onmatch(matching.event).trace(<synthetic_event>,param list)\n')
  for (const f of ['dynamic_events', 'synthetic_events', 'error_log']) writeFileSync(join(root, f), '')
  for (const e of ['sched_waking', 'sched_switch']) {
    writeFileSync(join(root, 'events/sched', e, 'trigger'), '')
    writeFileSync(join(root, 'events/sched', e, 'hist'), '')
  }
  if (withInnerEvent) {
    mkdirSync(join(root, 'events/synthetic/wakeup_lat'), { recursive: true })
    writeFileSync(join(root, 'events/synthetic/wakeup_lat/trigger'), '')
  }
  writeFileSync(join(root, 'chain.json'), JSON.stringify(CHAIN))
  return root
}

/** The definitions and removals written to dynamic_events, in order. */
const writesOf = (root: string) =>
  [...readFileSync(join(root, 'dynamic_events'), 'utf8').matchAll(/[s-]:synthetic\/\w+/g)].map((m) => m[0])

async function run(...args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(['synth', ...args], { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) })
  return { code, out: out.join(''), err: err.join('') }
}

test('create writes the chain inner first', async () => {
  const root = fakeTracefs(true)
  const created = await run('create', join(root, 'chain.json'), '--tracing-dir', root)
  expect(created.err).toBe('')
  expect(created.code).toBe(0)
  expect(created.out).toMatch(/^created synthetic event 'wakeup_lat' \(.*\)\ncreated synthetic event 'ran' \(.*\)\n$/)
  expect(writesOf(root)).toEqual(['s:synthetic/wakeup_lat', 's:synthetic/ran'])
  expect(readFileSync(join(root, 'events/synthetic/wakeup_lat/trigger'), 'utf8')).toMatch(/^hist:keys=pid:/)
})

test('a failure on the outer synth removes it and the inner one again, newest first', async () => {
  // No events/synthetic/wakeup_lat folder: the outer synth's start trigger cannot be written.
  const root = fakeTracefs(false)
  const failed = await run('create', join(root, 'chain.json'), '--tracing-dir', root)
  expect(failed.code).toBe(5)
  expect(failed.out).toBe('')
  expect(failed.err.split('\n')).toHaveLength(2)
  expect(writesOf(root)).toEqual([
    's:synthetic/wakeup_lat',
    's:synthetic/ran',
    '-:synthetic/ran',
    '-:synthetic/wakeup_lat',
  ])
  const trigger = readFileSync(join(root, 'events/sched/sched_switch/trigger'), 'utf8')
  expect(trigger).toMatch(/^hist:keys=next_pid:.*!hist:keys=next_pid:/)
})

test('destroy removes the chain in reverse order', async () => {
  const root = fakeTracefs(true)
  writeFileSync(join(root, 'dynamic_events'), 's:wakeup_lat pid_t pid; u64 delta\ns:ran pid_t pid; u64 ran\n')
  const removed = await run('destroy', join(root, 'chain.json'), '--tracing-dir', root)
  expect(removed.code).toBe(0)
  expect(
    removed.out
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(':')[0]),
  ).toEqual(["removed 'ran'", "removed 'wakeup_lat'"])
})
