import { TypedFtraceError } from '../errors.js'

/**
 * A C integer as `strtoll(text, NULL, 0)` reads it: optional sign, `0x` hex,
 * leading-0 octal, else decimal; stops at the first other character, 0 when
 * there is no number (trace.dat's DATE and OFFSET options).
 */
export function strtollPrefix(text: string): bigint {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)?/.exec(text)
  const body = m?.[2]
  if (!body) return 0n
  const v = /^0[xX]/.test(body)
    ? BigInt(body)
    : body.length > 1 && body.startsWith('0')
      ? BigInt(`0o${body.slice(1)}`)
      : BigInt(body)
  return m[1] === '-' ? -v : v
}

/**
 * A whole C integer constant, as a filter compares with it: `-12`, `0x1f`,
 * `017`; EINVAL for anything else, naming `shown` (the text as the user wrote it).
 */
export function parseCInteger(text: string, shown = text): bigint {
  const negative = text.startsWith('-')
  const body = negative || text.startsWith('+') ? text.slice(1) : text
  let value: bigint
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) value = BigInt(body)
  else if (/^0[0-7]+$/.test(body)) value = BigInt(`0o${body.slice(1)}`)
  else if (/^\d+$/.test(body)) value = BigInt(body)
  else throw new TypedFtraceError('EINVAL', `'${shown}' is not a number`)
  return negative ? -value : value
}
