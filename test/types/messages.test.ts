import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/paths.js'
// @ts-expect-error plain JavaScript helper shared with the benchmarks
import { typecheckErrors } from '../../bench/lib/tsc-diagnostics.mjs'

// The compiler's own words for each rejected definition: every `// error: TEXT`
// comment in a fixture must be matched by an error on the next line whose
// message contains TEXT, and there must be no other error. The fixtures have the
// synth builder's rules, the live backend's event methods and typedSql()'s statements.
const FIXTURES = ['test/types/fixtures/synth-messages.ts', 'test/types/fixtures/live-messages.ts', 'test/types/fixtures/sql-messages.ts']
/** The fewest annotated cases a fixture has (one per rule). */
const AT_LEAST: Readonly<Record<string, number>> = { 'synth-messages': 15, 'live-messages': 9, 'sql-messages': 21 }

/** `TEXT` is in the message; a list after "; try " or "one of: " may come in any order (the compiler orders unions its own way). */
function matches(printed: string, text: string): boolean {
  // The compiler prints a double quote inside a string literal type as \".
  const message = printed.replaceAll('\\"', '"')
  const marker = ['; try ', 'one of: '].find((m) => text.includes(m))
  if (marker === undefined) return message.includes(text)
  const at = text.indexOf(marker)
  const head = text.slice(0, at + marker.length)
  const listed = /^([\w, ]+)/.exec(message.slice(message.indexOf(head) + head.length))?.[1]
  const sorted = (list: string) => list.split(', ').sort().join(', ')
  return message.includes(head) && listed !== undefined && sorted(listed) === sorted(text.slice(head.length))
}

for (const fixture of FIXTURES) {
  const name = fixture.replace(/^.*\/|\.ts$/g, '')
  describe(`compile-time error messages (${name})`, () => {
    const source = readFileSync(join(ROOT, fixture), 'utf8')
    const expected = source
      .split('\n')
      .map((line, i) => [i + 2, /^\s*\/\/ error: (.*)$/.exec(line)?.[1]] as const)
      .filter((x): x is readonly [number, string] => x[1] !== undefined)
    const errors: { line: number; message: string }[] = typecheckErrors(name, { 'messages.ts': source })

    it('has one annotated case per rule', () => expect(expected.length).toBeGreaterThanOrEqual(AT_LEAST[name]!))
    for (const [line, text] of expected) {
      it(`line ${line}: ${text}`, () => {
        const messages = errors.filter((e) => e.line === line).map((e) => e.message)
        expect(messages.some((m) => matches(m, text)), `errors on line ${line}: ${JSON.stringify(messages)}`).toBe(true)
      })
    }
    it('no other errors', () => {
      const lines = new Set(expected.map(([line]) => line))
      expect(errors.filter((e) => !lines.has(e.line))).toEqual([])
    })
  })
}
