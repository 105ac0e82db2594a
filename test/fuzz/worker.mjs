// Runs fuzz cases [from, to) of a seed in this process and reports each on stdout:
// `S <i>` before case i, `R <i> <ok|typed|other> <mutations> <detail>` after it.
import { writeFileSync, writeSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// FUZZ_DIST: another build to attack (e.g. an older one), default this checkout's.
const DIST = process.env.FUZZ_DIST ?? new URL('../../dist', import.meta.url).pathname
const { readTrace, TypedFtraceError } = await import(`${DIST}/src/index.js`)
const { main } = await import(`${DIST}/src/cli/main.js`)
import { makeCase } from './mutate.mjs'

const [seed, from, to] = process.argv.slice(2).map(Number)
const dir = mkdtempSync(join(tmpdir(), 'typed-ftrace-fuzz-'))
const file = join(dir, 'case.dat')
const say = (line) => writeSync(1, `${line}\n`)
const json = (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? v.length : v)

/** Opens the file and reads everything the API offers; 'ok', or 'typed' for a typed error. */
function library(bytes) {
  try {
    const t = readTrace(bytes)
    for (const r of t.records('*')) {
      const o = r.toObject()
      // Every field of the format is in the object, whatever its name (toJSON, __proto__, ...).
      if (Object.keys(o.fields).length !== new Set(r.event.fields.map((f) => f.name)).size)
        throw new Error(`toObject() of ${r.system}/${r.name} lost fields`)
      JSON.stringify(o, json)
      JSON.stringify(r.fields, json)
      void r.comm
    }
    t.btf()
    t.modules()
    t.latencyText()
    return 'ok'
  } catch (error) {
    if (error instanceof TypedFtraceError) return 'typed'
    throw error
  }
}

/** `report` on the file: exit 0, or a one-line message and the damaged-file exit code. */
async function cli(bytes, format) {
  writeFileSync(file, bytes)
  let err = ''
  let out = ''
  const code = await main(['report', file, '--format', format], {
    stdout: (t) => (out += format === 'jsonl' ? t : ''),
    stderr: (t) => (err += t),
  })
  // Every own field of every record with a value is in its JSON line (names from the file are data).
  if (code === 0 && format === 'jsonl') {
    const lines = out.split('\n')
    let n = 0
    for (const r of readTrace(bytes).records('*')) {
      const line = JSON.parse(lines[n++])
      const want = r.event.fields.filter((f) => !f.common && r.field(f.name) !== undefined).length
      if (Object.keys(line.fields).length !== want)
        throw new Error(`report --format jsonl lost fields of ${r.system}/${r.name}`)
    }
  }
  if (code === 0) return 'ok'
  if (code === 3 && err.split('\n').length === 2 && err.endsWith('\n') && err.length <= 1200) return 'typed'
  throw new Error(`report exited ${code} with ${JSON.stringify(err.slice(0, 300))}`)
}

try {
  for (let i = from; i < to; i++) {
    say(`S ${i}`)
    const c = makeCase(seed, i)
    let kind
    let detail = ''
    try {
      const a = library(c.bytes)
      const b = await cli(c.bytes, i % 2 ? 'jsonl' : 'text')
      kind = a === 'ok' && b === 'ok' ? 'ok' : 'typed'
    } catch (error) {
      kind = 'other'
      detail = String(error?.stack ?? error)
        .split('\n')
        .slice(0, 4)
        .join(' | ')
    }
    say(`R ${i} ${kind} ${c.fixture.split('/').pop()}:${c.mutations.join(',') || '-'} ${detail}`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
