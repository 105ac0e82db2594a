/**
 * The number in generated variable names. libtracefs draws it at random; we
 * derive it from the synthetic event's name (32-bit FNV-1a, in decimal), so
 * one definition always compiles to the same text and synths with different
 * names do not share variable names on a common event.
 */
export function nameSeed(name: string): string {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(name)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return String(hash >>> 0)
}

/**
 * libtracefs' variable names for one synth: `__<base>_<R>_<n>` with one
 * counter for every generated name, `__arg_<R>_<n>` for helper variables, and
 * a user name always hashed to the same variable.
 */
export class VarNames {
  readonly #seed: string
  #count = 0
  readonly #hashed = new Map<string, string>()

  constructor(synthName: string) {
    this.#seed = nameSeed(synthName)
  }

  /** A fresh name: `__<base>_<R>_<n+1>`. */
  fresh(base: string): string {
    this.#count += 1
    return `__${base}_${this.#seed}_${this.#count}`
  }

  /** A fresh helper variable: `__arg_<R>_<n+1>`. */
  arg(): string {
    return this.fresh('arg')
  }

  /** The variable of a user name: fresh the first time, the same one after. */
  hash(name: string): string {
    let hashed = this.#hashed.get(name)
    if (hashed === undefined) this.#hashed.set(name, (hashed = this.fresh(name)))
    return hashed
  }
}
