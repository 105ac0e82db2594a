/**
 * Characters that must never reach a tracefs write or the echo script: the
 * single quote (it would end the quoted shell word), newlines (a second
 * command in `dynamic_events`, a second line in a trigger), NUL and the other
 * control characters.
 */
const UNSAFE = /['\u0000-\u001f\u007f]/

/** The first unsafe character of `text`, described (`a single quote`, `U+000A`), or undefined. */
export function unsafeCharacter(text: string): string | undefined {
  const m = UNSAFE.exec(text)
  if (!m) return undefined
  return m[0] === "'" ? 'a single quote' : `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
}
