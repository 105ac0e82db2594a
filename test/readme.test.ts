import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './helpers/paths.js'
// @ts-expect-error plain JavaScript helper shared with the benchmarks
import { typecheckErrors } from '../bench/lib/tsc-diagnostics.mjs'

// Every ```ts block of the README that follows an `<!-- example: FILE -->`
// marker is that file, verbatim; the file is built with the project and run here.
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const examples = [
  ...readme.matchAll(/<!-- example: (\S+)( \(runs in the kernel lane\))? -->\n```ts\n([\s\S]*?)```/g),
].map((m) => ({ file: m[1]!, lane: m[2] !== undefined, code: m[3]! }))

describe('README examples', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThan(0))
  for (const { file, code, lane } of examples) {
    it(`${file} is the README's text and runs${lane ? ' (in the kernel lane: test/guest/readme.guest.mjs)' : ''}`, () => {
      expect(code).toBe(readFileSync(join(ROOT, file), 'utf8'))
      if (lane) return
      const built = join(ROOT, 'dist', file.replace(/\.ts$/, '.js'))
      const out = execFileSync(process.execPath, [built], { cwd: ROOT, encoding: 'utf8' })
      expect(out.length).toBeGreaterThan(0)
    })
  }
})

// The blocks of compile errors: each statement is followed by the text the compiler prints for
// it (the comment lines joined with a space). Each block is type-checked against the build and
// the 6.1 typings (with a tracefs handle, `tfs`, in scope), and every statement must fail with
// exactly that text and nothing else.
describe("README's compile errors", () => {
  const blocks = [
    ...readme.matchAll(
      /<!-- compile errors: checked against the compiler by test\/readme\.test\.ts -->\n```ts\n([\s\S]*?)```/g,
    ),
  ].map((m) => m[1]!)
  const header = [
    "import { synth, tracefs } from 'typed-ftrace'",
    "import 'typed-ftrace/kernels/linux-6.1'",
    'const tfs = await tracefs()',
    '',
  ].join('\n')
  const headerLines = header.split('\n').length - 1

  it('has the blocks: the builder`s and the live backend`s', () => expect(blocks.length).toBe(2))

  blocks.forEach((block, index) => {
    const lines = block.trimEnd().split('\n')
    const expected = new Map<number, string>()
    lines.forEach((line, i) => {
      if (line.startsWith('//') || i + 1 >= lines.length || !lines[i + 1]!.startsWith('// ')) return
      const said: string[] = []
      for (let j = i + 1; j < lines.length && lines[j]!.startsWith('// '); j++) said.push(lines[j]!.slice(3))
      expected.set(i + 1 + headerLines, said.join(' ')) // 1-based line numbers after the header
    })

    it(`block ${index + 1} has a message after each failing statement`, () => {
      expect(expected.size).toBeGreaterThanOrEqual(2)
    })

    it(`block ${index + 1} prints what the compiler prints, line for line`, () => {
      const errors: { line: number; message: string }[] = typecheckErrors(`readme-errors-${index + 1}`, {
        'errors.ts': `${header}${block}export {}\n`,
      })
      // The message is the parameter type the argument does not fit: the problem's text.
      const got = new Map(
        errors.map((e) => [e.line, /parameter of type '"([\s\S]*)"'\.$/.exec(e.message)?.[1] ?? e.message]),
      )
      expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected))
    })
  })
})
