import { SqlError } from './sql-error.js'

/** The keywords of the statement (any case); `\select` makes a field of one. */
export type SqlKeyword = 'select' | 'as' | 'from' | 'join' | 'on' | 'where' | 'cast'

/** The operators and punctuation the lexer knows (`*` and `/` are known but used nowhere). */
export type SqlPunct =
  '!=' | '<=' | '>=' | '==' | '&&' | '||' | '<' | '>' | '&' | '~' | '!' | '(' | ')' | '-' | '+' | '*' | '/' | ',' | '='

/** One token: what it is, its text as written, where it starts. */
export type SqlToken =
  | { readonly kind: 'keyword'; readonly keyword: SqlKeyword; readonly text: string; readonly at: number }
  /** A dotted name (`start.pid`, `sched.sched_waking`); a leading `\` is dropped. */
  | { readonly kind: 'name'; readonly name: string; readonly text: string; readonly at: number }
  /** A double-quoted string, quotes kept (no escapes: it ends at the next `"`). */
  | { readonly kind: 'string'; readonly text: string; readonly at: number }
  | { readonly kind: 'number'; readonly value: bigint; readonly text: string; readonly at: number }
  | { readonly kind: 'punct'; readonly punct: SqlPunct; readonly text: string; readonly at: number }
  | { readonly kind: 'end'; readonly text: ''; readonly at: number }

const KEYWORDS: ReadonlySet<string> = new Set(['select', 'as', 'from', 'join', 'on', 'where', 'cast'])
const TWO: readonly SqlPunct[] = ['!=', '<=', '>=', '==', '&&', '||']
const ONE = '<>&~!()-+*/,='
const NAME_START = /[A-Za-z_]/
const NAME_REST = /[A-Za-z0-9_.]/
const HEX = /[0-9a-fA-F]/
const LONG_MAX = (1n << 63n) - 1n

/**
 * Splits a statement into tokens, the longest match first as libtracefs'
 * lexer does: a word that is both a name and a hex number (`abc`) is a name;
 * `sym-offset` is one name; space, tab and newline separate tokens and any
 * other character is an error (EINVAL, with its position).
 */
export function lexSql(text: string): SqlToken[] {
  const tokens: SqlToken[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === ' ' || c === '\t' || c === '\n') {
      i++
      continue
    }
    const at = i
    if (text.slice(i, i + 10).toLowerCase() === 'sym-offset') {
      tokens.push({ kind: 'name', name: text.slice(i, i + 10), text: text.slice(i, i + 10), at })
      i += 10
      continue
    }
    if (NAME_START.test(c) || (c === '\\' && NAME_START.test(text[i + 1] ?? ''))) {
      let j = c === '\\' ? i + 2 : i + 1
      while (j < text.length && NAME_REST.test(text[j]!)) j++
      const word = text.slice(i, j)
      if (c !== '\\' && KEYWORDS.has(word.toLowerCase()))
        tokens.push({ kind: 'keyword', keyword: word.toLowerCase() as SqlKeyword, text: word, at })
      else tokens.push({ kind: 'name', name: c === '\\' ? word.slice(1) : word, text: word, at })
      i = j
      continue
    }
    if (/[0-9]/.test(c)) {
      let j = i
      if (c === '0' && /[xX]/.test(text[i + 1] ?? '') && HEX.test(text[i + 2] ?? '')) j = i + 2
      while (j < text.length && HEX.test(text[j]!)) j++
      const word = text.slice(i, j)
      tokens.push({ kind: 'number', value: strtol(word), text: word, at })
      i = j
      continue
    }
    if (c === '"') {
      const close = text.indexOf('"', i + 1)
      if (close < 0) throw new SqlError('EINVAL', "a string without its closing '\"'", text, at, '"')
      tokens.push({ kind: 'string', text: text.slice(i, close + 1), at })
      i = close + 1
      continue
    }
    const two = text.slice(i, i + 2) as SqlPunct
    if (TWO.includes(two)) {
      tokens.push({ kind: 'punct', punct: two, text: two, at })
      i += 2
      continue
    }
    if (ONE.includes(c)) {
      tokens.push({ kind: 'punct', punct: c as SqlPunct, text: c, at })
      i++
      continue
    }
    throw new SqlError('EINVAL', `unexpected character`, text, at, c)
  }
  tokens.push({ kind: 'end', text: '', at: text.length })
  return tokens
}

/**
 * C's `strtol(text, NULL, 0)` over a number token: `0x` hex, a leading `0`
 * octal, else decimal; it stops at the first digit that does not fit the base
 * (`09` is 0, `1e` is 1) and saturates at LONG_MAX.
 */
export function strtol(word: string): bigint {
  let base = 10n
  let digits = word
  if (/^0[xX]/.test(word)) {
    base = 16n
    digits = word.slice(2)
  } else if (word.startsWith('0')) base = 8n
  let value = 0n
  for (const d of digits.toLowerCase()) {
    const n = BigInt(parseInt(d, 16))
    if (n >= base) break
    value = value * base + n
    if (value > LONG_MAX) return LONG_MAX
  }
  return value
}
