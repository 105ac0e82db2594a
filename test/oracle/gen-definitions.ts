// Seeded random synthetic-event definitions (JSON specs) over a kernel's
// formats, for the libtracefs oracle and the differential test. The same
// schema and seed always give the same definitions.
//
// Every spec belongs to one scenario (cycled, so that each is well covered);
// its `description` names the scenario and what the spec tries (`same-event`,
// `incompatible-match`, `unclosed-paren`, ...). Many are meant to be refused:
// unknown events and fields (ENODEV), incompatible matches (EBADE),
// calculations on strings (EINVAL), bad filter sequences (EINVAL), unfinished
// filters (create's EBADE), odd-sized fields (EBADF).
import { prng } from './gen-specs.js'
import type { OracleFilter, OracleSpec, OracleStep } from './libtracefs-oracle.js'

/** The part of a schema the generator reads (the project's `Schema` fits). */
export interface GenSchema {
  readonly events: readonly GenEvent[]
}
export interface GenEvent {
  readonly system: string
  readonly name: string
  readonly id: number
  readonly fields: readonly GenField[]
}
export interface GenField {
  readonly name: string
  readonly size: number
  /** libtraceevent `TEP_FIELD_IS_*` flags. */
  readonly flags: number
  readonly common: boolean
}

// libtraceevent's flags, as libtracefs reads them.
const ARRAY = 1
const POINTER = 2
const STRING = 8
const DYNAMIC = 16

/** The scenarios, in the order they are cycled through. */
export const SCENARIOS = [
  'latency',
  'same-event',
  'by-name',
  'multi-match',
  'bad-match',
  'compare',
  'fields',
  'filters',
  'handlers',
  'names',
  'unknown',
  'mixed',
] as const
export type Scenario = (typeof SCENARIOS)[number]

export interface GenerateOptions {
  seed: number
  count: number
  /** Prefix of the synthetic event names (default `gen`). */
  prefix?: string
}

/** Pairs of events that go together in real use (kept when both exist). */
const FAVOURITES: readonly (readonly [string, string])[] = [
  ['sched/sched_waking', 'sched/sched_switch'],
  ['sched/sched_wakeup', 'sched/sched_switch'],
  ['irq/irq_handler_entry', 'irq/irq_handler_exit'],
  ['irq/softirq_entry', 'irq/softirq_exit'],
  ['raw_syscalls/sys_enter', 'raw_syscalls/sys_exit'],
  ['timer/hrtimer_start', 'timer/hrtimer_expire_entry'],
  ['block/block_rq_issue', 'block/block_rq_complete'],
  ['kmem/kmalloc', 'kmem/kfree'],
  ['preemptirq/irq_disable', 'preemptirq/irq_enable'],
  ['sched/sched_process_fork', 'sched/sched_process_exit'],
]

const scalar = (f: GenField) => (f.flags & (ARRAY | DYNAMIC)) === 0
const stringy = (f: GenField) => (f.flags & STRING) !== 0
const compat = (f: GenField) => `${f.size}:${f.flags & ~POINTER}`

/** A definition in the making. */
class Draft {
  readonly steps: OracleStep[] = []
  readonly tags = new Set<string>()
  /** Names given with `as` so far, and which kind of variable they became in libtracefs. */
  readonly matchNames: string[] = []
  readonly hashedNames: string[] = []
  readonly used = new Set<string>()
  numericOut: string | undefined

  constructor(
    readonly start: GenEvent,
    readonly end: GenEvent,
  ) {}

  tag(...t: string[]): void {
    for (const x of t) this.tags.add(x)
  }
}

/**
 * `count` definitions over `schema`, deterministic for `seed`. Covers: event
 * pairs of every kind (the same event on both sides, events named without
 * their system, unknown events and systems), single and multiple matches
 * (compatible, incompatible, unknown), compares with all three calculations
 * on time stamps, numeric fields, strings and arrays (and without a name),
 * start and end fields with and without names (odd sizes, strings, arrays,
 * the COMM and STACKTRACE pseudo-fields), filters with every operator,
 * parentheses (closed, left open, misplaced), `!`, conjunctions left
 * dangling, onMatch/onMax/onChange with trace/snapshot/save on every kind of
 * variable, and names that clash.
 */
export function generateDefinitions(schema: GenSchema, options: GenerateOptions): OracleSpec[] {
  const random = prng(options.seed)
  const prefix = options.prefix ?? 'gen'
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const chance = (p: number) => random() < p
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))

  const events = schema.events.filter((e) => e.fields.some((f) => !f.common))
  const byFullName = new Map(schema.events.map((e) => [`${e.system}/${e.name}`, e]))
  const idOrder = [...schema.events].sort((a, b) => a.id - b.id)
  /** The event libtracefs finds for a name without a system: the lowest id. */
  const byBareName = (name: string) => idOrder.find((e) => e.name === name)
  const favourites = FAVOURITES.map(([a, b]) => [byFullName.get(a), byFullName.get(b)] as const).filter(
    (p): p is readonly [GenEvent, GenEvent] => p[0] !== undefined && p[1] !== undefined,
  )
  if (events.length === 0) throw new Error('generateDefinitions: the schema has no events with fields')
  const own = (e: GenEvent) => e.fields.filter((f) => !f.common)
  const anyField = (e: GenEvent) => pick(e.fields)
  const ownField = (e: GenEvent) => pick(own(e))

  /** Compatible (start, end) field pairs; common fields only now and then. */
  const pairsOf = (a: GenEvent, b: GenEvent, withCommon = chance(0.3)) => {
    const out: [GenField, GenField][] = []
    for (const x of a.fields)
      for (const y of b.fields)
        if (compat(x) === compat(y) && (withCommon || (!x.common && !y.common))) out.push([x, y])
    return out
  }
  const incompatibleOf = (a: GenEvent, b: GenEvent) => {
    const out: [GenField, GenField][] = []
    for (const x of own(a)) for (const y of own(b)) if (compat(x) !== compat(y)) out.push([x, y])
    return out
  }

  const eventName = (e: GenEvent, d: Draft, bare = chance(0.2)) => {
    if (bare && byBareName(e.name) === e) {
      d.tag('by-name')
      return e.name
    }
    return `${e.system}/${e.name}`
  }

  const fresh = (d: Draft, base: string) => {
    let name = base.replace(/\W/g, '_')
    for (let i = 2; d.used.has(name); i++) name = `${base.replace(/\W/g, '_')}_${i}`
    d.used.add(name)
    return name
  }

  // ---------------------------------------------------------- steps

  /** A match step between compatible fields (the string form when both are named alike). */
  const matchStep = (d: Draft, named = chance(0.5)): boolean => {
    const pairs = pairsOf(d.start, d.end)
    const all = pairs.length ? pairs : pairsOf(d.start, d.end, true)
    if (!all.length) {
      d.tag('no-compatible-match')
      d.steps.push({ match: [ownField(d.start).name, ownField(d.end).name] })
      return false
    }
    const [a, b] = pick(all)
    const as = named ? fresh(d, chance(0.6) ? a.name : 'key') : undefined
    const match = a.name === b.name && chance(0.6) ? a.name : ([a.name, b.name] as const)
    d.steps.push(as === undefined ? { match } : { match, as })
    if (as !== undefined) {
      d.matchNames.push(as)
      if (scalar(a)) d.numericOut ??= as
    }
    return true
  }

  const incompatibleMatch = (d: Draft) => {
    const bad = incompatibleOf(d.start, d.end)
    if (!bad.length) return matchStep(d)
    const [a, b] = pick(bad)
    d.steps.push({ match: [a.name, b.name] })
    d.tag('incompatible-match')
    return false
  }

  const TIMESTAMPS = ['TIMESTAMP', 'TIMESTAMP_USECS'] as const
  const CALCS = ['delta-end', 'delta-start', 'add'] as const

  const compareStep = (d: Draft) => {
    const calc = pick(CALCS)
    const r = random()
    let pair: [string, string]
    if (r < 0.45) {
      const ts = pick(TIMESTAMPS)
      pair = [ts, ts]
      d.tag('compare-timestamp')
    } else if (r < 0.52) {
      pair = chance(0.5) ? ['TIMESTAMP', 'TIMESTAMP_USECS'] : ['TIMESTAMP_USECS', 'TIMESTAMP']
      d.tag('compare-mixed-units')
    } else if (r < 0.75) {
      const numeric = pairsOf(d.start, d.end, true).filter(([a]) => scalar(a))
      if (!numeric.length) return compareStep(d)
      const [a, b] = pick(numeric)
      pair = [a.name, b.name]
      d.tag('compare-fields')
    } else if (r < 0.85) {
      const strings = pairsOf(d.start, d.end, true).filter(([a]) => !scalar(a))
      const [a, b] = strings.length ? pick(strings) : [anyField(d.start), anyField(d.end)]
      pair = [a.name, b.name]
      d.tag(strings.length ? 'compare-string' : 'compare-any')
    } else if (r < 0.92) {
      const bad = incompatibleOf(d.start, d.end)
      const [a, b] = bad.length ? pick(bad) : [anyField(d.start), anyField(d.end)]
      pair = [a.name, b.name]
      d.tag('compare-incompatible')
    } else {
      pair = chance(0.5) ? ['no_such_field', pick(TIMESTAMPS)] : [pick(TIMESTAMPS), 'nor_this_one']
      d.tag('compare-unknown')
    }
    if (chance(0.08)) {
      d.steps.push({ compare: pair, calc })
      d.tag('compare-without-name')
      return
    }
    const as = fresh(d, pick(['delta', 'lat', 'sum', `c_${pair[0].toLowerCase()}`]))
    if (chance(0.15) && pair[0] === pair[1] && calc === 'delta-end') {
      d.steps.push(pair[0] === 'TIMESTAMP_USECS' && chance(0.5) ? { delta: true, as } : { delta: pair[0], as })
      d.tag('delta')
    } else d.steps.push({ compare: pair, calc, as })
    d.tag(`calc-${calc}`)
    d.hashedNames.push(as)
    d.numericOut ??= as
  }

  /** A field for start/end fields, odd ones included. */
  const sourceField = (e: GenEvent, d: Draft): string => {
    const r = random()
    if (r < 0.7) return ownField(e).name
    if (r < 0.76) return anyField(e).name
    if (r < 0.82) {
      d.tag('timestamp-field')
      return pick(TIMESTAMPS)
    }
    if (r < 0.88) {
      d.tag('comm-pseudo-field')
      return pick(['COMM', 'comm'])
    }
    if (r < 0.92) {
      d.tag('stacktrace-field')
      return 'STACKTRACE'
    }
    if (r < 0.96) {
      const odd = e.fields.filter((f) => !scalar(f) || ![1, 2, 4, 8].includes(f.size))
      if (odd.length) {
        d.tag('array-or-odd-field')
        return pick(odd).name
      }
      return ownField(e).name
    }
    d.tag('unknown-field')
    return 'no_such_field'
  }

  const startFieldStep = (d: Draft) => {
    const f = sourceField(d.start, d)
    if (chance(0.5)) {
      const as = fresh(d, `s_${f.toLowerCase()}`)
      d.steps.push({ startField: f, as })
      d.hashedNames.push(as)
    } else {
      d.steps.push({ startField: f })
      d.hashedNames.push(f)
      d.tag('start-field-unnamed')
    }
  }

  const endFieldStep = (d: Draft) => {
    const f = sourceField(d.end, d)
    const r = random()
    if (r < 0.45) {
      const as = fresh(d, `e_${f.toLowerCase()}`)
      d.steps.push({ endField: f, as })
      d.hashedNames.push(as)
    } else if (r < 0.5) {
      // libtracefs keeps a name starting with __arg as it is, unhashed.
      const as = fresh(d, `__arg_e_${f.toLowerCase()}`)
      d.steps.push({ endField: f, as })
      d.matchNames.push(as)
      d.tag('end-field-arg-name')
    } else {
      d.steps.push({ endField: f })
      d.tag('end-field-unnamed')
    }
  }

  // ---------------------------------------------------------- filters

  const OPS = ['==', '!=', '>', '>=', '<', '<=', '~', '&'] as const
  const NUMBERS = ['0', '1', '100', '-1', '0x10', '077', '18446744073709551615', '1 ', '"1"']
  const STRINGS = ['"bash*"', 'bash', '"a b"', "'sh'", '"say \\"hi\\""', '"x?"', '*', '""']

  const comparison = (e: GenEvent, d: Draft): OracleFilter => {
    if (chance(0.9)) {
      // One libtracefs takes: an operator the field's type allows.
      const fields = e.fields.filter((f) => scalar(f) || stringy(f))
      const f = pick(fields)
      const op = stringy(f) ? pick(['==', '!=', '~'] as const) : pick(OPS.filter((o) => o !== '~'))
      d.tag(`op${op}`)
      return [f.name, op, stringy(f) ? pick(STRINGS) : pick(NUMBERS)]
    }
    const r = random()
    let name: string
    let kind: 'numeric' | 'string' | 'array'
    if (r < 0.8) {
      const f = anyField(e)
      name = f.name
      kind = stringy(f) ? 'string' : scalar(f) ? 'numeric' : 'array'
    } else if (r < 0.88) {
      name = pick(TIMESTAMPS)
      kind = 'numeric'
      d.tag('filter-timestamp')
    } else if (r < 0.94) {
      name = pick(['COMM', 'comm'])
      kind = 'numeric' // libtracefs 1.6.4 gives COMM no string flag
      d.tag('filter-comm')
    } else {
      name = 'no_such_field'
      kind = 'numeric'
      d.tag('filter-unknown-field')
    }
    const op =
      kind === 'string'
        ? chance(0.85)
          ? pick(['==', '!=', '~'] as const)
          : pick(OPS)
        : kind === 'numeric'
          ? chance(0.9)
            ? pick(OPS.filter((o) => o !== '~'))
            : '~'
          : pick(OPS)
    d.tag(`op${op}`)
    if (kind === 'array') d.tag('filter-array')
    const value = kind === 'string' ? pick(STRINGS) : pick(NUMBERS)
    if (chance(0.1)) return [name, op, Number.parseInt(value, 10) || 0]
    return [name, op, value]
  }

  /** A well-formed filter as tokens: terms joined by && / ||, with ! and parentheses. */
  const expression = (e: GenEvent, d: Draft, depth: number): OracleFilter[] => {
    const out: OracleFilter[] = []
    const terms = int(1, depth > 1 ? 2 : 3)
    for (let i = 0; i < terms; i++) {
      if (i) out.push(chance(0.5) ? '&&' : '||')
      if (chance(0.25)) {
        out.push('!')
        d.tag('not')
      }
      if (depth < 3 && chance(0.3)) {
        out.push('(', ...expression(e, d, depth + 1), ')')
        d.tag('parens')
      } else out.push(comparison(e, d))
    }
    return out
  }

  const filterSteps = (d: Draft, side: 'startFilter' | 'endFilter') => {
    const e = side === 'startFilter' ? d.start : d.end
    let tokens = expression(e, d, 1)
    const r = random()
    if (r < 0.12) {
      // Leave parentheses open: libtracefs closes them itself.
      const closes = tokens.flatMap((t, i) => (t === ')' ? [i] : []))
      if (closes.length) {
        tokens = tokens.filter((_, i) => i !== closes[closes.length - 1])
        d.tag('unclosed-paren')
      } else {
        tokens = ['(', ...tokens]
        d.tag('unclosed-paren')
      }
    } else if (r < 0.22) {
      tokens.push(pick(['&&', '||', '!', '('] as const))
      d.tag('unfinished-filter')
    } else if (r < 0.34) {
      // An invalid sequence somewhere: a token where it cannot go.
      const at = int(0, tokens.length)
      const bad = pick<OracleFilter>([')', '&&', '||', comparison(e, d)])
      tokens.splice(at, 0, bad)
      d.tag('maybe-bad-filter-sequence')
    } else if (r < 0.38) {
      tokens = [pick([')', '&&', '||'] as const), ...tokens]
      d.tag('bad-filter-start')
    }
    for (const t of tokens) d.steps.push(side === 'startFilter' ? { startFilter: t } : { endFilter: t })
  }

  // ---------------------------------------------------------- handlers

  const handlerVariable = (d: Draft): string => {
    const r = random()
    if (r < 0.6 && d.matchNames.length) {
      d.tag('var-match-name')
      return pick(d.matchNames)
    }
    if (r < 0.75 && d.hashedNames.length) {
      d.tag('var-hashed-name')
      return pick(d.hashedNames)
    }
    if (r < 0.8 && d.numericOut) return d.numericOut
    if (r < 0.86) {
      d.tag('var-end-field')
      return ownField(d.end).name
    }
    if (r < 0.92 && d.matchNames.length) {
      d.tag('var-prefix')
      return pick(d.matchNames).slice(0, 1)
    }
    d.tag('var-unknown')
    return pick(['delta', 'no_such_var', '$delta'])
  }

  const handlerStep = (d: Draft) => {
    const r = random()
    const action = (): { trace: true } | { snapshot: true } | { save: string[] } => {
      const a = random()
      if (a < 0.4) return { trace: true }
      if (a < 0.65) return { snapshot: true }
      const fields = Array.from({ length: int(0, 3) }, () =>
        chance(0.9) ? ownField(d.end).name : chance(0.5) ? 'no_such_field' : pick(['TIMESTAMP', 'COMM']),
      )
      if (!fields.length) d.tag('save-nothing')
      return { save: fields }
    }
    if (r < 0.25) {
      const a = chance(0.85) ? ({ trace: true } as const) : action()
      d.steps.push({ onMatch: true, ...a })
      d.tag(`onmatch-${Object.keys(a)[0]}`)
    } else {
      const handler = chance(0.5) ? 'onMax' : 'onChange'
      const a = action()
      const variable = handlerVariable(d)
      d.steps.push(handler === 'onMax' ? { onMax: variable, ...a } : { onChange: variable, ...a })
      d.tag(`${handler.toLowerCase()}-${Object.keys(a)[0]}`)
    }
  }

  // ---------------------------------------------------------- scenarios

  const favouritePair = (): readonly [GenEvent, GenEvent] =>
    favourites.length && chance(0.8) ? pick(favourites) : [pick(events), pick(events)]

  const extras = (d: Draft, n: number) => {
    for (let i = 0; i < n; i++) {
      const r = random()
      if (r < 0.3) compareStep(d)
      else if (r < 0.5) startFieldStep(d)
      else if (r < 0.7) endFieldStep(d)
      else if (r < 0.85) filterSteps(d, chance(0.5) ? 'startFilter' : 'endFilter')
      else matchStep(d, false)
    }
  }

  const build = (scenario: Scenario, index: number): OracleSpec => {
    let [start, end] = favouritePair()
    let startName: string | undefined
    let endName: string | undefined
    if (scenario === 'same-event') end = start = chance(0.5) ? start : pick(events)
    const d = new Draft(start, end)
    d.tag(scenario)
    if (start === end) d.tag('same-event')
    let name = `${prefix}_${index}`

    switch (scenario) {
      case 'latency': {
        matchStep(d, chance(0.7))
        compareStep(d)
        if (chance(0.5)) startFieldStep(d)
        if (chance(0.5)) endFieldStep(d)
        if (chance(0.4)) handlerStep(d)
        break
      }
      case 'same-event': {
        const f = pick(start.fields.filter(scalar))
        d.steps.push(chance(0.6) ? { match: f.name } : { match: [f.name, f.name], as: fresh(d, f.name) })
        extras(d, int(0, 3))
        break
      }
      case 'by-name': {
        startName = eventName(start, d, chance(0.8))
        endName = eventName(end, d, chance(0.8))
        matchStep(d)
        extras(d, int(0, 2))
        break
      }
      case 'multi-match': {
        d.tag('multi-match')
        matchStep(d)
        const more = int(1, 2)
        for (let i = 0; i < more; i++) {
          const r = random()
          if (r < 0.7) matchStep(d, chance(0.3))
          else if (r < 0.85) incompatibleMatch(d)
          else {
            d.steps.push({ match: [ownField(start).name, 'no_such_field'] })
            d.tag('unknown-match-field')
          }
        }
        extras(d, int(0, 2))
        break
      }
      case 'bad-match': {
        const r = random()
        if (r < 0.5) incompatibleMatch(d)
        else if (r < 0.7) {
          d.steps.push({
            match: chance(0.5) ? ['no_such_field', ownField(end).name] : [ownField(start).name, 'no_such_field'],
          })
          d.tag('unknown-match-field')
        } else if (r < 0.85) {
          d.steps.push({
            match: [pick(['TIMESTAMP', 'COMM', 'STACKTRACE']), pick(['TIMESTAMP', 'COMM', 'common_pid'])],
          })
          d.tag('pseudo-field-match')
        } else {
          d.tag('no-match')
        }
        extras(d, int(0, 2))
        break
      }
      case 'compare': {
        matchStep(d)
        for (let i = int(1, 3); i > 0; i--) compareStep(d)
        if (chance(0.3)) handlerStep(d)
        break
      }
      case 'fields': {
        matchStep(d)
        for (let i = int(1, 4); i > 0; i--) (chance(0.5) ? startFieldStep : endFieldStep)(d)
        break
      }
      case 'filters': {
        matchStep(d)
        if (chance(0.5)) compareStep(d)
        const sides = pick([['startFilter'], ['endFilter'], ['startFilter', 'endFilter']] as const)
        for (const side of sides) filterSteps(d, side)
        break
      }
      case 'handlers': {
        matchStep(d, chance(0.9))
        if (chance(0.8)) compareStep(d)
        if (chance(0.4)) endFieldStep(d)
        for (let i = int(1, 3); i > 0; i--) handlerStep(d)
        break
      }
      case 'names': {
        matchStep(d, true)
        const r = random()
        const taken = [...d.matchNames, ...d.hashedNames]
        const clash = taken.length ? pick(taken) : 'pid'
        if (r < 0.2) {
          d.steps.push({ startField: ownField(start).name, as: clash }, { endField: ownField(end).name, as: clash })
          d.tag('same-name-twice')
        } else if (r < 0.4) {
          d.steps.push({ compare: ['TIMESTAMP_USECS', 'TIMESTAMP_USECS'], calc: 'delta-end', as: clash })
          d.hashedNames.push(clash)
          d.tag('compare-named-like-match')
        } else if (r < 0.55) {
          name = pick([end.name, start.name, 'wakeup_lat'])
          d.tag('event-named-like-another')
        } else if (r < 0.7) {
          name = pick(['bad name', "it's", 'x;y', '1abc', '', 'a'.repeat(70)])
          d.tag('odd-event-name')
        } else if (r < 0.85) {
          const as = pick(['a b', '"q"', 'x=y', 'p,q', "'s'", '$v'])
          d.steps.push(chance(0.5) ? { startField: ownField(start).name, as } : { endField: ownField(end).name, as })
          d.tag('odd-field-name')
        } else {
          const f = ownField(start)
          d.steps.push({ startField: f.name }, { startField: f.name })
          d.tag('same-field-twice')
        }
        extras(d, int(0, 1))
        if (chance(0.4)) handlerStep(d)
        break
      }
      case 'unknown': {
        const r = random()
        if (r < 0.25) startName = pick(['sched/no_such_event', 'no_such_event'])
        else if (r < 0.5) endName = pick(['sched/no_such_event', 'no_such_event'])
        else if (r < 0.65) startName = `no_such_system/${start.name}`
        else if (r < 0.75) endName = `irq/${end.name === 'irq_handler_exit' ? 'sched_switch' : end.name}`
        d.tag('unknown-event')
        matchStep(d)
        extras(d, int(0, 2))
        break
      }
      case 'mixed': {
        if (chance(0.2)) incompatibleMatch(d)
        else matchStep(d)
        extras(d, int(1, 5))
        for (let i = int(0, 2); i > 0; i--) handlerStep(d)
        break
      }
    }
    // A little of everything everywhere.
    if (scenario !== 'mixed' && chance(0.15)) extras(d, 1)
    if (scenario !== 'handlers' && scenario !== 'mixed' && chance(0.1)) handlerStep(d)
    return {
      name,
      start: startName ?? eventName(start, d),
      end: endName ?? eventName(end, d),
      steps: d.steps,
      description: [...d.tags].join(' '),
    }
  }

  const specs: OracleSpec[] = []
  for (let i = 0; i < options.count; i++) specs.push(build(SCENARIOS[i % SCENARIOS.length]!, i))
  return specs
}
