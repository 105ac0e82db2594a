import { TypedFtraceError } from '../errors.js'
import { endHist } from '../compile/end-hist.js'
import type { SynthAction, SynthDefinition } from '../compile/end-hist.js'
import type { FieldFormat } from '../schema/format-types.js'
import { asField, parseEntry, parseTotals } from './hist-file.js'
import { parseHistTrigger } from './list.js'

/**
 * The value an `onmax()`/`onchange()` handler tracks for one entry, as the
 * kernel prints it under the entry (`max: 48`, `changed: 7`): the maximum so
 * far, or the last value that changed. The kernel prints one such line per
 * handler whose action is `trace()` or `save()`, none for `snapshot()`.
 */
export interface HandlerValue {
  readonly handler: 'max' | 'change'
  /** The variable the handler tracks, as the definition names it (`delta`). */
  readonly variable: string
  /** The kernel's u64 slot: the maximum, or the value at the last change. */
  readonly value: bigint
}

/**
 * The line of the handler with the `save()` action
 * (`max: 48  prev_comm: swapper/1  prev_pid: 0`): its value and the
 * end-event fields saved with it. (The kernel prints the saved fields on
 * the line of every handler of the entry: they belong to the entry.)
 */
export interface TrackedValue<Saved = Record<string, unknown>> extends HandlerValue {
  /** The end-event fields of the event that set the value, typed as the event holds them. */
  readonly saved: Saved
}

/** An entry of a synth's end trigger: the end-event keys, the hitcount and what `save()` kept. */
export interface SynthHistRow<Saved = Record<string, unknown>> {
  /** The end side's match fields (`next_pid`), typed as the event holds them. */
  readonly key: Readonly<Record<string, unknown>>
  readonly hitcount: number
  /** The value of each `onmax()`/`onchange()` handler with a `trace()` or `save()` action, in the definition's order. */
  readonly handlers: readonly HandlerValue[]
  /** The `save()` action's value and the fields it saved; undefined when the synth has no `save()` action. */
  readonly tracked: TrackedValue<Saved> | undefined
}

/**
 * The kernel's note of the last snapshot an `onmax()`/`onchange()` handler
 * with `snapshot()` took (`Snapshot taken (see tracing/snapshot). Details:`):
 * the tracked value that triggered it and the key of the entry it set.
 */
export interface SnapshotTaken {
  readonly handler: 'max' | 'change'
  /** The variable the handler tracks, as the definition names it. */
  readonly variable: string
  readonly value: bigint
  readonly key: Readonly<Record<string, unknown>>
}

/** A synth's end trigger read back from the end event's `hist` file. */
export interface SynthHistReading<Saved = Record<string, unknown>> {
  readonly rows: readonly SynthHistRow<Saved>[]
  readonly hits: number
  readonly entries: number
  readonly dropped: number
  /** The last snapshot taken; undefined when none was (or the synth has no `snapshot()` action). */
  readonly snapshot: SnapshotTaken | undefined
}

/** Variable names a trigger line defines (`a=x,b=y` items), sorted. */
function variableNames(line: string): string[] {
  const trigger = parseHistTrigger(line)
  if (!trigger) return []
  return trigger.variables
    .flatMap(([name, expression]) => [name, ...[...`=${expression}`.matchAll(/,(\w+)=/g)].map((m) => m[1]!)])
    .sort()
}

/**
 * Whether a trigger line the kernel printed is the end trigger we wrote: the
 * same keys and the same variables (whose names carry a number derived from
 * the synthetic event's name). The kernel adds `vals=hitcount`, its sort,
 * size and clock, and `[active]`/`[paused]`.
 */
export function isEndTrigger(printed: string, written: string): boolean {
  const a = parseHistTrigger(printed)
  const b = parseHistTrigger(written)
  if (!a || !b) return false
  return a.keys.join(',') === b.keys.join(',') && variableNames(printed).join(',') === variableNames(written).join(',')
}

/**
 * Parses a synth's end trigger section of a `hist` file: each entry with the
 * line each `onmax()`/`onchange()` handler adds under it (the kernel prints
 * the saved fields on every one; `tracked` is the `save()` handler's), and
 * the snapshot note. `saved` gives
 * the end event's format of a saved field (strings are printed padded to 32
 * characters, numbers as the kernel's unsigned 64-bit slot, read back by the
 * field's size and sign); a field it does not know is read as a bigint when
 * it is a number, else as text.
 */
export function parseSynthHistSection(
  text: string,
  def: SynthDefinition,
  saved: (name: string) => FieldFormat | undefined = () => undefined,
): SynthHistReading {
  const keys = endHist(def)
  const save = def.actions.find((a) => a.action === 'save')
  const snapshotAction = def.actions.find((a) => a.action === 'snapshot')
  const lines = text.split('\n')
  const { rows, hits, entries, dropped } = parseTotals(text, (line) => line)
  const parsed: SynthHistRow[] = []
  let at = 0
  // The handlers the kernel prints a line for, in the definition's order.
  const printing = def.actions.filter((a) => a.handler !== 'match' && a.action !== 'snapshot')
  for (const entry of rows) {
    at = lines.indexOf(entry, at) + 1
    const { key, hitcount } = parseEntry(entry, keys)
    const under: string[] = []
    while (at < lines.length && /^\t(max|changed): /.test(lines[at]!)) under.push(lines[at++]!)
    const handlers = under.map((line, i): HandlerValue => {
      const m = /^\t(max|changed): +(\d+)/.exec(line)!
      return {
        handler: m[1] === 'max' ? 'max' : 'change',
        variable: printing[i]?.variable ?? '',
        value: BigInt(m[2]!),
      }
    })
    const line = save ? under[printing.indexOf(save)] : undefined
    const tracked = save && line !== undefined ? trackedLine(line, save, saved) : undefined
    parsed.push({ key, hitcount, handlers, tracked })
  }
  const note =
    /\n\ttriggering value \{ (onmax|onchange)\(\$?\w+\) \}: +(\d+)\ttriggered by event with key: (\{ .* \})\n/.exec(
      text,
    )
  const snapshot: SnapshotTaken | undefined =
    note && snapshotAction
      ? {
          handler: note[1] === 'onmax' ? 'max' : 'change',
          variable: snapshotAction.variable ?? '',
          value: BigInt(note[2]!),
          key: parseEntry(`${note[3]} hitcount: 0`, keys).key,
        }
      : undefined
  return { rows: parsed, hits, entries, dropped, snapshot }
}

/** `\tmax: N  f1: v1  f2: v2` (or `changed:`) under an entry, when it is there. */
function trackedLine(
  line: string,
  save: SynthAction,
  saved: (name: string) => FieldFormat | undefined,
): TrackedValue | undefined {
  const m = /^\t(max|changed): +(\d+)(.*)$/.exec(line)
  if (!m) return undefined
  const rest = m[3]!
  const fields = Object.create(null) as Record<string, unknown> // field names are the kernel's: data, not members
  let from = 0
  save.save.forEach((name, i) => {
    const label = `  ${name}: `
    const start = rest.indexOf(label, from)
    if (start < 0) throw new TypedFtraceError('EPROTO', `saved field '${name}' missing: ${JSON.stringify(line)}`)
    const next = save.save[i + 1]
    const stop = next === undefined ? rest.length : rest.indexOf(`  ${next}: `, start + label.length)
    if (stop < 0) throw new TypedFtraceError('EPROTO', `saved field '${next}' missing: ${JSON.stringify(line)}`)
    fields[name] = savedValue(rest.slice(start + label.length, stop), saved(name))
    from = stop
  })
  return {
    handler: m[1] === 'max' ? 'max' : 'change',
    variable: save.variable ?? '',
    value: BigInt(m[2]!),
    saved: fields,
  }
}

function savedValue(text: string, format: FieldFormat | undefined): unknown {
  if (format?.value === 'string') return text.replace(/ +$/, '')
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) return text.replace(/ +$/, '')
  if (format === undefined || (format.value !== 'number' && format.value !== 'bigint')) return BigInt(trimmed)
  return asField(BigInt(trimmed), format)
}
