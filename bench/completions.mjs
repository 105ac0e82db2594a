// Completion latency of the typed builder in an editor: the language service
// of TypeScript 6 (the native compiler has no JS API) asked for completions at
// every string position of the builder (CASES), against the full Linux 6.18
// typings. Each request follows an edit, as typing would: the
// program is rebuilt incrementally and a new type checker does the work, so
// every request pays for the types it needs. One language service takes the
// cases in turn, round after round (this machine's speed drifts), and the
// report gives the median and p90 of each, the compiler's instantiations per
// request (exact, unlike the times) and whether the median meets the target.
// Run after `npm run build`: node bench/completions.mjs [rounds] [--reread]
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './lib/tsc-diagnostics.mjs'

const ts = createRequire(import.meta.url)('typescript-6')
const DIR = join(ROOT, '.cache/typecheck/completions')
/** Median completion latency the builder is held to, per position. */
export const TARGET_MS = 50

/** The code before each case: a builder bound to one kernel's typings (`kernel`: a module under `typed-ftrace/kernels/`). */
const prefixFor = (kernel) => `import { withSchema } from 'typed-ftrace'
import { schema } from 'typed-ftrace/kernels/${kernel}'
const s = withSchema(schema).synth('lat')
`
const chain = "s.start('sched', 'sched_waking').end('sched', 'sched_switch')"
const matched = `${chain}.match('pid', 'next_pid')`
/** Label -> code after the prefix; the cursor is at the end. Every string position of the builder. */
export const CASES = {
  "start('": "s.start('",
  "start('sched', '": "s.start('sched', '",
  "end('": "s.start('sched', 'sched_waking').end('",
  "end('sched', '": "s.start('sched', 'sched_waking').end('sched', '",
  "match('": `${chain}.match('`,
  "match('pid', '": `${chain}.match('pid', '`,
  "compare('": `${chain}.compare('`,
  "compare('prio', '": `${chain}.compare('prio', '`,
  "delta('": `${matched}.delta('`,
  "startField('": `${matched}.startField('`,
  "endField('": `${matched}.endField('`,
  "onMax('": `${matched}.delta().onMax('`,
  "save('": `${matched}.delta().onMax('delta').save('`,
  "appendStartFilter(…, '": `${chain}.appendStartFilter('compare', '`,
  "appendEndFilter(…, 'prev_pid', '": `${chain}.appendEndFilter('compare', 'prev_pid', '`,
}

/** The code before each live case: a tracefs handle typed by one kernel's typings. */
export const livePrefix = (kernel = 'linux-6.18') => `import type { Tracefs } from 'typed-ftrace'
import type { Kernel } from 'typed-ftrace/kernels/${kernel}'
declare const tfs: Tracefs<Kernel>
`
const sw = "tfs.setFilter('sched', 'sched_switch', (f) => f"
/** Label -> code after {@link livePrefix}: every string position of the live backend's event methods. */
export const LIVE_CASES = {
  "enable('": "tfs.enable('",
  "enable('sched', '": "tfs.enable('sched', '",
  "setFilter(…, f.gt('": `${sw}.gt('`,
  "setFilter(…, f.glob('": `${sw}.glob('`,
  "records('": "tfs.records('",
  "records('sched', '": "tfs.records('sched', '",
}

// One registry for every service: the typings are parsed once.
const registry = ts.createDocumentRegistry()
let services = 0

/**
 * A language service over one in-memory file that imports this package's
 * build. Like an editor's server, it reads each other file once and keeps its
 * snapshot (an editor watches files instead of reading them again on every
 * keystroke); `reread` reads every file again on each request, as this
 * benchmark's host did at first (close to a third of each request's time).
 * `kernel` names the typings the builder is bound to (default the full 6.18).
 */
export function completionService({ reread = false, kernel = 'linux-6.18', prefix = prefixFor(kernel) } = {}) {
  mkdirSync(DIR, { recursive: true })
  const FILE = join(DIR, `use-${services++}.ts`)
  let text = ''
  let version = 0
  const disk = new Map()
  const read = (f) => {
    if (f === FILE) return text
    if (!reread && disk.has(f)) return disk.get(f)
    const t = existsSync(f) ? readFileSync(f, 'utf8') : undefined
    disk.set(f, t)
    return t
  }
  const snapshots = new Map()
  const dirs = new Map()
  const host = {
    getCompilationSettings: () => ({
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      types: [],
    }),
    getScriptFileNames: () => [FILE],
    getScriptVersion: (f) => (f === FILE ? String(version) : '0'),
    getScriptSnapshot: (f) => {
      if (f !== FILE && !reread && snapshots.has(f)) return snapshots.get(f)
      const t = read(f)
      const snapshot = t === undefined ? undefined : ts.ScriptSnapshot.fromString(t)
      if (f !== FILE) snapshots.set(f, snapshot)
      return snapshot
    },
    getCurrentDirectory: () => DIR,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => read(f) !== undefined,
    readFile: (f) => read(f),
    directoryExists: (d) => {
      if (reread || !dirs.has(d)) dirs.set(d, existsSync(d))
      return dirs.get(d)
    },
    getDirectories: () => [],
  }
  const ls = ts.createLanguageService(host, registry)
  return {
    /** Completions at the end of `prefix + code` (with `edit` as a comment line after the prefix, to force a new program). */
    complete(code, edit = '') {
      text = `${prefix}${edit === '' ? '' : `// ${edit}\n`}${code}`
      version++
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      const result = ls.getCompletionsAtPosition(FILE, text.length, { includeCompletionsWithInsertText: true })
      const ms = performance.now() - t0
      const c = process.cpuUsage(c0)
      const cpuMs = (c.user + c.system) / 1000
      const instantiations = ls.getProgram().getTypeChecker().getInstantiationCount()
      return { names: (result?.entries ?? []).map((e) => e.name), ms, cpuMs, instantiations }
    },
  }
}

/** One service (an editor has one program per project), the cases in turn, `rounds` times. */
export function measureCompletions(rounds = 25, options = {}, cases = CASES) {
  const service = completionService(options)
  const first = {}
  for (const [label, code] of Object.entries(cases)) first[label] = service.complete(code) // warm-up
  const times = Object.fromEntries(Object.keys(cases).map((label) => [label, []]))
  const cpu = Object.fromEntries(Object.keys(cases).map((label) => [label, []]))
  const instantiations = {}
  for (let i = 0; i < rounds; i++) {
    for (const [label, code] of Object.entries(cases)) {
      const r = service.complete(code, String(i))
      if (r.names.length === 0) throw new Error(`no completions at ${label}`)
      times[label].push(r.ms)
      cpu[label].push(r.cpuMs)
      instantiations[label] = r.instantiations
    }
  }
  const results = {}
  for (const [label, list] of Object.entries(times)) {
    list.sort((a, b) => a - b)
    cpu[label].sort((a, b) => a - b)
    const medianMs = list[Math.floor(list.length / 2)]
    results[label] = {
      entries: first[label].names.length,
      sample: first[label].names.slice(0, 5),
      medianMs,
      p90Ms: list[Math.floor(list.length * 0.9)],
      minMs: list[0],
      cpuMedianMs: cpu[label][Math.floor(list.length / 2)],
      instantiations: instantiations[label],
      meetsTarget: medianMs < TARGET_MS,
    }
  }
  return results
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const reread = args.includes('--reread')
  const rounds = Number(args.find((a) => !a.startsWith('--')) ?? 25)
  console.log(
    `\nCompletion latency with the TypeScript 6 language service, ${rounds} interleaved rounds${reread ? ', every file read again per request' : ''} (target: median < ${TARGET_MS} ms)`,
  )
  const print = (results) => {
    for (const [label, r] of Object.entries(results)) {
      console.log(
        `  at ${label.padEnd(18)} ${String(r.entries).padStart(3)} entries  median ${r.medianMs.toFixed(1).padStart(5)} ms  p90 ${r.p90Ms.toFixed(1).padStart(5)} ms  min ${r.minMs.toFixed(1).padStart(5)} ms  (CPU ${r.cpuMedianMs.toFixed(1).padStart(5)} ms)  ${String(r.instantiations).padStart(5)} instantiations  ${r.meetsTarget ? 'meets' : 'MISSES'} the target  e.g. ${r.sample.join(', ')}`,
      )
    }
  }
  print(measureCompletions(rounds, { reread }))
  console.log('\nThe live backend (a tracefs handle typed by the same kernel)')
  print(measureCompletions(rounds, { reread, prefix: livePrefix() }, LIVE_CASES))
}
