// One measured run, in its own process (fresh JIT and heap):
//   node bench/export/run.mjs FILE MODE [OUT_DIR]
// decode:        every record of the file from records(), its time stamp and event read;
// decode-fields: the same, and every field of every record decoded;
// export:        exportTrace() to Parquet (zstd) in OUT_DIR, encoded in its worker thread; export-lz4,
//                export-none: other codecs; export-inline: zstd, encoded in the decoding thread;
// export-arrow:  exportTrace() to Arrow IPC files.
// Prints: records, seconds, CPU seconds of the process, peak RSS (MB), output bytes.
// The times include opening the file (not starting Node).
import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { exportTrace, openTrace } from '../../dist/src/index.js'

const [file, mode, out] = process.argv.slice(2)
const before = process.cpuUsage()
const t0 = performance.now()
const trace = await openTrace(file)
let n = 0
let bytes = 0
if (mode === 'decode' || mode === 'decode-fields') {
  let names = 0
  let sum = 0n
  const all = mode === 'decode-fields'
  for (const r of trace.records('*')) {
    n++
    sum += r.ts
    names += r.name.length
    if (all) for (const f of r.event.fields) r.field(f.name)
  }
  if (sum === 0n && names === 0) console.error('nothing read')
} else {
  rmSync(out, { recursive: true, force: true })
  const [, variant = 'zstd'] = mode.split('-')
  const format = variant === 'arrow' ? 'arrow' : 'parquet'
  const inline = variant === 'inline'
  const result = await exportTrace(trace, {
    out,
    format,
    ...(format === 'parquet' ? { compression: inline ? 'zstd' : variant, thread: !inline } : {}),
  })
  n = result.sources[0].records
  for (const f of readdirSync(out, { recursive: true })) {
    const s = statSync(join(out, String(f)))
    if (s.isFile()) bytes += s.size
  }
}
const seconds = (performance.now() - t0) / 1000
const cpu = process.cpuUsage(before)
const rss = process.resourceUsage().maxRSS / 1024
console.log(`${n} ${seconds.toFixed(6)} ${((cpu.user + cpu.system) / 1e6).toFixed(6)} ${rss.toFixed(0)} ${bytes}`)
