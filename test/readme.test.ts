import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './helpers/paths.js'

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
