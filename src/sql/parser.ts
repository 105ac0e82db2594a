import type {
  SqlCast,
  SqlCastType,
  SqlCompareOp,
  SqlCondition,
  SqlEventItem,
  SqlJoin,
  SqlMatch,
  SqlName,
  SqlSelection,
  SqlStatement,
  SqlValue,
} from './ast.js'
import { lexSql } from './lexer.js'
import type { SqlKeyword, SqlPunct, SqlToken } from './lexer.js'
import { SqlError } from './sql-error.js'

/** `TIMESTAMP_DELTA` and `TIMESTAMP_DELTA_USECS`: end − start time stamp, as a selection. */
const TIMESTAMP_DELTAS: Readonly<Record<string, string>> = {
  TIMESTAMP_DELTA: 'TIMESTAMP',
  TIMESTAMP_DELTA_USECS: 'TIMESTAMP_USECS',
}

/** Internal prefixes of the start and end event that `TIMESTAMP_DELTA` expands to. */
export const START_EVENT_PREFIX = '__START_EVENT__'
export const END_EVENT_PREFIX = '__END_EVENT__'

const CAST_TYPES: Readonly<Record<string, SqlCastType>> = {
  hex: 'hex',
  sym: 'sym',
  'sym-offset': 'sym-offset',
  syscall: 'syscall',
  execname: 'execname',
  comm: 'execname',
  log: 'log2',
  log2: 'log2',
  stacktrace: 'stacktrace',
}

const COMPARE_OPS: Readonly<Partial<Record<SqlPunct, SqlCompareOp>>> = {
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  '=': '==',
  '==': '==',
  '!=': '!=',
  '&': '&',
  '~': '~',
}

/**
 * Parses a statement of libtracefs' SQL dialect (`tracefs_sql`) into its
 * syntax tree, by recursive descent over the grammar of `sqlhist.y`:
 *
 * ```
 * statement  := SELECT selection (',' selection)* FROM item
 *               [JOIN item ON match (',' match)*] [WHERE items ((',' | '&&') items)*]
 * selection  := (field | '(' field ')' | calc | '(' calc ')' | CAST '(' field AS type ')') [[AS] name]
 * calc       := field ('+' | '-') field
 * item       := field [[AS] name]
 * match      := field ('=' | '==') field
 * items      := primary ('||' primary)*          primary := '(' and_or ')' | '!' '(' and_or ')' | '!' compare | compare
 * and_or     := inner (('&&' | '||') inner)*      inner   := '!' '(' and_or ')' | '!' compare | compare
 * compare    := field ('<' | '>' | '<=' | '>=' | '=' | '==' | '!=' | '&') value | field '~' string
 * ```
 *
 * Keywords are case-insensitive; names may hold dots (`sched.sched_waking.pid`).
 * A syntax error is an {@link SqlError} (EINVAL) naming the token where the
 * statement stopped making sense.
 */
export function parseSql(text: string): SqlStatement {
  return new Parser(text).statement()
}

class Parser {
  readonly #text: string
  readonly #tokens: SqlToken[]
  #i = 0

  constructor(text: string) {
    this.#text = text
    this.#tokens = lexSql(text)
  }

  statement(): SqlStatement {
    this.#keyword('select')
    const select: SqlSelection[] = [this.#selection()]
    while (this.#isPunct(',')) {
      this.#i++
      select.push(this.#selection())
    }
    this.#keyword('from', "',' or FROM")
    const from = this.#item()
    let join: SqlJoin | undefined
    if (this.#isKeyword('join')) {
      this.#i++
      const event = this.#item()
      this.#keyword('on')
      const on: SqlMatch[] = [this.#match()]
      while (this.#isPunct(',')) {
        this.#i++
        on.push(this.#match())
      }
      join = { event, on }
    }
    const where: SqlCondition[] = []
    if (this.#isKeyword('where')) {
      this.#i++
      where.push(this.#items())
      while (this.#isPunct(',') || this.#isPunct('&&')) {
        this.#i++
        where.push(this.#items())
      }
    }
    if (this.#peek().kind !== 'end') throw this.#unexpected(join || where.length ? 'the end' : 'JOIN, WHERE or the end')
    return { select, from, join, where }
  }

  #selection(): SqlSelection {
    const at = this.#peek().at
    let selection: SqlSelection
    if (this.#isKeyword('cast')) {
      this.#i++
      this.#punct('(')
      const field = this.#field()
      if (TIMESTAMP_DELTAS[field.text] !== undefined)
        throw this.#error(`${field.text} is a calculation and cannot be cast`, field.at, field.text)
      this.#keyword('as')
      const cast = this.#castType()
      this.#punct(')')
      selection = { kind: 'field', field, cast, as: undefined, at }
    } else if (this.#isPunct('(')) {
      this.#i++
      selection = this.#fieldOrCalc(at)
      this.#punct(')', selection.kind === 'calc' ? "')'" : "'+', '-' or ')'")
    } else selection = this.#fieldOrCalc(at)
    const as = this.#label()
    return as === undefined ? selection : { ...selection, as }
  }

  #fieldOrCalc(at: number): SqlSelection {
    const left = this.#field()
    const delta = TIMESTAMP_DELTAS[left.text]
    if (delta !== undefined) {
      const end = { text: `${END_EVENT_PREFIX}.${delta}`, at: left.at }
      const start = { text: `${START_EVENT_PREFIX}.${delta}`, at: left.at }
      return { kind: 'calc', op: '-', left: end, right: start, as: undefined, at }
    }
    if (this.#isPunct('+') || this.#isPunct('-')) {
      const op = (this.#next() as { punct: '+' | '-' }).punct
      const right = this.#field()
      if (TIMESTAMP_DELTAS[right.text] !== undefined)
        throw this.#error(`${right.text} cannot be an operand`, right.at, right.text)
      return { kind: 'calc', op, left, right, as: undefined, at }
    }
    return { kind: 'field', field: left, cast: undefined, as: undefined, at }
  }

  #castType(): SqlCast {
    const token = this.#peek()
    if (token.kind !== 'name')
      throw this.#unexpected('a type (HEX, SYM, SYM-OFFSET, SYSCALL, EXECNAME, LOG2, BUCKETS=N, STACKTRACE, _COUNTER_)')
    this.#i++
    const text = token.name
    if (text === '_COUNTER_' || text === '__COUNTER__') return { type: 'counter', buckets: 0, text, at: token.at }
    const lower = text.toLowerCase()
    if (lower === 'buckets') {
      if (!this.#isPunct('=')) throw this.#unexpected("'=' and a number after BUCKETS")
      this.#i++
      const n = this.#peek()
      if (n.kind !== 'number' || n.value <= 0n || n.value > 0x7fffffffn)
        throw this.#unexpected('a bucket size from 1 to 2147483647 after BUCKETS=')
      this.#i++
      return { type: 'buckets', buckets: Number(n.value), text: `${text}=${n.text}`, at: token.at }
    }
    const type = CAST_TYPES[lower]
    if (type === undefined)
      throw this.#error(
        `cast to unknown type '${text}': use HEX, SYM, SYM-OFFSET, SYSCALL, EXECNAME, LOG2, BUCKETS=N, STACKTRACE or _COUNTER_`,
        token.at,
        text,
      )
    return { type, buckets: 0, text, at: token.at }
  }

  #item(): SqlEventItem {
    const name = this.#field('an event (system.event or event)')
    return { name, alias: this.#label() }
  }

  #match(): SqlMatch {
    const left = this.#field()
    if (!this.#isPunct('=') && !this.#isPunct('==')) throw this.#unexpected("'=' between the two match fields")
    this.#i++
    const right = this.#field()
    return { left, right }
  }

  #label(): SqlName | undefined {
    if (this.#isKeyword('as')) {
      this.#i++
      return this.#field('a name after AS')
    }
    const t = this.#peek()
    if (t.kind === 'name') {
      this.#i++
      return { text: t.name, at: t.at }
    }
    return undefined
  }

  /** `items`: primaries joined by `||` (top level of a WHERE condition). */
  #items(): SqlCondition {
    let left = this.#primary(true)
    while (this.#isPunct('||')) {
      this.#i++
      const right = this.#primary(true)
      left = { kind: 'or', left, right, at: left.at }
    }
    return left
  }

  /** Inside parentheses: `&&` and `||`, left to right. */
  #andOr(): SqlCondition {
    let left = this.#primary(false)
    while (this.#isPunct('||') || this.#isPunct('&&')) {
      const op = (this.#next() as { punct: string }).punct === '&&' ? 'and' : 'or'
      const right = this.#primary(false)
      left = { kind: op, left, right, at: left.at }
    }
    return left
  }

  /** A comparison, `!compare`, `!(...)`, and at the top level also `(...)`. */
  #primary(top: boolean): SqlCondition {
    const t = this.#peek()
    if (t.kind === 'punct' && t.punct === '!') {
      this.#i++
      if (this.#isPunct('(')) {
        this.#i++
        const inner = this.#andOr()
        this.#punct(')', "'&&', '||' or ')'")
        return { kind: 'not', inner, at: t.at }
      }
      return { kind: 'not', inner: this.#compare(), at: t.at }
    }
    if (t.kind === 'punct' && t.punct === '(') {
      if (!top) throw this.#unexpected("a comparison or '!(' (parentheses inside parentheses need a '!')")
      this.#i++
      const inner = this.#andOr()
      this.#punct(')', "'&&', '||' or ')'")
      return { kind: 'group', inner, at: t.at }
    }
    return this.#compare()
  }

  #compare(): SqlCondition {
    const field = this.#field('a field to compare')
    if (TIMESTAMP_DELTAS[field.text] !== undefined)
      throw this.#error(`${field.text} can only be selected, not compared`, field.at, field.text)
    const t = this.#peek()
    const op = t.kind === 'punct' ? COMPARE_OPS[t.punct] : undefined
    if (op === undefined) throw this.#unexpected('a comparison operator (<, >, <=, >=, =, ==, !=, &, ~)')
    this.#i++
    const v = this.#peek()
    let value: SqlValue
    if (v.kind === 'string') value = { kind: 'string', text: v.text, at: v.at }
    else if (v.kind === 'number' && op !== '~') value = { kind: 'number', value: v.value, text: v.text, at: v.at }
    else throw this.#unexpected(op === '~' ? 'a double-quoted glob after ~' : 'a number or a double-quoted string')
    this.#i++
    return { kind: 'compare', field, op, value, at: field.at }
  }

  #field(what = 'a field'): SqlName {
    const t = this.#peek()
    if (t.kind !== 'name') throw this.#unexpected(what)
    this.#i++
    return { text: t.name, at: t.at }
  }

  #peek(): SqlToken {
    return this.#tokens[this.#i]!
  }

  #next(): SqlToken {
    return this.#tokens[this.#i++]!
  }

  #isKeyword(k: SqlKeyword): boolean {
    const t = this.#peek()
    return t.kind === 'keyword' && t.keyword === k
  }

  #isPunct(p: SqlPunct): boolean {
    const t = this.#peek()
    return t.kind === 'punct' && t.punct === p
  }

  #keyword(k: SqlKeyword, what = k.toUpperCase()): void {
    if (!this.#isKeyword(k)) throw this.#unexpected(what)
    this.#i++
  }

  #punct(p: SqlPunct, what = `'${p}'`): void {
    if (!this.#isPunct(p)) throw this.#unexpected(what)
    this.#i++
  }

  #unexpected(expected: string): SqlError {
    const t = this.#peek()
    return this.#error(`syntax error: expected ${expected}`, t.at, t.text)
  }

  #error(message: string, at: number, token: string): SqlError {
    return new SqlError('EINVAL', message, this.#text, at, token)
  }
}
