import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { schemaFromDir } from '../../src/index.js'
import { buildC, ensureApt } from '../helpers/native.js'
import { KERNEL_6_1, KERNEL_6_18 } from '../helpers/paths.js'

// libtraceevent (Debian libtraceevent-dev) parses the same files; every field's
// type text, offset, size, array length and flags must agree with ours.
const unavailable = ensureApt('libtraceevent-dev', 'gcc', 'pkg-config')
if (unavailable) console.warn(`SKIPPED libtraceevent oracle: ${unavailable}`)

describe.skipIf(unavailable !== undefined)('fields agree with libtraceevent', () => {
  for (const [label, dir] of [
    ['6.1', KERNEL_6_1],
    ['6.18', KERNEL_6_18],
  ] as const) {
    it(`every field of Linux ${label}`, async () => {
      const oracle = buildC('test/oracle/tep-fields.c', 'tep-fields', ['libtraceevent'])
      const events = join(dir, 'events')
      const input = readdirSync(events, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((sys) =>
          readdirSync(join(events, sys.name)).map((evt) => `${sys.name}\t${join(events, sys.name, evt, 'format')}\n`),
        )
        .join('')
      const out = execFileSync(oracle, [join(events, 'header_page')], { input, maxBuffer: 64 << 20, encoding: 'utf8' })
      expect(out).not.toContain('ERROR')
      const theirs = out.trim().split('\n')
      const schema = await schemaFromDir(dir)
      const ours = schema.events.flatMap((e) =>
        e.fields.map((f) =>
          [e.system, e.name, e.id, f.name, f.cType, f.offset, f.size, f.arrayLength ?? 0, f.flags].join('\t'),
        ),
      )
      expect(theirs.length).toBe(ours.length)
      const key = (line: string) =>
        line
          .split('\t')
          .filter((_, i) => i === 0 || i === 1 || i === 3)
          .join('/')
      const byKey = new Map(theirs.map((line) => [key(line), line]))
      const mismatches = ours
        .filter((line) => byKey.get(key(line)) !== line)
        .map((line) => `ours   ${line}\ntheirs ${byKey.get(key(line))}`)
      expect(mismatches.slice(0, 8)).toEqual([])
    })
  }
})
