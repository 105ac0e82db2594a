import { flagNames } from '../../src/index.js'
import type { EventFormat, FieldFormat, Schema } from '../../src/index.js'

/** A seeded PRNG (mulberry32): the same seed gives the same definitions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface Spec {
  name: string
  start: string
  end: string
  steps: Record<string, unknown>[]
}

const key = (f: FieldFormat) => `${f.size}/${flagNames(f.flags)}`
const isString = (f: FieldFormat) => flagNames(f.flags).includes('string')
const isNumeric = (f: FieldFormat) => !/array|dynamic/.test(flagNames(f.flags))

/**
 * Random definitions over a schema, mixing valid and invalid ones: any event
 * pair (the same event on both sides, events named without their system),
 * compatible and incompatible matches, compares of all three kinds on time
 * stamps and fields (strings too), start and end fields with and without
 * names, filters with every operator, parentheses (some left open, some
 * misplaced), `!`, handlers with every action, unknown fields and names used twice.
 */
export function generateSpecs(schema: Schema, count: number, seed: number): Spec[] {
  const random = prng(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const chance = (p: number) => random() < p
  const events = schema.events.filter((e) => e.system !== 'ftrace' && e.fields.filter((f) => !f.common).length >= 2)
  const favourites = [
    'sched/sched_waking',
    'sched/sched_switch',
    'sched/sched_wakeup',
    'irq/irq_handler_entry',
    'irq/irq_handler_exit',
    'timer/hrtimer_start',
    'timer/hrtimer_expire_entry',
  ]
    .map((n) => schema.find(n.split('/')[0], n.split('/')[1]!)!)
    .filter(Boolean)
  const specs: Spec[] = []
  const name = (e: EventFormat) =>
    chance(0.2) && schema.find(undefined, e.name) === e ? e.name : `${e.system}/${e.name}`
  for (let n = 0; specs.length < count; n++) {
    const start = chance(0.5) ? pick(favourites) : pick(events)
    const end = chance(0.1) ? start : chance(0.5) ? pick(favourites) : pick(events)
    const own = (e: EventFormat) => e.fields.filter((f) => !f.common)
    const all = (e: EventFormat) => e.fields
    const pairs: [FieldFormat, FieldFormat][] = []
    for (const a of all(start))
      for (const b of all(end)) if (key(a) === key(b) && (!a.common || chance(0.3))) pairs.push([a, b])
    const steps: Record<string, unknown>[] = []
    const used = new Set<string>()
    const fresh = (base: string) => {
      let nm = base.replace(/[^\w]/g, '_')
      while (used.has(nm)) nm = `${nm}_${used.size}`
      used.add(nm)
      return nm
    }
    // First match: compatible mostly; sometimes incompatible or unknown.
    const roll = random()
    if (pairs.length > 0 && roll < 0.85) {
      const [a, b] = pick(pairs)
      steps.push(
        chance(0.6)
          ? { match: [a.name, b.name], as: fresh(chance(0.5) ? a.name : 'key') }
          : { match: [a.name, b.name] },
      )
    } else if (roll < 0.93) steps.push({ match: [pick(all(start)).name, pick(all(end)).name] })
    else steps.push({ match: ['no_such_field', pick(all(end)).name] })
    if (chance(0.15) && pairs.length > 1) {
      const [a, b] = pick(pairs)
      steps.push({ match: [a.name, b.name] })
    }
    const numericStart = own(start).filter(isNumeric)
    const extra = Math.floor(random() * 5)
    let hasNumericOut: string | undefined
    for (let i = 0; i < extra; i++) {
      const r = random()
      if (r < 0.3) {
        const ts = chance(0.5) ? 'TIMESTAMP_USECS' : 'TIMESTAMP'
        const as = fresh(chance(0.7) ? 'delta' : 'lat')
        if (chance(0.3)) steps.push({ delta: ts === 'TIMESTAMP' ? 'TIMESTAMP' : true, as })
        else steps.push({ compare: [ts, ts], calc: pick(['delta-end', 'delta-start', 'add']), as })
        hasNumericOut = as
      } else if (r < 0.4 && pairs.length > 0) {
        const [a, b] = pick(pairs)
        const as = fresh(`c_${a.name}`)
        steps.push({ compare: [a.name, b.name], calc: pick(['delta-end', 'delta-start', 'add']), as })
        if (isNumeric(a)) hasNumericOut = as
      } else if (r < 0.6) {
        const f = pick(own(start))
        steps.push(chance(0.5) ? { startField: f.name, as: fresh(`s_${f.name}`) } : { startField: f.name })
        used.add(f.name)
      } else if (r < 0.8) {
        const f = pick(own(end))
        steps.push(chance(0.5) ? { endField: f.name, as: fresh(`e_${f.name}`) } : { endField: f.name })
        used.add(f.name)
      } else {
        // A filter on either side: comparisons with every operator, connectives, parentheses.
        const side = chance(0.5) ? 'startFilter' : 'endFilter'
        const event = side === 'startFilter' ? start : end
        const tokens = Math.floor(random() * 5) + 1
        for (let t = 0; t < tokens; t++) {
          const k = random()
          if (k < 0.55) {
            const f = pick(all(event))
            const op = isString(f) ? pick(['==', '!=', '~', '<']) : pick(['==', '!=', '>', '>=', '<', '<=', '&', '~'])
            const value = isString(f) ? pick(['"bash*"', 'node', '"x?"']) : pick(['0', '1', '100', '0x10', '-1'])
            steps.push({ [side]: [f.name, op, value] })
          } else steps.push({ [side]: pick(['&&', '||', '!', '(', ')']) })
        }
      }
    }
    const h = random()
    if (h < 0.15) steps.push({ onMatch: true, trace: true })
    else if (h < 0.35) {
      const variable = hasNumericOut ?? (chance(0.5) ? 'delta' : pick(own(end)).name)
      const which = chance(0.5) ? 'onMax' : 'onChange'
      const a = random()
      steps.push(
        a < 0.4
          ? { [which]: variable, trace: true }
          : a < 0.7
            ? { [which]: variable, snapshot: true }
            : { [which]: variable, save: [pick(own(end)).name, pick(own(end)).name] },
      )
    }
    specs.push({ name: `gen_${n}`, start: name(start), end: name(end), steps })
  }
  return specs
}
