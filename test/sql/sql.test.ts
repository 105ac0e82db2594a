// The SQL front end on its own: the syntax tree of each form, the errors with
// their token and position, and that a statement gives the very definition the
// fluent builder gives for the same calls.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createSynth,
  hist,
  histEchoCmd,
  parseSql,
  schemaFromDir,
  sql,
  sqlHist,
  SqlError,
  sqlSynth,
  SynthError,
} from '../../src/index.js'
import type { Schema } from '../../src/index.js'
import { lexSql, strtol } from '../../src/sql/lexer.js'
import { KERNEL_6_1 } from '../helpers/paths.js'
import '../../types/linux-6.1.js' // hist(system, event) checks against the registered kernel

let schema: Schema
beforeAll(async () => {
  schema = await schemaFromDir(KERNEL_6_1)
})

function refused(text: string, name = 'lat'): SqlError {
  try {
    sql(name, text, schema)
  } catch (error) {
    if (error instanceof SqlError) return error
    throw error
  }
  throw new Error(`accepted: ${text}`)
}

describe('the lexer', () => {
  it('reads names with dots, keywords in any case, strings, numbers and operators', () => {
    const kinds = lexSql('Select a.b AS "x y" 0x1F 010 12 abc sym-offset \\from != && ||').map((t) =>
      t.kind === 'number' ? `n${t.value}` : t.kind === 'punct' ? t.punct : t.kind === 'name' ? `:${t.name}` : t.text,
    )
    expect(kinds).toEqual([
      'Select',
      ':a.b',
      'AS',
      '"x y"',
      'n31',
      'n8',
      'n12',
      ':abc',
      ':sym-offset',
      ':from',
      '!=',
      '&&',
      '||',
      '',
    ])
  })

  it('converts numbers as C strtol with base 0 does', () => {
    expect([strtol('0x10'), strtol('010'), strtol('09'), strtol('1e'), strtol('99999999999999999999')]).toEqual([
      16n,
      8n,
      0n,
      1n,
      (1n << 63n) - 1n,
    ])
  })

  it('refuses other characters with their position', () => {
    const e = refused("SELECT a.pid\nFROM x WHERE a.pid == 'x'")
    expect(e.code).toBe('EINVAL')
    expect(e.position).toEqual({ offset: 35, line: 2, column: 23 })
    expect(e.token).toBe("'")
    expect(e.excerpt).toBe("FROM x WHERE a.pid == 'x'\n                      ^")
  })
})

describe('the parser', () => {
  it('builds the tree of a JOIN statement', () => {
    const t = parseSql(
      'SELECT CAST(a.x AS BUCKETS=10) AS b, (e.t - a.t) lat, TIMESTAMP_DELTA_USECS AS d FROM s.ev AS a JOIN ev2 e ON a.p = e.q, a.r == e.s WHERE !(a.x < 1 || a.y ~ "b*") && e.z & 4, (e.w != 0)',
    )
    expect(t.select.map((s) => s.kind)).toEqual(['field', 'calc', 'calc'])
    expect(t.select[0]).toMatchObject({ cast: { type: 'buckets', buckets: 10 }, as: { text: 'b' } })
    expect(t.select[1]).toMatchObject({ op: '-', left: { text: 'e.t' }, right: { text: 'a.t' }, as: { text: 'lat' } })
    expect(t.select[2]).toMatchObject({
      left: { text: '__END_EVENT__.TIMESTAMP_USECS' },
      right: { text: '__START_EVENT__.TIMESTAMP_USECS' },
    })
    expect(t.from).toMatchObject({ name: { text: 's.ev' }, alias: { text: 'a' } })
    expect(t.join?.on.map((m) => [m.left.text, m.right.text])).toEqual([
      ['a.p', 'e.q'],
      ['a.r', 'e.s'],
    ])
    expect(t.where.map((w) => w.kind)).toEqual(['not', 'compare', 'group'])
    expect(t.where[0]).toMatchObject({
      inner: { kind: 'or', left: { op: '<' }, right: { op: '~', value: { text: '"b*"' } } },
    })
    expect(t.where[1]).toMatchObject({ op: '&', value: { kind: 'number', value: 4n } })
  })

  it.each([
    ['SELECT a.pid FROM', 'syntax error: expected an event (system.event or event)', ''],
    ['SELECT a.pid, FROM x', 'syntax error: expected a field', 'FROM'],
    ['SELECT a.pid x y FROM z', "syntax error: expected ',' or FROM", 'y'],
    ['SELECT x FROM y WHERE x > 1 AND x < 2', 'syntax error: expected the end', 'AND'],
    ['SELECT x FROM y WHERE x > -1', 'syntax error: expected a number or a double-quoted string', '-'],
    ['SELECT x FROM y WHERE x ~ 1', 'syntax error: expected a double-quoted glob after ~', '1'],
    ['SELECT x FROM y WHERE ((x > 1))', "syntax error: expected a comparison or '!('", '('],
    ['SELECT CAST(x AS FOO) FROM y', "cast to unknown type 'FOO'", 'FOO'],
    ['SELECT CAST(x AS BUCKETS) FROM y', "syntax error: expected '=' and a number after BUCKETS", ')'],
    ['SELECT x FROM y JOIN z', 'syntax error: expected ON', ''],
  ])('%s', (text, message, token) => {
    const e = refused(text)
    expect(e.message).toContain(message)
    expect(e.token).toBe(token)
    expect(e).toBeInstanceOf(SynthError)
  })
})

describe('what a statement means', () => {
  it('is the definition the builder makes for the same calls', () => {
    const fromSql = sqlSynth(
      'wl',
      'SELECT start.prio AS p, end.next_comm, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat FROM sched.sched_waking AS start JOIN sched.sched_switch AS end ON start.pid = end.next_pid WHERE start.prio < 100, start.comm ~ "b*" && !(end.prev_prio >= 0x10 || end.prev_pid == 0)',
      schema,
    )
    const built = createSynth('wl', schema)
      .start('sched', 'sched_waking')
      .end('sched', 'sched_switch')
      .match('pid', 'next_pid', null)
      .startField('prio', 'p')
      .endField('next_comm')
      .compare('common_timestamp.usecs', 'common_timestamp.usecs', 'delta-end', 'lat')
      .appendStartFilter('compare', 'prio', '<', '100')
      .appendStartFilter('and')
      .appendStartFilter('(')
      .appendStartFilter('compare', 'comm', '~', '"b*"')
      .appendStartFilter(')')
      .appendEndFilter('not')
      .appendEndFilter('(')
      .appendEndFilter('compare', 'prev_prio', '>=', '16')
      .appendEndFilter('or')
      .appendEndFilter('compare', 'prev_pid', '==', '0')
      .appendEndFilter(')')
    expect(fromSql.definition).toEqual(built.definition)
    expect(fromSql.echoCmd()).toBe(built.echoCmd())
  })

  it('reads a calculation as libtracefs does: the right operand on the start event, the left on the end event', () => {
    const s = sqlSynth(
      'x',
      'SELECT b.next_prio + a.prio AS sum FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid',
      schema,
    )
    expect(s.definition.steps[1]).toMatchObject({
      kind: 'compare',
      calc: 'add',
      start: { name: 'prio' },
      end: { name: 'next_prio' },
    })
    // The other way round the start event is asked for next_prio.
    expect(
      refused('SELECT a.prio - b.next_prio AS d FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid')
        .code,
    ).toBe('ENODEV')
  })

  it('takes the ON pairs in either order, and one event twice with two aliases', () => {
    const a = sqlSynth(
      'x',
      'SELECT b.prev_prio FROM sched_switch AS a JOIN sched_switch AS b ON b.prev_pid = a.next_pid',
      schema,
    )
    // The same event on both sides: the left field is the start one, as in libtracefs.
    expect(a.definition.steps[0]).toMatchObject({
      kind: 'match',
      start: { name: 'prev_pid' },
      end: { name: 'next_pid' },
    })
    const b = sqlSynth(
      'x',
      'SELECT b.prev_prio FROM sched_waking AS a JOIN sched_switch AS b ON b.next_pid = a.pid',
      schema,
    )
    expect(b.definition.steps[0]).toMatchObject({ kind: 'match', start: { name: 'pid' }, end: { name: 'next_pid' } })
  })

  it('makes a hist without JOIN', () => {
    const h = sqlHist(
      'SELECT CAST(call_site AS SYM-OFFSET), bytes_req, CAST(bytes_alloc AS _COUNTER_), CAST(ptr AS HEX) FROM kmalloc WHERE bytes_req > 64, gfp_flags & 1',
      schema,
    )
    expect(histEchoCmd(h.definition)).toBe(
      "echo 'hist:keys=call_site.sym-offset,bytes_req,ptr.hex:vals=bytes_alloc if bytes_req > 64&&(gfp_flags & 1)' > /sys/kernel/tracing/events/kmem/kmalloc/trigger\n",
    )
    expect(
      sqlHist('SELECT k.TIMESTAMP_USECS, CAST(bytes_req AS BUCKETS=100) FROM kmalloc AS k', schema).definition.keys.map(
        (k) => k.spec,
      ),
    ).toEqual(['common_timestamp.usecs', 'bytes_req.buckets=100'])
  })

  it('is the hist definition hist(system, event) builds for the same keys and values', () => {
    type Builder = { keys(...k: string[]): Builder; values(...v: string[]): Builder; definition: unknown }
    const built = (hist as unknown as (s: string, e: string) => Builder)('kmem', 'kmalloc')
      .keys('call_site.sym-offset', 'common_pid.execname', 'bytes_req.buckets=64')
      .values('bytes_alloc')
    const fromSql = sqlHist(
      'SELECT CAST(call_site AS SYM-OFFSET), CAST(common_pid AS EXECNAME), CAST(bytes_req AS BUCKETS=64), CAST(bytes_alloc AS _COUNTER_) FROM kmalloc',
      schema,
    )
    expect(fromSql.definition).toEqual(built.definition)
  })

  it.each([
    [
      'SELECT a.pid FROM sched_wakin AS a JOIN sched_switch AS b ON a.pid = b.next_pid',
      'ENODEV',
      'sched_wakin',
      "no event 'sched_wakin'",
    ],
    [
      'SELECT a.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.nxt_pid',
      'ENODEV',
      'b.nxt_pid',
      "field 'nxt_pid' is not in sched.sched_switch; did you mean 'next_pid'",
    ],
    [
      'SELECT q.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid',
      'ENODEV',
      'q.pid',
      'write <a|sched_waking|b|sched_switch>.<field>',
    ],
    [
      'SELECT a.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.prev_comm',
      'EBADE',
      'a.pid',
      'sizes and flags must be equal',
    ],
    [
      'SELECT a.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = a.prio',
      'EINVAL',
      'a.prio',
      'must be one field of each event',
    ],
    [
      'SELECT b.next_prio - a.prio FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid',
      'EINVAL',
      'b.next_prio',
      "add 'AS name'",
    ],
    [
      'SELECT a.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid WHERE a.prio > 1 || b.prev_prio < 1',
      'EINVAL',
      'b.prev_prio',
      'must be about one event',
    ],
    [
      'SELECT a.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid WHERE b.next_comm > 1',
      'EINVAL',
      '1',
      'is a string',
    ],
    [
      'SELECT a.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid WHERE b.next_pid == "1"',
      'EINVAL',
      '"1"',
      'is a number (pid_t)',
    ],
    [
      'SELECT CAST(a.comm AS HEX) FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid',
      'EINVAL',
      'a.comm',
      'is a string',
    ],
    ['SELECT CAST(prio AS EXECNAME) FROM sched_waking', 'EINVAL', 'prio', 'only allowed for common_pid'],
    ['SELECT CAST(prio AS _COUNTER_) FROM sched_waking', 'EINVAL', 'SELECT', 'not every selection can be a _COUNTER_'],
    ['SELECT next_pid.hex FROM sched_switch', 'EINVAL', 'next_pid.hex', 'CAST(next_pid AS ...)'],
    ['SELECT TIMESTAMP FROM sched_switch', 'ENODEV', 'TIMESTAMP', 'sched_switch.TIMESTAMP'],
    ['SELECT prev_pid - next_pid AS d FROM sched_switch', 'EINVAL', 'prev_pid', 'cannot calculate'],
  ])('%s', (text, code, token, message) => {
    const e = refused(text)
    expect([e.code, e.token]).toEqual([code, token])
    expect(e.message).toContain(message)
    expect(e.message).toMatch(/at line \d+, column \d+ \(/)
  })
})

describe('any text', () => {
  const WORDS = [
    'SELECT',
    'FROM',
    'JOIN',
    'ON',
    'WHERE',
    'AS',
    'CAST',
    'a.pid',
    'b.next_pid',
    'a',
    'b',
    'sched_waking',
    'sched_switch',
    'sched.sched_waking',
    'TIMESTAMP_DELTA',
    'b.TIMESTAMP_USECS',
    'a.COMM',
    'HEX',
    '_COUNTER_',
    'BUCKETS',
    '=',
    '==',
    '!=',
    '<',
    '>=',
    '&',
    '~',
    '!',
    '(',
    ')',
    ',',
    '&&',
    '||',
    '+',
    '-',
    '"b*"',
    '0x10',
    '010',
    '7',
    'prio',
    'next_comm',
    '\n',
  ]

  it('is parsed or refused with an SqlError or SynthError, never anything else', async () => {
    const fc = await import('fast-check')
    const soup = fc.array(fc.constantFrom(...WORDS), { maxLength: 30 }).map((w) => w.join(' '))
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), soup), (text) => {
        try {
          sql('fuzz', text, schema)
        } catch (error) {
          if (!(error instanceof SynthError)) throw error
          if (error instanceof SqlError) {
            expect(error.position.offset).toBeGreaterThanOrEqual(0)
            expect(error.position.offset).toBeLessThanOrEqual(text.length)
          }
        }
      }),
      { seed: 18, numRuns: 3000 },
    )
  })
})
