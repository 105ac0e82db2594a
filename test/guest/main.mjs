// Entry point inside the kernel lane: imports the named guest test files
// (all of them when none is named) and runs their tests. With `--dump` first,
// it prints the kernel's tracefs formats, README and release before any test
// runs (see dump.mjs).
import { readdirSync } from 'node:fs'
import { printDump } from './dump.mjs'
import { run } from './harness.mjs'

const here = new URL('.', import.meta.url)
let args = process.argv.slice(2)
if (args[0] === '--dump') {
  printDump()
  args = args.slice(1)
}
const files =
  args.length > 0
    ? args
    : readdirSync(here)
        .filter((f) => f.endsWith('.guest.mjs'))
        .sort()
for (const file of files) await import(new URL(file, here).href)
process.exitCode = (await run()) > 0 ? 1 : 0
