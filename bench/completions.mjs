// Completion latency of the typed builder in an editor: the language service
// of TypeScript 6 (the native compiler has no JS API) asked for completions at
// `.start('sched', '` and at `.match('`, against the full Linux 6.18 typings.
// Prints the median and p90 of repeated requests (after a warm-up).
// Run after `npm run build`: node bench/completions.mjs
import { createRequire } from 'node:module'
import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './lib/tsc-diagnostics.mjs'

const ts = createRequire(import.meta.url)('typescript-6')
const FILE = join(ROOT, '.cache/typecheck/completions/use.ts')
const prefix = `import { withSchema } from 'typed-ftrace'
import { schema } from 'typed-ftrace/kernels/linux-6.18'
const s = withSchema(schema).synth('lat')
`
const cases = {
  "start('sched', '": `${prefix}s.start('sched', '`,
  "match('": `${prefix}s.start('sched', 'sched_waking').end('sched', 'sched_switch').match('`,
  "match('pid', '": `${prefix}s.start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', '`,
}

function service(text) {
  const files = new Map([[FILE, text]])
  const host = {
    getCompilationSettings: () => ({ strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] }),
    getScriptFileNames: () => [FILE],
    getScriptVersion: (f) => (f === FILE ? String(version) : '0'),
    getScriptSnapshot: (f) => {
      const t = files.get(f) ?? (existsSync(f) ? readFileSync(f, 'utf8') : undefined)
      return t === undefined ? undefined : ts.ScriptSnapshot.fromString(t)
    },
    getCurrentDirectory: () => join(ROOT, '.cache/typecheck/completions'),
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => files.has(f) || existsSync(f),
    readFile: (f) => files.get(f) ?? (existsSync(f) ? readFileSync(f, 'utf8') : undefined),
    directoryExists: (d) => existsSync(d),
    getDirectories: () => [],
  }
  let version = 0
  const ls = ts.createLanguageService(host, ts.createDocumentRegistry())
  return {
    complete(newText) {
      files.set(FILE, newText)
      version++
      return ls.getCompletionsAtPosition(FILE, newText.length, { includeCompletionsWithInsertText: true })
    },
  }
}

export function measureCompletions(runs = 25) {
  const results = {}
  for (const [label, text] of Object.entries(cases)) {
    const ls = service(text)
    const first = ls.complete(text)
    const times = []
    for (let i = 0; i < runs; i++) {
      // An edit before each request, as typing would make: the program is rebuilt incrementally.
      const edited = `${text.slice(0, prefix.length - 1)}\n// ${i}\n${text.slice(prefix.length - 1)}`
      const t0 = performance.now()
      const r = ls.complete(edited)
      times.push(performance.now() - t0)
      if (!r) throw new Error(`no completions at ${label}`)
    }
    times.sort((a, b) => a - b)
    results[label] = {
      entries: first?.entries.length ?? 0,
      sample: (first?.entries ?? []).slice(0, 4).map((e) => e.name),
      medianMs: times[Math.floor(times.length / 2)],
      p90Ms: times[Math.floor(times.length * 0.9)],
    }
  }
  return results
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { mkdirSync } = await import('node:fs')
  mkdirSync(join(ROOT, '.cache/typecheck/completions'), { recursive: true })
  console.log('\nCompletion latency with the TypeScript 6 language service (target: median < 50 ms)')
  for (const [label, r] of Object.entries(measureCompletions())) {
    console.log(`  at ${label.padEnd(18)} ${String(r.entries).padStart(4)} entries  median ${r.medianMs.toFixed(1)} ms  p90 ${r.p90Ms.toFixed(1)} ms  e.g. ${r.sample.join(', ')}`)
  }
}
