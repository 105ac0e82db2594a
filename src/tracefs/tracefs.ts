/// <reference lib="esnext.disposable" preserve="true" />
import { mkdir, readdir, rmdir } from 'node:fs/promises'
import { TypedFtraceError } from '../errors.js'
import { nameProblem } from '../schema/name-rule.js'
import { findTracefs } from '../schema/tracefs-mount.js'
import type { FindTracefsOptions } from '../schema/tracefs-mount.js'
import { TracefsError, TracefsUnsupportedError } from './errors.js'
import { detectFeatures, missingForSynth } from './features.js'
import type { TracefsFeatures } from './features.js'
import { TracefsIO } from './io.js'
import type { WriteMode } from './io.js'
import { parseSynthList, parseTriggerFile } from './list.js'
import { readRawRecords } from './records.js'
import type { EventName, RawRecordsOptions } from './records.js'
import type { TraceRecord } from '../tracedat/ring-buffer/record.js'
import type { ListedHistTrigger, ListedSynthEvent } from './list.js'

/** One write of a definition, as the compiler produces it (file relative to the tracing dir). */
export interface PlannedWrite {
  readonly file: string
  readonly text: string
  readonly mode: WriteMode
  readonly ignoreErrors?: boolean | undefined
}

/** What the backend needs of a synth: its name and the writes that create and destroy it. */
export interface Applicable {
  readonly definition: { readonly name: string }
  commands(options?: { actionSyntax?: 'trace' | 'legacy'; dynamicEvents?: boolean }): {
    readonly create: readonly PlannedWrite[]
    readonly destroy: readonly PlannedWrite[]
  }
}

/** The one name rule at the door of every method that puts a name in a tracefs path or write. */
function checkNames(...names: (readonly [string, unknown])[]): void {
  for (const [what, name] of names) {
    const problem = nameProblem(name, what)
    if (problem !== undefined) throw new TypedFtraceError('EINVAL', problem)
  }
}

/** Options for {@link tracefs}. */
export interface TracefsOptions extends FindTracefsOptions {
  /** Use (creating it when absent) the instance `instances/<name>` for triggers, enables and records. */
  readonly instance?: string
  /** A tracefs mount to use instead of finding one. */
  readonly root?: string
}

/** What {@link Tracefs.destroy} removed; all false when nothing was there. */
export interface DestroyResult {
  readonly name: string
  readonly removedEvent: boolean
  /** Trigger files whose hist trigger was removed, e.g. `events/sched/sched_switch/trigger`. */
  readonly removedTriggers: readonly string[]
  /** `!hist` lines the kernel accepted without removing anything (nothing matched). */
  readonly unmatched: readonly string[]
}

/**
 * Opens the tracing directory (finding or mounting tracefs), optionally in an
 * instance.
 *
 * @example
 * const tfs = await tracefs()
 * await using handle = await tfs.create(wakeupLat)
 * await tfs.enable('synthetic', 'wakeup_lat')
 */
export async function tracefs(options: TracefsOptions = {}): Promise<Tracefs> {
  const root = options.root ?? (await findTracefs(options))
  const io = new TracefsIO(root)
  if (options.instance !== undefined) {
    const problem = nameProblem(options.instance, 'instance')
    if (problem !== undefined) throw new TypedFtraceError('EINVAL', problem)
    await mkdir(io.path(`instances/${options.instance}`)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST')
        throw new TracefsError(
          error.code ?? 'EIO',
          `instances/${options.instance}`,
          undefined,
          [],
          `cannot create instance '${options.instance}': ${error.code}`,
        )
    })
  }
  return new Tracefs(io, options.instance, await detectFeatures(io))
}

/** A tracing directory: create and destroy synthetic events, enable events, set filters, list what exists. */
export class Tracefs {
  readonly io: TracefsIO
  readonly instance: string | undefined
  readonly features: TracefsFeatures

  constructor(io: TracefsIO, instance: string | undefined, features: TracefsFeatures) {
    this.io = io
    this.instance = instance
    this.features = features
  }

  /** The mount point. */
  get root(): string {
    return this.io.root
  }

  /** Prefix of the instance's files (`instances/<name>/` or empty). */
  get prefix(): string {
    return this.instance === undefined ? '' : `instances/${this.instance}/`
  }

  /** Compile options matching this kernel, chosen like libtracefs does. */
  get compileOptions(): { actionSyntax: 'trace' | 'legacy'; dynamicEvents: boolean } {
    return { actionSyntax: this.features.traceAction ? 'trace' : 'legacy', dynamicEvents: this.features.dynamicEvents }
  }

  /** Fails with ENOTSUP, before any write, when the kernel cannot hold synthetic events. */
  requireSynth(): void {
    const missing = missingForSynth(this.features)
    if (missing.length > 0) {
      throw new TracefsUnsupportedError(
        missing,
        `this kernel has no ${missing.includes('CONFIG_SYNTH_EVENTS') ? 'synthetic events' : 'hist triggers'} (${missing.join(' and ')} not set): nothing was written`,
      )
    }
  }

  /** Where a planned write goes: trigger and enable files in the instance, event definitions at the top. */
  #locate(write: PlannedWrite): { file: string; errorLog: string } {
    const inInstance = write.file.startsWith('events/')
    return inInstance
      ? { file: this.prefix + write.file, errorLog: `${this.prefix}error_log` }
      : { file: write.file, errorLog: 'error_log' }
  }

  /**
   * Creates a synthetic event and its two hist triggers, in that order. When
   * any write fails, what was written is removed again before the error is
   * thrown, so nothing half-created stays in the kernel. The handle destroys
   * it when disposed: `await using h = await tfs.create(synth)`.
   */
  async create<S extends Applicable>(synth: S, hooks: CreateHooks = {}): Promise<SynthHandle<S>> {
    this.requireSynth()
    const { create } = synth.commands(this.compileOptions)
    const done: PlannedWrite[] = []
    for (const [index, write] of create.entries()) {
      try {
        await hooks.beforeWrite?.(write, index)
        const { file, errorLog } = this.#locate(write)
        await this.io.write(file, write.text, write.mode, errorLog)
        done.push(write)
      } catch (error) {
        const rollback = await this.#undo(done)
        if (error instanceof TypedFtraceError && rollback.length > 0) {
          ;(error as { rollbackErrors?: unknown }).rollbackErrors = rollback
        }
        throw error
      }
    }
    return new SynthHandle(this, synth)
  }

  /** Undoes applied creation writes, newest first; returns what could not be undone. */
  async #undo(done: readonly PlannedWrite[]): Promise<TypedFtraceError[]> {
    const failures: TypedFtraceError[] = []
    for (const write of [...done].reverse()) {
      const undo = undoWrite(write)
      try {
        const { file, errorLog } = this.#locate(undo)
        await this.io.write(file, undo.text, undo.mode, errorLog)
      } catch (error) {
        if (error instanceof TypedFtraceError) failures.push(error)
        else throw error
      }
    }
    return failures
  }

  /**
   * Removes a synthetic event: disables it, removes the end trigger, then the
   * start trigger, then the event (the kernel needs that order). Removing
   * something that is not there is a no-op, reported in the result.
   */
  async destroy(synth: Applicable): Promise<DestroyResult> {
    this.requireSynth()
    const name = synth.definition.name
    const { destroy } = synth.commands(this.compileOptions)
    const removedTriggers: string[] = []
    const unmatched: string[] = []
    let removedEvent = false
    const exists = await this.#eventExists(name)
    for (const write of destroy) {
      const { file, errorLog } = this.#locate(write)
      if (file.endsWith('/trigger') && write.text.startsWith('!')) {
        const before = await this.io.readOptional(file)
        if (before === undefined) continue
        await this.io.write(file, write.text, write.mode, errorLog).catch((error: unknown) => {
          if (!write.ignoreErrors) throw error
        })
        const after = await this.io.readOptional(file)
        if (parseTriggerFile(after ?? '').length < parseTriggerFile(before).length) removedTriggers.push(file)
        else unmatched.push(`${file}: ${write.text}`)
      } else if (/^(-:|!)/.test(write.text) && !file.endsWith('/trigger')) {
        if (!exists) continue
        await this.io.write(file, write.text, write.mode, errorLog)
        removedEvent = true
      } else {
        if (!exists) continue
        await this.io.write(file, write.text, write.mode, errorLog).catch((error: unknown) => {
          if (!write.ignoreErrors) throw error
        })
      }
    }
    return { name, removedEvent, removedTriggers, unmatched }
  }

  async #eventExists(name: string): Promise<boolean> {
    return (await this.listSynthEvents()).some((e) => e.name === name)
  }

  /** Synthetic events the kernel has (from `dynamic_events` or `synthetic_events`). */
  async listSynthEvents(): Promise<ListedSynthEvent[]> {
    const text = this.features.dynamicEvents
      ? await this.io.readOptional('dynamic_events')
      : await this.io.readOptional('synthetic_events')
    return parseSynthList(text ?? '')
  }

  /** Hist triggers of one event, parsed from its `trigger` file (in this instance). */
  async triggers(system: string, event: string): Promise<ListedHistTrigger[]> {
    checkNames(['system', system], ['event', event])
    return parseTriggerFile((await this.io.readOptional(`${this.prefix}events/${system}/${event}/trigger`)) ?? '')
  }

  /**
   * Every synthetic event with the hist triggers that refer to it: the end
   * triggers whose actions trace it and the start triggers they match on.
   */
  async list(): Promise<ListedSynth[]> {
    const events = await this.listSynthEvents()
    if (events.length === 0) return []
    const triggers = await this.#allHistTriggers()
    return events.map((e) => {
      const ends = triggers.filter((t) => t.trigger.actions.some((a) => tracesEvent(a, e.name)))
      const starts = ends.flatMap((end) =>
        end.trigger.actions
          .map((a) => /^onmatch\((\w+)\.(\w+)\)/.exec(a))
          .filter((m): m is RegExpExecArray => m !== null)
          .flatMap((m) =>
            triggers.filter((t) => t.system === m[1] && t.event === m[2] && sharesVariables(t.trigger, end.trigger)),
          ),
      )
      return { ...e, endTriggers: ends, startTriggers: dedupe(starts) }
    })
  }

  async #allHistTriggers(): Promise<EventTrigger[]> {
    const found: EventTrigger[] = []
    const base = `${this.prefix}events`
    const systems = await readdir(this.io.path(base), { withFileTypes: true })
    for (const system of systems.filter((d) => d.isDirectory())) {
      const events = await readdir(this.io.path(`${base}/${system.name}`), { withFileTypes: true })
      await Promise.all(
        events
          .filter((d) => d.isDirectory())
          .map(async (event) => {
            const text = await this.io.readOptional(`${base}/${system.name}/${event.name}/trigger`)
            if (!text || !text.includes('hist:')) return
            for (const trigger of parseTriggerFile(text))
              found.push({ system: system.name, event: event.name, trigger })
          }),
      )
    }
    return found
  }

  /**
   * Takes over a synthetic event created by another process, so it can be
   * destroyed here: its end and start triggers are found from tracefs.
   */
  async adopt(name: string): Promise<Applicable> {
    checkNames(['synthetic event', name])
    const listed = (await this.list()).find((e) => e.name === name)
    if (!listed)
      throw new TracefsError(
        'ENOENT',
        this.features.dynamicEvents ? 'dynamic_events' : 'synthetic_events',
        undefined,
        [],
        `no synthetic event '${name}' to adopt`,
      )
    const removal = (t: EventTrigger): PlannedWrite => ({
      file: `events/${t.system}/${t.event}/trigger`,
      text: `!${t.trigger.text}`,
      mode: 'append',
    })
    const destroy: PlannedWrite[] = [
      { file: `events/synthetic/${name}/enable`, text: '0', mode: 'write', ignoreErrors: true },
      ...listed.endTriggers.map(removal),
      ...listed.startTriggers.map(removal),
      this.features.dynamicEvents
        ? { file: 'dynamic_events', text: `-:synthetic/${name}`, mode: 'append' }
        : { file: 'synthetic_events', text: `!${name}`, mode: 'append' },
    ]
    return { definition: { name }, commands: () => ({ create: [], destroy }) }
  }

  /** Enables an event (in this instance). */
  async enable(system: string, event: string): Promise<void> {
    checkNames(['system', system], ['event', event])
    await this.io.write(`${this.prefix}events/${system}/${event}/enable`, '1', 'write', `${this.prefix}error_log`)
  }

  /** Disables an event (in this instance). */
  async disable(system: string, event: string): Promise<void> {
    checkNames(['system', system], ['event', event])
    await this.io.write(`${this.prefix}events/${system}/${event}/enable`, '0', 'write', `${this.prefix}error_log`)
  }

  /** Sets an event's filter (`'0'` or `''` clears it). A refused filter throws with the kernel's parse error. */
  async setFilter(system: string, event: string, filter: string): Promise<void> {
    checkNames(['system', system], ['event', event])
    await this.io.write(
      `${this.prefix}events/${system}/${event}/filter`,
      filter === '' ? '0' : filter,
      'write',
      `${this.prefix}error_log`,
    )
  }

  /** The event's filter, or undefined when none is set. */
  async getFilter(system: string, event: string): Promise<string | undefined> {
    checkNames(['system', system], ['event', event])
    const text = (await this.io.read(`${this.prefix}events/${system}/${event}/filter`)).trim()
    return text === 'none' ? undefined : text
  }

  /**
   * Reads records of a synthetic event (or of any event, named
   * `{ system, event }`) from the per-CPU raw ring buffers, decoded and merged
   * in time order: `{ ...fields, ts, cpu, common_pid, record }`, typed by the
   * synth's fields. Draining consumes them; `follow` keeps reading until the
   * signal aborts.
   *
   * @example
   * for await (const ev of tfs.records(wakeupLat)) console.log(ev.pid, ev.delta, ev.ts)
   */
  async *records<T extends Applicable | EventName>(
    target: T,
    options: RawRecordsOptions = {},
  ): AsyncGenerator<LiveRecord<T>> {
    const event: EventName = 'definition' in target ? { system: 'synthetic', event: target.definition.name } : target
    for await (const record of readRawRecords(this.io, this.prefix, [event], options)) {
      const own = Object.create(null) as Record<string, unknown> // field names are the kernel's: data, not members
      for (const f of record.event.fields) if (!f.common) own[f.name] = record.field(f.name)
      yield { ...own, ts: record.ts, cpu: record.cpu, common_pid: record.pid, record } as LiveRecord<T>
    }
  }

  /** Removes this instance's directory (it must be empty of triggers and enabled events). */
  async removeInstance(): Promise<void> {
    if (this.instance === undefined) return
    await rmdir(this.io.path(`instances/${this.instance}`))
  }
}

/** A synthetic event the kernel holds; disposing it destroys it. */
export class SynthHandle<S extends Applicable> implements AsyncDisposable {
  readonly tracefs: Tracefs
  readonly synth: S
  #destroyed = false

  constructor(tfs: Tracefs, synth: S) {
    this.tracefs = tfs
    this.synth = synth
  }

  get name(): string {
    return this.synth.definition.name
  }

  /** Enables the synthetic event so its records reach the ring buffer. */
  enable(): Promise<void> {
    return this.tracefs.enable('synthetic', this.name)
  }

  disable(): Promise<void> {
    return this.tracefs.disable('synthetic', this.name)
  }

  async destroy(): Promise<DestroyResult> {
    this.#destroyed = true
    return this.tracefs.destroy(this.synth)
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#destroyed) await this.destroy()
  }
}

/** A live record: the event's own fields (typed for a typed synth), its time, CPU and task, and the decoded record. */
export type LiveRecord<T> = (T extends { readonly fields: infer F }
  ? F extends Record<string, unknown>
    ? F
    : Record<string, unknown>
  : Record<string, unknown>) & {
  readonly ts: bigint
  readonly cpu: number
  readonly common_pid: number
  readonly record: TraceRecord
}

/** Test and tooling hooks of {@link Tracefs.create}. */
export interface CreateHooks {
  /** Called before each write; throwing fails that step (used to prove rollback). */
  readonly beforeWrite?: (write: PlannedWrite, index: number) => void | Promise<void>
}

/** A synthetic event as listed, with the triggers that refer to it. */
export interface ListedSynth extends ListedSynthEvent {
  readonly endTriggers: readonly EventTrigger[]
  readonly startTriggers: readonly EventTrigger[]
}

/** A hist trigger and the event it sits on. */
export interface EventTrigger {
  readonly system: string
  readonly event: string
  readonly trigger: ListedHistTrigger
}

/** The write that removes what a creation write added. */
export function undoWrite(write: PlannedWrite): PlannedWrite {
  if (write.file.endsWith('/trigger'))
    return { file: write.file, text: `!${write.text.replace(/\n$/, '')}`, mode: 'append' }
  const dyn = /^s:(?:synthetic\/)?(\w+)/.exec(write.text)
  if (write.file === 'dynamic_events' && dyn)
    return { file: 'dynamic_events', text: `-:synthetic/${dyn[1]}`, mode: 'append' }
  const plain = /^(\w+)/.exec(write.text)
  if (write.file === 'synthetic_events' && plain)
    return { file: 'synthetic_events', text: `!${plain[1]}`, mode: 'append' }
  throw new TypedFtraceError('EINVAL', `no undo known for a write to ${write.file}`)
}

function tracesEvent(action: string, name: string): boolean {
  return action.includes(`.trace(${name},`) || action.includes(`.trace(${name})`) || action.includes(`.${name}(`)
}

/** A start trigger belongs to an end trigger when the end refers to one of its variables. */
function sharesVariables(start: ListedHistTrigger, end: ListedHistTrigger): boolean {
  return start.variables.some(([name]) => end.text.includes(`$${name}`))
}

function dedupe(list: EventTrigger[]): EventTrigger[] {
  const seen = new Set<string>()
  return list.filter((t) => {
    const key = `${t.system}/${t.event}/${t.trigger.text}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
