// Writes generated definitions that the project accepts into the 6.1 kernel and counts what
// the kernel refuses (with its error_log message). Input: a JSON file of specs (argv[2]).
import { readFileSync } from 'node:fs'
import { schemaFromLive, synthFromSpec, tracefs, TracefsError } from '../../dist/src/index.js'

const specs = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const schema = await schemaFromLive()
const tfs = await tracefs()
const counts = { refusedByUs: 0, accepted: 0, kernelRefused: 0 }
const reasons = new Map()
for (const spec of specs) {
  let synth
  try {
    synth = synthFromSpec(spec, schema)
    synth.commands(tfs.compileOptions)
  } catch {
    counts.refusedByUs++
    continue
  }
  try {
    const handle = await tfs.create(synth)
    await handle.destroy()
    counts.accepted++
  } catch (error) {
    counts.kernelRefused++
    const why = error instanceof TracefsError ? `${error.file.replace(/events\/[^/]+\/[^/]+\//, 'events/*/')}: ${error.kernelMessage ?? `${error.code} (empty error_log)`}` : String(error)
    const entry = error instanceof TracefsError ? error.errorLog.at(-1) : undefined
    const detail = entry ? `${spec.name}: at '${entry.command.slice(entry.position, entry.position + 40)}' in ${entry.command}` : spec.name
    reasons.set(why, [...(reasons.get(why) ?? []), detail])
  }
}
console.log(JSON.stringify({ counts, reasons: [...reasons].map(([why, names]) => ({ why, count: names.length, examples: names.slice(0, 3) })) }))
