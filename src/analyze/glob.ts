/**
 * The kernel's filter glob (`~`): `*` any run, `?` one character, `[...]`
 * a set (ranges and a leading `!` or `^` for negation), a backslash escapes
 * the next character. The whole string must match.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0
  let t = 0
  let starP = -1
  let starT = -1
  while (t < text.length) {
    if (p < pattern.length) {
      const c = pattern[p]!
      if (c === '*') {
        starP = p++
        starT = t
        continue
      }
      if (c === '?') {
        p++
        t++
        continue
      }
      if (c === '[') {
        const set = matchSet(pattern, p, text[t]!)
        if (set !== undefined && set.matched) {
          p = set.next
          t++
          continue
        }
      } else {
        const literal = c === '\\' && p + 1 < pattern.length ? pattern[p + 1]! : c
        if (literal === text[t]) {
          p += c === '\\' ? 2 : 1
          t++
          continue
        }
      }
    }
    if (starP < 0) return false
    p = starP + 1
    t = ++starT
  }
  while (pattern[p] === '*') p++
  return p === pattern.length
}

function matchSet(pattern: string, open: number, ch: string): { matched: boolean; next: number } | undefined {
  let i = open + 1
  const negate = pattern[i] === '!' || pattern[i] === '^'
  if (negate) i++
  let matched = false
  let first = true
  while (i < pattern.length && (pattern[i] !== ']' || first)) {
    first = false
    const lo = pattern[i]!
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      const hi = pattern[i + 2]!
      if (ch >= lo && ch <= hi) matched = true
      i += 3
    } else {
      if (ch === lo) matched = true
      i++
    }
  }
  if (i >= pattern.length) return undefined
  return { matched: matched !== negate, next: i + 1 }
}
