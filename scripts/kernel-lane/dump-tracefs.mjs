// Reads a kernel's tracefs dump out of a lane's output (test/guest/dump.mjs prints it) and
// writes it as a format dump folder: KERNEL_RELEASE, README, events/<system>/<event>/format,
// events/header_page and events/header_event.
//
//   node scripts/kernel-lane/dump-tracefs.mjs --lane 6.12 OUT_DIR    boots the lane and writes the dump
import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { runInGuest } from './lane.mjs'

const BEGIN = 'LANE-DUMP-BEGIN'
const END = 'LANE-DUMP-END'

/** The dumped files `{ path: text }` in a lane's output, or undefined when it holds none. */
export function dumpFromOutput(output) {
  const from = output.indexOf(`${BEGIN}\n`)
  const to = output.indexOf(`\n${END}`, from)
  if (from < 0 || to < 0) return undefined
  const data = output.slice(from + BEGIN.length + 1, to).replace(/\s+/g, '')
  return JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8'))
}

/** Writes the dumped files under `dir` (emptied first). */
export function writeDump(files, dir) {
  rmSync(dir, { recursive: true, force: true })
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, text)
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let argv = process.argv.slice(2)
  let lane = '6.12'
  if (argv[0] === '--lane') {
    lane = argv[1]
    argv = argv.slice(2)
  }
  const out = argv[0]
  if (!out) {
    console.error('usage: node scripts/kernel-lane/dump-tracefs.mjs [--lane 6.1|6.12] OUT_DIR')
    process.exit(2)
  }
  const run = await runInGuest('test/guest/main.mjs', ['--dump', 'readme.guest.mjs'], { lane })
  const files = dumpFromOutput(run.output)
  if (!files) {
    console.error(`no dump in the lane's output:\n${run.output.slice(-3000)}`)
    process.exit(1)
  }
  writeDump(files, out)
  console.error(
    `kernel lane ${lane}: ${Object.keys(files).length} files of ${files.KERNEL_RELEASE.trim()} written to ${out} (${run.totalMs} ms)`,
  )
}
