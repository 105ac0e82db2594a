import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/paths.js'
// @ts-expect-error plain JavaScript helper shared with the benchmarks
import { typecheckErrors } from '../../bench/lib/tsc-diagnostics.mjs'

// Every `@example` in the built declarations is real code: each becomes a module of its own,
// type-checked against the build (`typed-ftrace` and its kernel typings), so none can rot.
const DIST = join(ROOT, 'dist/src')

function declarations(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? declarations(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  )
}

/** The examples of a file: the text after each `@example` up to the next tag or the end of its comment. */
function examplesOf(file: string): { where: string; code: string }[] {
  const out: { where: string; code: string }[] = []
  for (const comment of readFileSync(file, 'utf8').matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const lines = comment[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, ''))
    let current: string[] | undefined
    const flush = () => {
      if (current) out.push({ where: relative(ROOT, file), code: current.join('\n').trim() })
      current = undefined
    }
    for (const line of lines) {
      if (/^@example\b/.test(line)) {
        flush()
        current = []
      } else if (/^@\w+/.test(line)) flush()
      else current?.push(line)
    }
    flush()
  }
  return out
}

describe('the @example of every documented function and method type-checks against the build', () => {
  const examples = declarations(DIST).flatMap(examplesOf)
  const files = Object.fromEntries(examples.map((e, i) => [`example-${i}.ts`, `${e.code}\nexport {}\n`]))
  const errors: { file: string; line: number; message: string }[] = typecheckErrors('examples', files, {
    // Users run on Node: an example may import node: modules.
    types: ['node'],
  })

  it('finds the examples', () => expect(examples.length).toBeGreaterThan(40))
  for (const [i, e] of examples.entries()) {
    it(`${e.where}: ${e.code.split('\n').find((l) => l !== '' && !l.startsWith('import')) ?? ''}`, () => {
      const own = errors.filter((x) => x.file.endsWith(`example-${i}.ts`))
      expect(own.map((x) => `line ${x.line}: ${x.message}`)).toEqual([])
    })
  }
})
