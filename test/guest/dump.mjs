// Dumps the kernel's own tracefs for the host: every event format, header_page and header_event,
// the README and `uname -r`, gzipped JSON in base64 between two marker lines. The host turns it
// into a format dump folder and generates the kernel's typings from it.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { TRACING } from './lib.mjs'

export const DUMP_BEGIN = 'LANE-DUMP-BEGIN'
export const DUMP_END = 'LANE-DUMP-END'

/** `{ path: text }` of the files a format dump holds, paths relative to the dump's root. */
export function tracefsFiles(root = TRACING) {
  const files = {}
  const events = join(root, 'events')
  for (const header of ['header_page', 'header_event'])
    files[`events/${header}`] = readFileSync(join(events, header), 'utf8')
  for (const system of readdirSync(events, { withFileTypes: true })) {
    if (!system.isDirectory()) continue
    for (const event of readdirSync(join(events, system.name), { withFileTypes: true })) {
      if (!event.isDirectory()) continue
      try {
        files[`events/${system.name}/${event.name}/format`] = readFileSync(
          join(events, system.name, event.name, 'format'),
          'utf8',
        )
      } catch {
        // an event folder without a format file (none on Debian's kernels)
      }
    }
  }
  files.README = readFileSync(join(root, 'README'), 'utf8')
  files.KERNEL_RELEASE = readFileSync('/proc/sys/kernel/osrelease', 'utf8')
  return files
}

/** Prints the dump on stdout. */
export function printDump() {
  const data = gzipSync(JSON.stringify(tracefsFiles())).toString('base64')
  console.log(DUMP_BEGIN)
  for (let i = 0; i < data.length; i += 4096) console.log(data.slice(i, i + 4096))
  console.log(DUMP_END)
}
