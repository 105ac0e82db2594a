import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { schemaFromDir } from '../../src/index.js'
import { KERNEL_6_1, ROOT } from '../helpers/paths.js'
import { generateSpecs } from '../oracle/gen-specs.js'
import { RULE_SPECS } from './rule-specs.js'
// @ts-expect-error plain JavaScript lane script
import { runInGuest, setupLane } from '../../scripts/kernel-lane/lane.mjs'
// @ts-expect-error plain JavaScript guest harness
import { testNames } from '../guest/harness.mjs'

// The live backend's tests run inside Debian's 6.1 kernel (hist triggers and
// synthetic events) booted under QEMU, with the project's own build. One boot
// runs every guest test; each becomes a test here with the guest's verdict.
const GUEST_DIR = join(ROOT, 'test/guest')
/** Definitions per seed in the kernel-rules proof. */
const RULE_SPECS_PER_SEED = 300
const files = readdirSync(GUEST_DIR)
  .filter((f) => f.endsWith('.guest.mjs'))
  .sort()
const RULES_FILE = 'kernel-rules.guest.mjs'
for (const file of files) await import(pathToFileURL(join(GUEST_DIR, file)).href)
const names: string[] = testNames()

let unavailable: string | undefined
try {
  setupLane()
} catch (error) {
  unavailable = `the kernel lane cannot run here: ${(error as Error).message}`
  console.warn(`\n*** SKIPPED the kernel lane (${names.length} tests): ${unavailable} ***\n`)
}

interface GuestResult {
  name: string
  ok: boolean
  ms: number
  error?: string
  log: string[]
}

describe.skipIf(unavailable !== undefined)('inside a real 6.1 kernel (QEMU)', () => {
  const results = new Map<string, GuestResult>()
  let output = ''
  /** Why a boot ended early (its time ran out), if one did. */
  let failure = ''
  const collect = (text: string) => {
    output += text
    for (const line of text.split('\n')) {
      if (line.startsWith('LANE-RESULT ')) {
        const r = JSON.parse(line.slice('LANE-RESULT '.length)) as GuestResult
        results.set(r.name, r)
      }
    }
  }

  beforeAll(async () => {
    // The kernel-rules proof: 300 definitions from the fixed seed, 300 from a fresh one
    // (TYPED_FTRACE_RULES_SEED=<n> repeats a fresh run) and one definition per rule.
    const schema = await schemaFromDir(KERNEL_6_1)
    const fresh = Number(process.env.TYPED_FTRACE_RULES_SEED ?? Math.floor(Math.random() * 2 ** 31))
    console.log(`kernel rules: fixed seed 1 and fresh seed ${fresh} (TYPED_FTRACE_RULES_SEED=${fresh} repeats it)`)
    const runs = [
      { label: 'fixed', seed: 1, specs: generateSpecs(schema, RULE_SPECS_PER_SEED, 1) },
      { label: 'fresh', seed: fresh, specs: generateSpecs(schema, RULE_SPECS_PER_SEED, fresh) },
      { label: 'one definition per rule', seed: 'none', specs: RULE_SPECS },
    ]
    writeFileSync(join(GUEST_DIR, 'kernel-rules-specs.json'), JSON.stringify(runs))
    // Two boots: the backend's tests, then the kernel-rules proof on a fresh kernel (hundreds of
    // triggers created and removed), each with its own time limit so that one cannot take the
    // other's results with it. The TCG guest has been seen to lock up (both vCPUs busy, no
    // output) during the kernel-rules proof while other tests ran beside it on a 2-core machine;
    // a rerun of the same seeds passed in under three minutes. So a boot that runs out of time is
    // booted once more, and the first attempt's console is printed; the results reported before
    // a timeout are kept.
    const boots = [files.filter((f) => f !== RULES_FILE), [RULES_FILE]]
    for (const boot of boots) {
      for (let attempt = 1; ; attempt++) {
        try {
          const run = await runInGuest('test/guest/main.mjs', boot, { timeoutMs: 420_000 })
          collect(run.output)
          console.log(
            `kernel lane: ${boot.join(', ')}: exit ${run.exitCode}; boot to node ${run.bootMs} ms, qemu ${run.qemuMs} ms, ${run.totalMs} ms in all (${run.accel})${attempt > 1 ? ` (attempt ${attempt})` : ''}`,
          )
          break
        } catch (error) {
          const partial = (error as { partialOutput?: string }).partialOutput
          if (partial === undefined) throw error
          collect(partial)
          const writing = [...partial.matchAll(/^RULES-WRITING (\S+)$/gm)].at(-1)?.[1]
          failure = `${(error as Error).message}${writing ? `\nThe kernel-rules proof was writing ${writing} (a seed and its definitions are in test/guest/kernel-rules-specs.json).` : ''}`
          console.log(`kernel lane, attempt ${attempt}: ${failure}`)
          if (attempt === 2) break
        }
      }
    }
  }, 1_800_000)

  for (const name of names) {
    it(name, () => {
      const r = results.get(name)
      expect(
        r,
        `the guest reported no result for this test${failure ? ` (${failure})` : ''}; its output:\n${output.slice(-4000)}`,
      ).toBeDefined()
      for (const line of r!.log) console.log(`  [guest] ${line}`)
      expect(r!.error ?? '').toBe('')
      expect(r!.ok).toBe(true)
    })
  }
})
