// Seeded random SQL statements of libtracefs' dialect over a kernel's formats,
// for the differential test against tracefs_sql(). The same schema and seed
// always give the same statements. Each statement belongs to a scenario
// (cycled): joins on one and two keys, calculations, every special field,
// casts, WHERE with every operator, hists without JOIN, and statements
// meant to be refused (unknown names, incompatible keys, bad casts, syntax).
import { prng } from './gen-specs.js'

export interface GenSqlField {
  readonly name: string
  readonly size: number
  readonly flags: number
  readonly common: boolean
}
export interface GenSqlEvent {
  readonly system: string
  readonly name: string
  readonly fields: readonly GenSqlField[]
}
export interface GenSqlSchema {
  readonly events: readonly GenSqlEvent[]
}

export const SQL_SCENARIOS = [
  'join',
  'two-keys',
  'calc',
  'special',
  'cast',
  'where',
  'hist',
  'hist-where',
  'refused',
] as const
export type SqlScenario = (typeof SQL_SCENARIOS)[number]

export interface GeneratedSql {
  readonly name: string
  readonly sql: string
  readonly scenario: SqlScenario
}

const ARRAY = 1
const POINTER = 2
const STRING = 8
const DYNAMIC = 16

const PAIRS: readonly (readonly [string, string])[] = [
  ['sched/sched_waking', 'sched/sched_switch'],
  ['sched/sched_wakeup', 'sched/sched_switch'],
  ['irq/irq_handler_entry', 'irq/irq_handler_exit'],
  ['irq/softirq_entry', 'irq/softirq_exit'],
  ['raw_syscalls/sys_enter', 'raw_syscalls/sys_exit'],
  ['timer/hrtimer_start', 'timer/hrtimer_expire_entry'],
  ['block/block_rq_issue', 'block/block_rq_complete'],
  ['kmem/kmalloc', 'kmem/kfree'],
  ['sched/sched_process_fork', 'sched/sched_process_exit'],
  ['sched/sched_switch', 'sched/sched_switch'],
]

const scalar = (f: GenSqlField) => (f.flags & (ARRAY | DYNAMIC)) === 0 && [1, 2, 4, 8].includes(f.size)
const stringy = (f: GenSqlField) => (f.flags & STRING) !== 0
const compat = (a: GenSqlField, b: GenSqlField) => a.size === b.size && (a.flags & ~POINTER) === (b.flags & ~POINTER)
const ident = (name: string) => /^[A-Za-z_]\w*$/.test(name)

export function generateSql(schema: GenSqlSchema, count: number, seed: number): GeneratedSql[] {
  const rnd = prng(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!
  const chance = (p: number) => rnd() < p
  const byKey = new Map(schema.events.map((e) => [`${e.system}/${e.name}`, e]))
  const pairs = PAIRS.filter(([a, b]) => byKey.has(a) && byKey.has(b)).map(
    ([a, b]) => [byKey.get(a)!, byKey.get(b)!] as const,
  )
  const usable = schema.events.filter(
    (e) => e.system !== 'ftrace' && ident(e.name) && ident(e.system) && e.fields.some((f) => !f.common && scalar(f)),
  )
  const own = (e: GenSqlEvent) => e.fields.filter((f) => !f.common && ident(f.name))
  const numeric = (e: GenSqlEvent) => own(e).filter(scalar)
  const strings = (e: GenSqlEvent) => own(e).filter(stringy)
  const out: GeneratedSql[] = []

  for (let n = 0; n < count; n++) {
    const scenario = SQL_SCENARIOS[n % SQL_SCENARIOS.length]!
    const name = `q${n}`
    const kw = (word: string) => (chance(0.3) ? word.toLowerCase() : word)
    const [start, end] = chance(0.8) || scenario === 'two-keys' ? pick(pairs) : [pick(usable), pick(usable)]
    const same = start === end
    // How each event is named: an alias, its name, or system.name (aliases are needed for one event twice).
    const style = same ? 'alias' : pick(['alias', 'alias', 'event', 'system'] as const)
    const aliasA = pick(['a', 'start', 's', 'w'])
    const aliasB = pick(['b', 'end', 'e', 'x'].filter((x) => x !== aliasA))
    const item = (e: GenSqlEvent, alias: string) =>
      style === 'alias'
        ? `${chance(0.5) ? `${e.system}.` : ''}${e.name} ${chance(0.7) ? `${kw('AS')} ` : ''}${alias}`
        : style === 'system'
          ? `${e.system}.${e.name}`
          : e.name
    const ref = (e: GenSqlEvent, alias: string, field: string) =>
      style === 'alias'
        ? `${alias}.${field}`
        : style === 'system'
          ? `${e.system}.${e.name}.${field}`
          : `${e.name}.${field}`
    const A = (f: string) => ref(start, aliasA, f)
    const B = (f: string) => ref(end, aliasB, f)
    const labels = new Set<string>()
    const label = (base: string) => {
      let l = base
      for (let i = 2; labels.has(l) || [aliasA, aliasB, start.name, end.name, start.system].includes(l); i++)
        l = `${base}${i}`
      labels.add(l)
      return l
    }
    const as = (base: string, p = 0.6) => (chance(p) ? ` ${chance(0.8) ? `${kw('AS')} ` : ''}${label(base)}` : '')

    // The key: the first compatible pair, pid-like fields first.
    const keyPairs: [string, string][] = []
    for (const a of own(start).filter(scalar))
      for (const b of own(end).filter(scalar))
        if (compat(a, b) && (!same || a.name !== b.name)) keyPairs.push([a.name, b.name])
    keyPairs.push(['common_pid', 'common_pid'])
    const preferred = keyPairs.filter(
      ([a, b]) => /pid|cpu|irq|vec|ptr|rq|id/.test(a) && /pid|cpu|irq|vec|ptr|rq|id/.test(b),
    )
    const key = chance(0.7) && preferred.length ? pick(preferred) : pick(keyPairs)
    const on = [chance(0.5) ? `${A(key[0])} = ${B(key[1])}` : `${B(key[1])} ${pick(['=', '=='])} ${A(key[0])}`]
    if (scenario === 'two-keys') {
      const second = pick(keyPairs.filter((k) => k[0] !== key[0] || k[1] !== key[1]))
      on.push(`${A(second[0])} = ${B(second[1])}`)
    }

    const sels: string[] = []
    const usedA = new Set<string>([])
    const usedB = new Set<string>([])
    const takeA = () => {
      const f = pick(own(start)).name
      if (usedA.has(f)) return undefined
      usedA.add(f)
      return f
    }
    const takeB = () => {
      const f = pick(own(end)).name
      if (usedB.has(f)) return undefined
      usedB.add(f)
      return f
    }
    const fieldSelections = (k: number) => {
      for (let i = 0; i < k; i++) {
        if (chance(0.5)) {
          const f = takeA()
          if (f) sels.push(`${A(f)}${as(`s_${f}`.slice(0, 20), 0.7)}`)
        } else {
          const f = takeB()
          if (f) sels.push(`${B(f)}${as(`e_${f}`.slice(0, 20), 0.7)}`)
        }
      }
    }
    const calc = () => {
      const ts = pick(['TIMESTAMP', 'TIMESTAMP_USECS'])
      const r = rnd()
      if (r < 0.3) return chance(0.5) ? `(${B(ts)} - ${A(ts)})` : `${B(ts)} - ${A(ts)}`
      if (r < 0.5) return pick(['TIMESTAMP_DELTA', 'TIMESTAMP_DELTA_USECS'])
      const a = pick(numeric(start))
      const b = pick(
        numeric(end)
          .filter((x) => compat(x, a))
          .concat([a]),
      )
      // The right operand is read on the start event, the left one on the end event.
      const ok = numeric(end).some((x) => x.name === b.name)
      return `${ok ? B(b.name) : B(a.name)} ${pick(['-', '+'])} ${A(a.name)}`
    }
    const where = (events: readonly [GenSqlEvent, (f: string) => string][], top: number) => {
      const conds: string[] = []
      const compare = (e: GenSqlEvent, R: (f: string) => string) => {
        const s = strings(e)
        if (s.length && chance(0.3)) {
          const f = pick(s).name
          return chance(0.5)
            ? `${R(f)} ~ "${pick(['bash*', 'kworker*', 'a?c', '*sh'])}"`
            : `${R(f)} ${pick(['==', '!=', '='])} "${pick(['bash', 'cyclictest', 'x y'])}"`
        }
        const f = chance(0.1) ? 'common_pid' : pick(numeric(e)).name
        const op = pick(['<', '>', '<=', '>=', '=', '==', '!=', '&'])
        const v = pick([String(Math.floor(rnd() * 200)), `0x${Math.floor(rnd() * 4096).toString(16)}`, '010', '0'])
        return `${R(f)} ${op} ${v}`
      }
      for (let i = 0; i < top; i++) {
        const [e, R] = pick(events)
        const inner = () => (chance(0.3) ? `!${compare(e, R)}` : compare(e, R))
        const r = rnd()
        let c: string
        if (r < 0.35) c = inner()
        else if (r < 0.55) c = `${inner()} || ${inner()}`
        else if (r < 0.75) c = `(${inner()} ${pick(['&&', '||'])} ${inner()})`
        else if (r < 0.9) c = `!(${inner()} ${pick(['&&', '||'])} ${inner()} ${pick(['&&', '||'])} ${inner()})`
        else c = `(${inner()} || ${inner()}) || ${inner()}`
        conds.push(c)
      }
      return conds.length ? ` ${kw('WHERE')} ${conds.join(pick([' && ', ', ', ' && ']))}` : ''
    }
    const join = () =>
      `${kw('SELECT')} ${sels.join(', ')} ${kw('FROM')} ${item(start, aliasA)} ${kw('JOIN')} ${item(end, aliasB)} ${kw('ON')} ${on.join(', ')}`

    let sql: string
    switch (scenario) {
      case 'join':
      case 'two-keys':
        fieldSelections(1 + Math.floor(rnd() * 3))
        if (chance(0.5)) sels.push(`${calc()} ${kw('AS')} ${label('lat')}`)
        if (!sels.length) sels.push(`${A(key[0])}`)
        sql =
          join() +
          (chance(0.3)
            ? where(
                [
                  [start, A],
                  [end, B],
                ],
                1,
              )
            : '')
        break
      case 'calc':
        sels.push(`${calc()} ${kw('AS')} ${label('lat')}`)
        if (chance(0.5)) sels.push(`${calc()} ${kw('AS')} ${label('d')}`)
        fieldSelections(Math.floor(rnd() * 2))
        sql = join()
        break
      case 'special': {
        const sp = pick(['TIMESTAMP', 'TIMESTAMP_USECS', 'STACKTRACE', 'COMM', 'comm'])
        sels.push(`${chance(0.5) ? A(sp) : B(sp)} ${kw('AS')} ${label(sp.toLowerCase())}`)
        if (chance(0.5))
          sels.push(`${pick(['TIMESTAMP_DELTA', 'TIMESTAMP_DELTA_USECS'])} ${kw('AS')} ${label('delta')}`)
        fieldSelections(Math.floor(rnd() * 2))
        sql = join() + (chance(0.3) ? ` ${kw('WHERE')} ${B('COMM')} ~ "b*"` : '')
        break
      }
      case 'cast': {
        const f = pick(own(start))
        const type = pick([
          'HEX',
          'hex',
          'SYM',
          'SYM-OFFSET',
          'SYSCALL',
          'EXECNAME',
          'LOG2',
          'log',
          '_COUNTER_',
          'BUCKETS=10',
          'STACKTRACE',
        ])
        const target = type === 'EXECNAME' && chance(0.7) ? 'common_pid' : f.name
        usedA.add(target)
        sels.push(`CAST(${A(target)} ${kw('AS')} ${type})${as('c')}`)
        fieldSelections(1)
        sql = join()
        break
      }
      case 'where':
        fieldSelections(1 + Math.floor(rnd() * 2))
        if (!sels.length) sels.push(`${A(key[0])}`)
        sql =
          join() +
          where(
            [
              [start, A],
              [end, B],
            ],
            1 + Math.floor(rnd() * 3),
          )
        break
      case 'hist':
      case 'hist-where': {
        const e = pick(usable)
        const alias = chance(0.3) ? pick(['h', 'ev']) : undefined
        const R = (f: string) => (alias ? `${alias}.${f}` : chance(0.2) ? `${e.name}.${f}` : f)
        const hs: string[] = []
        const used = new Set<string>()
        const keys = 1 + Math.floor(rnd() * 3)
        for (let i = 0; i < keys; i++) {
          const f = chance(0.2) ? { name: 'common_pid', size: 4, flags: 4, common: true } : pick(own(e))
          if (used.has(f.name)) continue
          used.add(f.name)
          const r = rnd()
          if (r < 0.5 || !scalar(f)) hs.push(R(f.name))
          else if (f.name === 'common_pid' && chance(0.7))
            hs.push(`CAST(${R(f.name)} ${kw('AS')} ${pick(['EXECNAME', 'COMM'])})`)
          else hs.push(`CAST(${R(f.name)} ${kw('AS')} ${pick(['HEX', 'SYM', 'SYM-OFFSET', 'SYSCALL', 'LOG2', 'LOG'])})`)
        }
        const vals = numeric(e).filter((f) => !used.has(f.name))
        if (vals.length && chance(0.5)) hs.push(`CAST(${R(pick(vals).name)} ${kw('AS')} _COUNTER_)`)
        if (!hs.length) hs.push(R(pick(own(e)).name))
        sql = `${kw('SELECT')} ${hs.join(', ')} ${kw('FROM')} ${e.system}.${e.name}${alias ? ` ${kw('AS')} ${alias}` : ''}`
        if (scenario === 'hist-where') sql += where([[e, R]], 1 + Math.floor(rnd() * 2))
        break
      }
      case 'refused': {
        fieldSelections(1)
        if (!sels.length) sels.push(A(key[0]))
        const r = Math.floor(rnd() * 12)
        const okJoin = join()
        sql = [
          () => okJoin.replace(` ${start.name}`, ` ${start.name}_nope`),
          () => okJoin.replace(/ (ON|on) .*/, ` ON ${A('no_such_field')} = ${B(key[1])}`),
          () => {
            const bad =
              keyPairs.length && own(end).find((b) => !compat(b, own(start).find((a) => a.name === key[0]) ?? b))
            return okJoin.replace(/ (ON|on) .*/, ` ON ${A(key[0])} = ${B(bad ? bad.name : 'no_field')}`)
          },
          () => okJoin.replace(sels[0]!, 'q.pid'),
          () => okJoin.replace(`${sels[0]}`, `${B(key[1])} - ${A(key[0])}`),
          () =>
            okJoin.replace(
              `${sels[0]}`,
              `CAST(${A(strings(start)[0]?.name ?? 'common_pid')} AS ${pick(['HEX', 'EXECNAME', 'LOG2'])})`,
            ),
          () => `${okJoin} ${kw('WHERE')} ${A(key[0])} > 1 || ${B(key[1])} < 5`,
          () => okJoin.replace(` ${kw('FROM')} `, ' '),
          () => `${okJoin} WHERE ${A(key[0])} > 1 AND ${B(key[1])} < 5`,
          () => `${okJoin} ${kw('WHERE')} ${A(key[0])} ${pick(['<', '==', '~'])} ${pick(['"x"', '-1', "'x'"])}`,
          () => okJoin.replace(` ${kw('JOIN')} `, ' JOIN\t').replace(sels[0]!, `${sels[0]} ; `),
          () =>
            `${kw('SELECT')} CAST(${pick(numeric(start)).name} AS _COUNTER_) ${kw('FROM')} ${start.system}.${start.name}`,
        ][r]!()
        break
      }
    }
    out.push({ name, sql, scenario })
  }
  return out
}
