import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { evaluateAll, schemaFromDir } from '../../src/index.js'
import type { AnySynth, EvalRecord, Schema } from '../../src/index.js'
import { KERNEL_6_1, ROOT } from '../helpers/paths.js'
// @ts-expect-error plain JavaScript shared with the kernel lane
import { compareByCpu, definitions as guestDefinitions } from '../guest/compare.mjs'

type Definitions = Record<'wakeup_lat' | 'filtered_lat' | 'two_keys' | 'max_lat', AnySynth>
const definitions = guestDefinitions as (s: Schema) => Definitions

// Recordings made inside the real 6.1 kernel (scripts/kernel-lane/record-eval-fixtures.mjs):
// the raw sched events of a window and the kernel's own synthetic records. Evaluating
// the same definitions offline must give the kernel's records, here without QEMU.
const DIR = join(ROOT, 'test/fixtures/kernel-6.1/eval')

const revive = (_: string, v: unknown) => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)

let schema: Schema
beforeAll(async () => {
  schema = await schemaFromDir(KERNEL_6_1)
})

describe('offline evaluation replays recordings of the real 6.1 kernel', () => {
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    it(file, () => {
      const [head, ...lines] = readFileSync(join(DIR, file), 'utf8').trim().split('\n')
      const { meta } = JSON.parse(head!) as {
        meta: { definition: keyof Definitions; seed: [number, [string, string][]][] }
      }
      const records = lines.map((l) => {
        const r = JSON.parse(l, revive) as {
          ts: string
          cpu: number
          system: string
          name: string
          fields: Record<string, unknown>
        }
        return { ...r, ts: BigInt(r.ts), pid: r.fields['common_pid'] as number } satisfies EvalRecord
      })
      const synth = definitions(schema)[meta.definition]
      const seed = new Map(meta.seed.map(([i, entries]) => [i, new Map(entries.map(([k, v]) => [k, BigInt(v)]))]))
      const raw = records.filter((r) => r.system === 'sched')
      const kernel = records.filter((r) => r.system === 'synthetic')
      const offline = evaluateAll(synth, raw, { initialTracked: seed }).filter((r) => r.action === 'trace')
      const names = synth.definition.fields.map((f) => f.name)
      const view = (fields: Record<string, unknown>) => names.map((f) => `${f}=${String(fields[f])}`).join(' ')
      const { mismatches, explained } = compareByCpu(kernel, offline, view, raw) as {
        mismatches: string[]
        explained: string[]
      }
      console.log(
        `${meta.definition}: ${raw.length} raw events, ${kernel.length} kernel records, ${offline.length} offline, ${explained.length} explained`,
      )
      expect(kernel.length).toBeGreaterThanOrEqual(5)
      expect(mismatches).toEqual([])
      expect(offline.length + explained.length).toBe(kernel.length)
    })
  }
})
