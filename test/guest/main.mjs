// Entry point inside the kernel lane: imports the named guest test files
// (all of them when none is named) and runs their tests.
import { readdirSync } from 'node:fs'
import { run } from './harness.mjs'

const here = new URL('.', import.meta.url)
const files =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : readdirSync(here)
        .filter((f) => f.endsWith('.guest.mjs'))
        .sort()
for (const file of files) await import(new URL(file, here).href)
process.exitCode = (await run()) > 0 ? 1 : 0
