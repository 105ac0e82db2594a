/**
 * Kernel symbols from a saved `/proc/kallsyms`: the function an address is
 * in, found by binary search.
 *
 * @example
 * import { TraceFile } from 'typed-ftrace'
 *
 * declare const trace: TraceFile
 * trace.symbols.name(0xffffffff81234560n) // 'hrtimer_wakeup'
 */
export class Symbols {
  readonly #addrs: bigint[] = []
  readonly #names: string[] = []

  constructor(kallsyms: string) {
    const entries: [bigint, string][] = []
    for (const line of kallsyms.split('\n')) {
      const m = /^([0-9a-fA-F]+)\s+\S\s+(\S+)/.exec(line)
      if (m) entries.push([BigInt(`0x${m[1]}`), m[2]!])
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    for (const [a, n] of entries) {
      this.#addrs.push(a)
      this.#names.push(n)
    }
  }

  get size(): number {
    return this.#addrs.length
  }

  /** The symbol at or below `addr`, or undefined below the first one. */
  find(addr: bigint): { readonly name: string; readonly address: bigint } | undefined {
    let lo = 0
    let hi = this.#addrs.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (this.#addrs[mid]! <= addr) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found < 0 ? undefined : { name: this.#names[found]!, address: this.#addrs[found]! }
  }

  /** The name of the symbol at or below `addr`. */
  name(addr: bigint): string | undefined {
    return this.find(addr)?.name
  }
}
