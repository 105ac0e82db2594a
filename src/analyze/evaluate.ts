import type { SynthFields } from '../schema/synth-fields.js'
import { TypedFtraceError } from '../errors.js'
import type { SynthAction, SynthDefinition, SynthStep } from '../definition/synth-definition.js'
import { ChainMachine } from './chain-machine.js'
import { compileFilter } from './kernel-filter.js'
import type { FieldValue, RecordFilter } from './kernel-filter.js'
import { readField as read } from './records.js'
import type { EvalRecord, RecordSource } from './records.js'

/**
 * A record the synthetic event's handlers produce offline, for a synth of type
 * `S` (`SynthRecord<typeof wakeupLat>`): its `fields` are {@link SynthFields}
 * of `S`, the decoded values. It reads as an event of `synthetic/<name>` (a
 * {@link EvalRecord}), the way a synth that starts or ends on this one sees it.
 */
export interface SynthRecord<S = unknown> {
  /** The end event's time stamp (the kernel writes its record right after it). */
  readonly ts: bigint
  /** Always `synthetic`: the kernel's system of synthetic events. */
  readonly system: 'synthetic'
  /** The synthetic event's name. */
  readonly name: string
  /** The end event's CPU and task, as the kernel's record would have. */
  readonly cpu: number
  readonly pid: number
  /** The synthetic event's fields: `{ pid: number; delta: bigint }` (`Record<string, unknown>` for an untyped synth). */
  readonly fields: SynthFields<S>
  /** Which handler fired: `onmatch`, `onmax`, `onchange`. */
  readonly handler: 'match' | 'max' | 'change'
  /** What it did: `trace` emits the synthetic event; `save` and `snapshot` are reported too. */
  readonly action: 'trace' | 'save' | 'snapshot'
  /** For onmax/onchange: the handler variable's new value. */
  readonly value?: bigint
  /** For `save`: the end-event fields saved with the new value. */
  readonly saved?: Readonly<Record<string, unknown>>
  /** The end record that fired it. */
  readonly end: EvalRecord
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** onmax/onchange values held before the first record (handler index -> end key -> value). */
  readonly initialTracked?: ReadonlyMap<number, ReadonlyMap<string, bigint>>
}

/** Something carrying a definition: a builder (typed or not). */
export interface HasDefinition {
  readonly definition: SynthDefinition
}

/**
 * Evaluates a synthetic event over recorded events, the way the kernel's
 * hist triggers would have live: one entry per key (all match fields), the
 * latest start event overwriting it; an end event fires only when every start
 * variable it uses is set for its key; variables used in a calculation are
 * read once (one start gives at most one record), copied start fields are
 * not; `.usecs` rounds each time stamp on its own; filters use the kernel's
 * semantics; onmax/onchange keep their value per end key, starting at 0.
 * When start and end are the same event, the end trigger runs first (the
 * kernel runs the newest trigger first), so an event pairs with the previous
 * one of its key.
 *
 * A synth whose start or end event is another synth (`.start(otherSynth)`)
 * evaluates that one first: each of its `trace` records is an event of
 * `synthetic/<name>` with the end event's time stamp (the kernel's own
 * record comes a little later), handed on at once, as the kernel runs the
 * outer synth's (newer) trigger on an event before the inner one's.
 *
 * Records must come in time order across CPUs (the reader's merged order).
 *
 * @example
 * import { evaluate, openTrace, synth, TIMESTAMP_USECS } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const wakeupLat = synth('wakeup_lat')
 *   .start('sched', 'sched_waking')
 *   .end('sched', 'sched_switch')
 *   .match('pid', 'next_pid')
 *   .delta(TIMESTAMP_USECS)
 * const trace = await openTrace('trace.dat')
 * for await (const r of evaluate(wakeupLat, trace.records())) console.log(r.fields.pid, r.fields.delta)
 */
export async function* evaluate<S extends HasDefinition>(
  synth: S,
  source: RecordSource,
  options: EvaluateOptions = {},
): AsyncGenerator<SynthRecord<S>> {
  const machine = new ChainMachine(synth.definition, options.initialTracked)
  for await (const record of source) yield* machine.push(record) as Iterable<SynthRecord<S>>
}

/**
 * {@link evaluate} for synchronous sources: returns every record at once.
 *
 * @example
 * import { evaluateAll, openTrace, synth, TIMESTAMP_USECS } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const wakeupLat = synth('wakeup_lat')
 *   .start('sched', 'sched_waking')
 *   .end('sched', 'sched_switch')
 *   .match('pid', 'next_pid')
 *   .delta(TIMESTAMP_USECS)
 * const trace = await openTrace('trace.dat')
 * const records = evaluateAll(wakeupLat, trace.records())
 * console.log(records.length, records[0]?.fields.delta)
 */
export function evaluateAll<S extends HasDefinition>(
  synth: S,
  source: Iterable<EvalRecord>,
  options: EvaluateOptions = {},
): SynthRecord<S>[] {
  const machine = new ChainMachine(synth.definition, options.initialTracked)
  const out: SynthRecord<S>[] = []
  for (const record of source) {
    const made = machine.push(record)
    for (let i = 0; i < made.length; i++) out.push(made[i] as SynthRecord<S>)
  }
  return out
}

const NONE: readonly SynthRecord[] = Object.freeze([])

interface StartVar {
  readonly name: string
  readonly field: string
  readonly readOnce: boolean
}

interface OutField {
  readonly name: string
  readonly compute: (end: EvalRecord, starts: ReadonlyMap<string, bigint | FieldValue>) => unknown
}

/** The kernel's state for one definition: start entries per key and handler values per end key. */
export class SynthMachine {
  readonly definition: SynthDefinition
  readonly #startKeys: string[] = []
  readonly #endKeys: string[] = []
  readonly #startVars: StartVar[] = []
  readonly #outFields: OutField[] = []
  readonly #startFilter: RecordFilter
  readonly #endFilter: RecordFilter
  readonly #actions: readonly SynthAction[]
  /** key -> start variable values set */
  readonly #entries = new Map<string, Map<string, bigint | FieldValue>>()
  /** handler index -> end key -> tracked value */
  readonly #tracked = new Map<number, Map<string, bigint>>()
  readonly #sameEvent: boolean

  /**
   * @param initialTracked values onmax/onchange already hold when the
   * recording starts (handler index -> end key -> value), e.g. read from the
   * kernel's `hist` file; keys are the match values joined as {@link keyOf}.
   */
  constructor(definition: SynthDefinition, initialTracked?: ReadonlyMap<number, ReadonlyMap<string, bigint>>) {
    if (initialTracked) for (const [i, values] of initialTracked) this.#tracked.set(i, new Map(values))
    if (!definition.start || !definition.end)
      throw new TypedFtraceError('EUNATCH', `synthetic event '${definition.name}' needs a start and an end event`)
    this.definition = definition
    this.#sameEvent =
      definition.start.system === definition.end.system && definition.start.event === definition.end.event
    this.#startFilter = compileFilter(definition.startFilter.tokens)
    this.#endFilter = compileFilter(definition.endFilter.tokens)
    this.#actions =
      definition.actions.length > 0
        ? definition.actions
        : [{ handler: 'match', variable: undefined, action: 'trace', save: [] }]
    const fieldStep = new Map(definition.fields.map((f) => [f.step, f]))
    definition.steps.forEach((step, i) => this.#lower(step, i, fieldStep.get(i)))
  }

  #lower(step: SynthStep, index: number, out: SynthDefinition['fields'][number] | undefined): void {
    const wrap = (value: bigint) => (out ? fitValue(value, out.info.size, out.info.signed, out.info.value) : value)
    switch (step.kind) {
      case 'match':
        this.#startKeys.push(step.start.name)
        this.#endKeys.push(step.end.name)
        if (out)
          this.#outFields.push({ name: out.name, compute: (end) => convert(read(end, step.end.name), out.info.value) })
        return
      case 'compare': {
        const arg = `compare#${index}`
        this.#startVars.push({ name: arg, field: step.start.name, readOnce: true })
        const calc = step.calc
        if (out) {
          this.#outFields.push({
            name: out.name,
            compute: (end, starts) => {
              const e = toBig(read(end, step.end.name))
              const s = toBig(starts.get(arg))
              return wrap(calc === 'delta-end' ? e - s : calc === 'delta-start' ? s - e : e + s)
            },
          })
        }
        return
      }
      case 'start-field': {
        const arg = `start#${index}`
        this.#startVars.push({ name: arg, field: step.field.name, readOnce: false })
        if (out)
          this.#outFields.push({ name: out.name, compute: (_end, starts) => convert(starts.get(arg), out.info.value) })
        return
      }
      case 'end-field':
        if (out)
          this.#outFields.push({
            name: out.name,
            compute: (end) => convert(read(end, step.field.name), out.info.value),
          })
        return
      default:
        return
    }
  }

  /**
   * Feeds one record; returns the synthetic records it makes (most records
   * make none: then a shared empty array). `asStart` / `asEnd` false keep the
   * record from that side (cross-peer evaluation takes each side from its own peer).
   */
  push(record: EvalRecord, asStart = true, asEnd = true): readonly SynthRecord[] {
    // The event name first: most records are of other events, and one comparison rules them out.
    const name = record.name
    const def = this.definition
    if (name !== def.start!.event && name !== def.end!.event) return NONE
    const system = record.system
    const isStart = asStart && name === def.start!.event && system === def.start!.system
    const isEnd = asEnd && name === def.end!.event && system === def.end!.system
    const out = isEnd ? this.#onEnd(record) : NONE
    if (isStart) this.#onStart(record)
    return out
  }

  #onStart(record: EvalRecord): void {
    if (!this.#startFilter((f) => read(record, f))) return
    const key = keyOf(record, this.#startKeys)
    let entry = this.#entries.get(key)
    if (!entry) this.#entries.set(key, (entry = new Map()))
    for (const v of this.#startVars) entry.set(v.name, read(record, v.field))
  }

  #onEnd(record: EvalRecord): readonly SynthRecord[] {
    if (!this.#endFilter((f) => read(record, f))) return NONE
    const key = keyOf(record, this.#endKeys)
    const entry = this.#entries.get(key)
    const starts = new Map<string, bigint | FieldValue>()
    for (const v of this.#startVars) {
      if (!entry || !entry.has(v.name)) return NONE
      starts.set(v.name, entry.get(v.name))
    }
    for (const v of this.#startVars) if (v.readOnce) entry!.delete(v.name)
    const fields: Record<string, unknown> = {}
    for (const f of this.#outFields) fields[f.name] = f.compute(record, starts)
    const results: SynthRecord[] = []
    this.#actions.forEach((action, i) => {
      const base = {
        ts: record.ts,
        system: 'synthetic' as const,
        name: this.definition.name,
        cpu: record.cpu,
        pid: record.pid,
        fields,
        handler: action.handler,
        action: action.action,
        end: record,
      }
      if (action.handler === 'match') {
        results.push(base)
        return
      }
      const value = toBig(fields[action.variable!] as FieldValue)
      let perKey = this.#tracked.get(i)
      if (!perKey) this.#tracked.set(i, (perKey = new Map()))
      const previous = perKey.get(key) ?? 0n
      const fire = action.handler === 'max' ? value > previous : value !== previous
      if (!fire) return
      perKey.set(key, value)
      const saved =
        action.action === 'save' ? Object.fromEntries(action.save.map((f) => [f, record.fields[f]])) : undefined
      results.push({ ...base, value, ...(saved ? { saved } : {}) })
    })
    return results
  }
}

/** The table key of a record: its match fields' values joined (numbers in decimal). */
export function keyOf(record: EvalRecord, fields: readonly string[]): string {
  return fields.map((f) => keyText(read(record, f))).join('\u0000')
}

function keyText(value: FieldValue): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  if (typeof value === 'string') return `s:${value.includes('\0') ? value.slice(0, value.indexOf('\0')) : value}`
  return String(value)
}

function toBig(value: FieldValue | bigint): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number') return BigInt(value)
  return 0n
}

/** A 64-bit slot's value as the synthetic field's type reads it. */
function fitValue(value: bigint, size: number, signed: boolean, kind: string): unknown {
  const bits = Math.min(64, size * 8)
  const fitted = signed ? BigInt.asIntN(bits, value) : BigInt.asUintN(bits, value)
  return kind === 'number' ? Number(fitted) : fitted
}

function convert(value: unknown, kind: string): unknown {
  if (kind === 'number' && typeof value === 'bigint') return Number(value)
  if (kind === 'bigint' && typeof value === 'number') return BigInt(value)
  return value
}
