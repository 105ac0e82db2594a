import { UnknownEventError } from './errors.js'
import type { FormatParseError } from './errors.js'
import { unknownCapabilities } from './capabilities.js'
import type { KernelCapabilities } from './capabilities.js'
import type { EventFormat, FieldFormat, HeaderEvent, HeaderPage } from './format-types.js'

/** What a schema is built from. */
export interface SchemaInit {
  /** Where it came from (a path, `live:/sys/kernel/tracing`, a trace.dat file). */
  readonly source: string
  readonly events: readonly EventFormat[]
  readonly headerPage?: HeaderPage | undefined
  readonly headerEvent?: HeaderEvent | undefined
  /** The kernel's `long` size; taken from `header_page` when not given, else 8. */
  readonly longSize?: number | undefined
  /** `uname -r` of the kernel, when the source records it. */
  readonly kernelRelease?: string | undefined
  /** Files that failed to parse; the rest loaded. */
  readonly errors?: readonly FormatParseError[] | undefined
  /** What the kernel can do (read from its tracefs README); nothing is claimed when not given. */
  readonly capabilities?: KernelCapabilities | undefined
}

/**
 * The event formats of one kernel, with lookups by system and name, by name
 * alone and by ID. Events are kept in ascending ID order, the order in which
 * libtraceevent searches them, so a lookup by name alone finds the same event
 * libtracefs would.
 */
export class Schema {
  readonly source: string
  readonly events: readonly EventFormat[]
  readonly headerPage: HeaderPage | undefined
  readonly headerEvent: HeaderEvent | undefined
  readonly longSize: number
  readonly kernelRelease: string | undefined
  readonly errors: readonly FormatParseError[]
  /** What the kernel can do, read from its tracefs README and formats (see {@link KernelCapabilities}). */
  readonly capabilities: KernelCapabilities
  readonly #bySystem = new Map<string, Map<string, EventFormat>>()
  readonly #byName = new Map<string, EventFormat>()
  readonly #byId = new Map<number, EventFormat>()

  constructor(init: SchemaInit) {
    this.source = init.source
    this.events = [...init.events].sort((a, b) => a.id - b.id || compare(a.system, b.system) || compare(a.name, b.name))
    this.headerPage = init.headerPage
    this.headerEvent = init.headerEvent
    this.longSize = init.longSize ?? init.headerPage?.commitSize ?? 8
    this.kernelRelease = init.kernelRelease
    this.errors = init.errors ?? []
    this.capabilities = init.capabilities ?? unknownCapabilities(init.kernelRelease)
    for (const event of this.events) {
      let system = this.#bySystem.get(event.system)
      if (!system) this.#bySystem.set(event.system, (system = new Map()))
      system.set(event.name, event)
      if (!this.#byName.has(event.name)) this.#byName.set(event.name, event)
      if (!this.#byId.has(event.id)) this.#byId.set(event.id, event)
    }
  }

  /** System names, sorted. */
  get systems(): string[] {
    return [...this.#bySystem.keys()].sort(compare)
  }

  /** The events of one system, sorted by name. */
  eventsOf(system: string): EventFormat[] {
    return [...(this.#bySystem.get(system)?.values() ?? [])].sort((a, b) => compare(a.name, b.name))
  }

  /**
   * Finds an event by system and name, or by name alone (`system` undefined):
   * then the one with the lowest ID, as libtraceevent's `tep_find_event_by_name`.
   */
  find(system: string | undefined, name: string): EventFormat | undefined {
    return system === undefined ? this.#byName.get(name) : this.#bySystem.get(system)?.get(name)
  }

  /** Like {@link find}, but an unknown event throws an `ENODEV` error that suggests close names. */
  get(system: string | undefined, name: string): EventFormat {
    const event = this.find(system, name)
    if (event) return event
    if (system !== undefined && !this.#bySystem.has(system)) {
      throw new UnknownEventError(`unknown system '${system}'${suggest(system, this.systems)}`)
    }
    const candidates = system === undefined ? [...this.#byName.keys()] : [...this.#bySystem.get(system)!.keys()]
    const where = system === undefined ? 'any system' : `system '${system}'`
    throw new UnknownEventError(`no event '${name}' in ${where}${suggest(name, candidates)}`)
  }

  /** The event with this ID (the `common_type` of a record). */
  byId(id: number): EventFormat | undefined {
    return this.#byId.get(id)
  }

  /** How many events the schema has. */
  get size(): number {
    return this.events.length
  }
}

/** A field of an event by name, or undefined. */
export function findField(event: EventFormat, name: string): FieldFormat | undefined {
  return event.fields.find((f) => f.name === name)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** "; did you mean ...?" with up to three names close to `name`. */
export function suggest(name: string, candidates: readonly string[]): string {
  const close = candidates
    .map((c) => [c, distance(name, c)] as const)
    .filter(([c, d]) => d <= Math.max(2, Math.floor(name.length / 3)) || c.includes(name) || name.includes(c))
    .sort((a, b) => a[1] - b[1] || compare(a[0], b[0]))
    .slice(0, 3)
    .map(([c]) => `'${c}'`)
  return close.length === 0 ? '' : `; did you mean ${close.join(', ')}?`
}

/** Levenshtein distance, for suggestions only. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.length]!
}
