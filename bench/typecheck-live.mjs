// Type-check cost of the live backend's typed event methods against the full
// Linux 6.18 typings, with the native compiler single-threaded: for each of N
// events (seeded, varied), enable it, set a typed filter on one of its numeric
// fields and read that field from its records; instantiations net of the same
// file with no calls.
// Run after `npm run build`: node bench/typecheck-live.mjs [count]
import { flagNames, schemaFromDir } from '../dist/src/index.js'
import { ROOT, printFigures, typecheck } from './lib/tsc-diagnostics.mjs'

function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const numeric = (f) => !f.common && !/array|dynamic|string/.test(flagNames(f.flags))

/** The module: a handle typed by the 6.18 typings and one function per event. */
export function liveModule(uses) {
  return [
    "import type { Tracefs } from 'typed-ftrace'",
    "import type { Kernel } from 'typed-ftrace/kernels/linux-6.18'",
    'declare const tfs: Tracefs<Kernel>',
    'declare function use(...values: unknown[]): void',
    ...uses.map(
      ({ system, event, field }, i) => `export async function use${i}(): Promise<void> {
  await tfs.enable('${system}', '${event}')
  await tfs.setFilter('${system}', '${event}', (f) => f.gt('${field}', 1))
  for await (const r of tfs.records('${system}', '${event}')) use(r.${field}, r.ts)
}`,
    ),
    '',
  ].join('\n')
}

/** `count` distinct events with a numeric field of their own, picked with `seed`. */
export function liveUses(schema, count, seed = 1) {
  const random = mulberry32(seed)
  const events = schema.events.filter((e) => e.system !== 'ftrace' && e.fields.some(numeric))
  const uses = []
  const seen = new Set()
  while (uses.length < count && seen.size < events.length) {
    const e = events[Math.floor(random() * events.length)]
    if (seen.has(e.id)) continue
    seen.add(e.id)
    const fields = e.fields.filter(numeric)
    uses.push({ system: e.system, event: e.name, field: fields[Math.floor(random() * fields.length)].name })
  }
  return uses
}

export async function measureLiveEvents(count = 100, seed = 1) {
  const schema = await schemaFromDir(`${ROOT}/test/fixtures/kernels/linux-6.18`)
  const baseline = typecheck('live-events-0', { 'live.ts': liveModule([]) })
  const figures = typecheck(`live-events-${count}`, { 'live.ts': liveModule(liveUses(schema, count, seed)) })
  return {
    events: count,
    instantiations: figures.instantiations - baseline.instantiations,
    instantiationsPerEvent: Math.round((figures.instantiations - baseline.instantiations) / count),
    types: figures.types - baseline.types,
    checkTime: figures.checkTime,
    checkTimeNet: Math.max(0, figures.checkTime - baseline.checkTime),
    memoryMiB: Math.round(figures.memoryKiB / 1024),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 100)
  const f = await measureLiveEvents(count)
  printFigures(`${count} events through enable, setFilter and records against linux-6.18 (tsc --singleThreaded)`, {
    instantiations: f.instantiations,
    'per event': f.instantiationsPerEvent,
    types: f.types,
    'check time': `${f.checkTime.toFixed(3)} s`,
    'net of baseline': `${f.checkTimeNet.toFixed(3)} s`,
    memory: `${f.memoryMiB} MiB`,
  })
}
