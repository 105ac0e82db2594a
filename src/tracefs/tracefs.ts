/// <reference lib="esnext.disposable" preserve="true" />
import { mkdir, readdir, rmdir } from 'node:fs/promises'
import { adoptCommands } from '../compile/adopt.js'
import { instancePrefix } from '../compile/checks.js'
import type { CompileOptions, SynthCommands, TracefsWrite } from '../compile/options.js'
import { undoWrite } from '../compile/undo.js'
import type { TraceRecord } from '../ring-buffer/record.js'
import { TypedFtraceError } from '../errors.js'
import type { SynthFields } from '../schema/synth-fields.js'
import { nameProblem } from '../schema/name-rule.js'
import { findTracefs } from '../schema/tracefs-mount.js'
import type { FindTracefsOptions } from '../schema/tracefs-mount.js'
import { TracefsError, TracefsUnsupportedError } from './errors.js'
import { detectFeatures, missingForSynth } from './features.js'
import type { TracefsFeatures } from './features.js'
import { TracefsIO } from './io.js'
import { parseSynthList, parseTriggerFile } from './list.js'
import type { ListedHistTrigger, ListedSynthEvent } from './list.js'
import { listSynths } from './list-synths.js'
import type { ListedSynth } from './list-synths.js'
import { readRawRecords } from './records.js'
import type { EventName, RawRecordsOptions } from './records.js'
import { recordTrace } from './record/record.js'
import type { RecordOptions, RecordResult } from './record/types.js'
import type { AnyKernel, KernelOf, RegisteredKernel } from '../schema/field-types.js'
import type { Schema } from '../schema/schema.js'
import { eventFilterText } from './event-filter.js'
import type { FilterInput } from './event-filter.js'
import type { LiveEventRecord, LiveFilter, LiveKernel, SeveralKernels, SystemParam } from './live-events.js'
import { SynthHandle } from './synth-handle.js'
import { HistHandle } from './hist-handle.js'
import type { LiveHist } from './hist-handle.js'
import { histCommands } from '../compile/hist-trigger.js'

/** What the backend needs of a synth: its name and the writes compile makes to create and destroy it. */
export interface Applicable {
  readonly definition: { readonly name: string }
  /** The writes that create it and those that remove it, compiled with the backend's options. */
  commands(options?: CompileOptions): SynthCommands
}

/** The one name rule at the door of every method that puts a name in a tracefs path or write. */
function checkNames(...names: (readonly [string, unknown])[]): void {
  for (const [what, name] of names) {
    const problem = nameProblem(name, what)
    if (problem !== undefined) throw new TypedFtraceError('EINVAL', problem)
  }
}

/** Options for {@link tracefs}. */
export interface TracefsOptions<S extends Schema = Schema> extends FindTracefsOptions {
  /** Use (creating it when absent) the instance `instances/<name>` for triggers, enables and records. */
  readonly instance?: string
  /** A tracefs mount to use instead of finding one. */
  readonly root?: string
  /**
   * The kernel whose typings check event names, filters and records (a
   * generated module's `schema` export), instead of the registered one: how a
   * program that registers two kernels says which one it runs on. It types
   * the handle only: at run time the kernel's own formats are read.
   */
  readonly schema?: S
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

/** Test and tooling hooks of {@link Tracefs.create}. */
export interface CreateHooks {
  /** Called before each write; throwing fails that step (used to prove rollback). */
  readonly beforeWrite?: (write: TracefsWrite, index: number) => void | Promise<void>
}

/**
 * A live record: the event's own fields ({@link SynthFields} of a typed synth,
 * else `Record<string, unknown>`), its time, CPU and task, and the decoded record.
 */
export type LiveRecord<T> = SynthFields<T> & {
  readonly ts: bigint
  readonly cpu: number
  readonly common_pid: number
  readonly record: TraceRecord
}

/** What a {@link Tracefs} is made of. */
export interface TracefsProps {
  readonly io: TracefsIO
  readonly instance: string | undefined
  readonly features: TracefsFeatures
}

/**
 * Opens the tracing directory (finding or mounting tracefs), optionally in an
 * instance. Its event methods check system, event and field names against
 * the registered kernel (any names when none is registered; `{ schema }`
 * picks one explicitly).
 *
 * @example
 * import { synth, tracefs, TIMESTAMP_USECS } from 'typed-ftrace'
 * import 'typed-ftrace/kernels/linux-6.1'
 *
 * const wakeupLat = synth('wakeup_lat')
 *   .start('sched', 'sched_waking')
 *   .end('sched', 'sched_switch')
 *   .match('pid', 'next_pid')
 *   .delta(TIMESTAMP_USECS)
 * const tfs = await tracefs()
 * await using handle = await tfs.create(wakeupLat)
 * await handle.enable()
 */
export async function tracefs<const S extends Schema = never>(
  options: TracefsOptions<S> = {},
): Promise<Tracefs<[S] extends [never] ? LiveKernel : KernelOf<S>>> {
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
  return new Tracefs({ io, instance: options.instance, features: await detectFeatures(io) }) as never
}

/**
 * A tracing directory: create and destroy synthetic events, enable events,
 * set filters, read records, list what exists. `K` is the kernel whose
 * typings check event names, filters and records (see {@link tracefs}).
 */
export class Tracefs<K = LiveKernel> {
  readonly io: TracefsIO
  readonly instance: string | undefined
  readonly features: TracefsFeatures
  /** Prefix of the instance's files (`instances/<name>/` or empty), as compile writes it. */
  readonly prefix: string

  constructor(props: TracefsProps) {
    this.io = props.io
    this.instance = props.instance
    this.features = props.features
    this.prefix = instancePrefix(props.instance)
  }

  /** The mount point. */
  get root(): string {
    return this.io.root
  }

  /** Compile options matching this kernel, chosen like libtracefs does, with this instance. */
  get compileOptions(): CompileOptions {
    return {
      actionSyntax: this.features.traceAction ? 'trace' : 'legacy',
      dynamicEvents: this.features.dynamicEvents,
      ...(this.instance === undefined ? {} : { instance: this.instance }),
    }
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

  /** Writes one of compile's writes; the kernel's complaint is read from the error_log of the file's instance. */
  async #write(file: string, write: TracefsWrite): Promise<void> {
    const instance = /^instances\/[^/]+\//.exec(file)?.[0] ?? ''
    await this.io.write(file, write.text, write.mode, `${instance}error_log`)
  }

  /** The write's file, and with `everyInstance` the same file in every instance. */
  async #targets(write: TracefsWrite): Promise<string[]> {
    if (!write.everyInstance) return [write.file]
    const instances = await readdir(this.io.path('instances')).catch(() => [] as string[])
    return [write.file, ...instances.map((name) => `instances/${name}/${write.file}`)]
  }

  /**
   * Creates a synthetic event and its two hist triggers, in that order. When
   * any write fails, what was written is removed again before the error is
   * thrown, so nothing half-created stays in the kernel. The handle destroys
   * it when disposed: `await using h = await tfs.create(synth)`.
   *
   * A hist (`hist(system, event)...`) becomes one hist trigger on its event
   * (`tracefs_hist_start`), and its handle reads the kernel's table back typed.
   *
   * @example
   * import { synth, tracefs, TIMESTAMP_USECS } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const tfs = await tracefs()
   * await using handle = await tfs.create(
   *   synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta(TIMESTAMP_USECS),
   * )
   * await handle.enable()
   *
   * @example
   * import { hist, tracefs } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const tfs = await tracefs()
   * await using sw = await tfs.create(hist('sched', 'sched_switch').keys('next_pid').values('prev_prio'))
   * const { rows } = await sw.read() // rows[0].key.next_pid: number, rows[0].values.prev_prio: bigint
   */
  async create<S extends Applicable | LiveHist>(
    target: S,
    hooks: CreateHooks = {},
  ): Promise<S extends Applicable ? SynthHandle<S> : S extends LiveHist ? HistHandle<S> : never> {
    type Result = S extends Applicable ? SynthHandle<S> : S extends LiveHist ? HistHandle<S> : never
    const synth = target as Applicable
    const live = !('commands' in target)
    if (live) this.requireHist()
    else this.requireSynth()
    const { create } = live
      ? histCommands((target as LiveHist).definition, this.compileOptions)
      : synth.commands(this.compileOptions)
    const done: TracefsWrite[] = []
    for (const [index, write] of create.entries()) {
      try {
        await hooks.beforeWrite?.(write, index)
        await this.#write(write.file, write)
        done.push(write)
      } catch (error) {
        const rollback = await this.#undo(done)
        if (error instanceof TypedFtraceError && rollback.length > 0) {
          ;(error as { rollbackErrors?: unknown }).rollbackErrors = rollback
        }
        throw error
      }
    }
    return (
      live
        ? new HistHandle({ tracefs: this.untyped(), hist: target as LiveHist })
        : new SynthHandle({ tracefs: this.untyped(), synth })
    ) as Result
  }

  /** Undoes applied creation writes, newest first; returns what could not be undone. */
  async #undo(done: readonly TracefsWrite[]): Promise<TypedFtraceError[]> {
    const failures: TypedFtraceError[] = []
    for (const write of [...done].reverse()) {
      try {
        const undo = undoWrite(write)
        await this.#write(undo.file, undo)
      } catch (error) {
        if (error instanceof TypedFtraceError) failures.push(error)
        else throw error
      }
    }
    return failures
  }

  /**
   * Removes a synthetic event: disables it (in every instance too), removes
   * the end trigger, then the start trigger, then the event (the kernel needs
   * that order). Removing something that is not there is a no-op, reported
   * in the result.
   *
   * @example
   * import { synth, tracefs } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const tfs = await tracefs()
   * const wakeupLat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid')
   * const { removedEvent, removedTriggers } = await tfs.destroy(wakeupLat)
   */
  async destroy(synth: Applicable): Promise<DestroyResult> {
    this.requireSynth()
    const name = synth.definition.name
    const { destroy } = synth.commands(this.compileOptions)
    const removedTriggers: string[] = []
    const unmatched: string[] = []
    let removedEvent = false
    const exists = await this.#eventExists(name)
    const tolerate = (write: TracefsWrite) => (error: unknown) => {
      if (!write.ignoreErrors) throw error
    }
    for (const write of destroy) {
      const file = write.file
      if (file.endsWith('/trigger') && write.text.startsWith('!')) {
        const before = await this.io.readOptional(file)
        if (before === undefined) continue
        await this.#write(file, write).catch(tolerate(write))
        const after = await this.io.readOptional(file)
        if (parseTriggerFile(after ?? '').length < parseTriggerFile(before).length) removedTriggers.push(file)
        else unmatched.push(`${file}: ${write.text}`)
      } else if (/^(-:|!)/.test(write.text) && !file.endsWith('/trigger')) {
        if (!exists) continue
        await this.#write(file, write)
        removedEvent = true
      } else {
        if (!exists) continue
        for (const target of await this.#targets(write)) await this.#write(target, write).catch(tolerate(write))
      }
    }
    return { name, removedEvent, removedTriggers, unmatched }
  }

  /**
   * Removes a hist trigger made by {@link create} (`tracefs_hist_destroy`):
   * appends `!<trigger>` to its event's trigger file. Whether a trigger was
   * removed (false when none matched).
   */
  async destroyHist(hist: LiveHist): Promise<boolean> {
    this.requireHist()
    const [write] = histCommands(hist.definition, this.compileOptions).destroy
    const before = await this.io.readOptional(write!.file)
    if (before === undefined) return false
    await this.#write(write!.file, write!)
    const after = await this.io.readOptional(write!.file)
    return parseTriggerFile(after ?? '').length < parseTriggerFile(before).length
  }

  /** Fails with ENOTSUP, before any write, when the kernel has no hist triggers. */
  requireHist(): void {
    if (!this.features.histTriggers)
      throw new TracefsUnsupportedError(
        ['CONFIG_HIST_TRIGGERS'],
        'this kernel has no hist triggers (CONFIG_HIST_TRIGGERS not set): nothing was written',
      )
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

  /**
   * This handle without its kernel's typings: every method takes names known at
   * run time only (strings from a file or a user), checked against the running
   * kernel's formats when called. The handles `create()` makes use it (they name
   * synthetic events, which no typings hold).
   *
   * @example
   * import { tracefs } from 'typed-ftrace'
   *
   * const tfs = await tracefs()
   * const [system = 'sched', event = 'sched_switch'] = process.argv.slice(2)
   * await tfs.untyped().enable(system, event)
   */
  untyped(): Tracefs<AnyKernel> {
    return this as Tracefs<unknown> as Tracefs<AnyKernel>
  }

  /** Hist triggers of one event, parsed from its `trigger` file (in this instance). */
  async triggers<const S extends keyof K & string, const E extends keyof K[S] & string>(
    system: SystemParam<K, S>,
    event: E,
  ): Promise<ListedHistTrigger[]> {
    checkNames(['system', system], ['event', event])
    return parseTriggerFile((await this.io.readOptional(`${this.prefix}events/${system}/${event}/trigger`)) ?? '')
  }

  /**
   * Every synthetic event with the hist triggers that refer to it: the end
   * triggers whose actions trace it and the start triggers they match on.
   */
  async list(): Promise<ListedSynth[]> {
    return listSynths(this.io, this.prefix, await this.listSynthEvents())
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
    const found = (t: ListedSynth['endTriggers'][number]) => ({
      system: t.system,
      event: t.event,
      text: t.trigger.text,
    })
    const adopted = { name, endTriggers: listed.endTriggers.map(found), startTriggers: listed.startTriggers.map(found) }
    return { definition: { name }, commands: (options) => adoptCommands(adopted, options) }
  }

  /**
   * Enables an event (in this instance). The system and event are checked
   * against the kernel's typings, like the synth builder's `start(system,
   * event)`; at run time a missing event is `ENOENT`.
   *
   * @example
   * import { tracefs } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const tfs = await tracefs()
   * await tfs.enable('sched', 'sched_switch')
   */
  async enable<const S extends keyof K & string, const E extends keyof K[S] & string>(
    system: SystemParam<K, S>,
    event: E,
  ): Promise<void> {
    checkNames(['system', system], ['event', event])
    await this.io.write(`${this.prefix}events/${system}/${event}/enable`, '1', 'write', `${this.prefix}error_log`)
  }

  /** Disables an event (in this instance); names are checked as {@link enable} checks them. */
  async disable<const S extends keyof K & string, const E extends keyof K[S] & string>(
    system: SystemParam<K, S>,
    event: E,
  ): Promise<void> {
    checkNames(['system', system], ['event', event])
    await this.io.write(`${this.prefix}events/${system}/${event}/enable`, '0', 'write', `${this.prefix}error_log`)
  }

  /**
   * Sets an event's filter (`'0'` or `''` clears it): the synth builder's
   * typed expression over the event's fields (`f => f.gt('prev_prio', 100)`,
   * rendered as libtracefs' tokens would), or text as the kernel reads it.
   * Either is checked against the event's format as the running kernel has
   * it before anything is written: a field the event does not have is a
   * `FilterError` (`ENODEV`, its `field` naming it), an operator the field's
   * type does not take `EINVAL`. Text the kernel still refuses throws with
   * the kernel's parse error.
   *
   * @example
   * import { tracefs } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const tfs = await tracefs()
   * await tfs.setFilter('sched', 'sched_switch', (f) => f.gt('prev_prio', 100).and(f.glob('next_comm', 'kworker*')))
   * await tfs.getFilter('sched', 'sched_switch') // 'prev_prio > 100&&next_comm~"kworker*"'
   * await tfs.setFilter('sched', 'sched_switch', 'next_pid == 1')
   */
  async setFilter<const S extends keyof K & string, const E extends keyof K[S] & string>(
    system: SystemParam<K, S>,
    event: E,
    filter: NoInfer<LiveFilter<K, S, E>>,
  ): Promise<void> {
    checkNames(['system', system], ['event', event])
    const text = await eventFilterText(this.io, system as string, event, filter as FilterInput)
    await this.io.write(
      `${this.prefix}events/${system as string}/${event}/filter`,
      text === '' ? '0' : text,
      'write',
      `${this.prefix}error_log`,
    )
  }

  /** The event's filter, or undefined when none is set. */
  async getFilter<const S extends keyof K & string, const E extends keyof K[S] & string>(
    system: SystemParam<K, S>,
    event: E,
  ): Promise<string | undefined> {
    checkNames(['system', system], ['event', event])
    const text = (await this.io.read(`${this.prefix}events/${system}/${event}/filter`)).trim()
    return text === 'none' ? undefined : text
  }

  /**
   * Reads records of a synthetic event (or of any event, named
   * `{ system, event }`, untyped) from the per-CPU raw ring buffers, decoded
   * and merged in time order: `{ ...fields, ts, cpu, common_pid, record }`,
   * typed by the synth's fields. Draining consumes them; `follow` keeps
   * reading until the signal aborts.
   *
   * @example
   * import { synth, tracefs, TIMESTAMP_USECS } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const wakeupLat = synth('wakeup_lat')
   *   .start('sched', 'sched_waking')
   *   .end('sched', 'sched_switch')
   *   .match('pid', 'next_pid')
   *   .delta(TIMESTAMP_USECS)
   * const tfs = await tracefs()
   * for await (const ev of tfs.records(wakeupLat)) console.log(ev.pid, ev.delta, ev.ts)
   */
  records<T extends Applicable | EventName>(target: T, options?: RawRecordsOptions): AsyncGenerator<LiveRecord<T>>
  /**
   * Reads records of one event from the per-CPU raw ring buffers, decoded
   * and merged in time order: `{ ...fields, ts, cpu, common_pid, record }`,
   * the fields typed by the event's fields in the kernel's typings
   * ({@link LiveEventRecord}: `number`, `bigint` for 64-bit values, `string`,
   * arrays). Draining consumes them; `follow` keeps reading until the signal
   * aborts.
   *
   * @example
   * import { tracefs } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const tfs = await tracefs()
   * for await (const sw of tfs.records('sched', 'sched_switch')) {
   *   console.log(sw.prev_comm, sw.prev_state, sw.next_pid) // string, bigint, number
   * }
   */
  records<const S extends keyof K & string, const E extends keyof K[S] & string>(
    system: SystemParam<K, S>,
    event: E,
    options?: RawRecordsOptions,
  ): AsyncGenerator<LiveEventRecord<K[S][E]>>
  async *records(
    target: Applicable | EventName | string,
    second?: string | RawRecordsOptions,
    third?: RawRecordsOptions,
  ): AsyncGenerator<unknown> {
    const options = (typeof target === 'string' ? third : (second as RawRecordsOptions | undefined)) ?? {}
    const event: EventName =
      typeof target === 'string'
        ? { system: target, event: second as string }
        : 'definition' in target
          ? { system: 'synthetic', event: target.definition.name }
          : target
    checkNames(['system', event.system], ['event', event.event])
    for await (const record of readRawRecords(this.io, this.prefix, [event], options)) {
      const own = Object.create(null) as Record<string, unknown> // field names are the kernel's: data, not members
      for (const f of record.event.fields) if (!f.common) own[f.name] = record.field(f.name)
      yield { ...own, ts: record.ts, cpu: record.cpu, common_pid: record.pid, record }
    }
  }

  /**
   * Records events into a trace.dat file that trace-cmd, KernelShark and
   * {@link openTrace} read: version 7 (zstd) by default, or 6. The raw
   * ring-buffer pages are written as the kernel gives them. Stops after
   * `duration` ms, when `signal` aborts, or when `command` exits; events are
   * disabled and a created instance removed again, even when it fails. The
   * events are checked against the handle's kernel (the registered one, or
   * `tracefs({ schema })`'s), or the kernel given as the type argument.
   *
   * @example
   * import { tracefs } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const tfs = await tracefs()
   * const result = await tfs.record({
   *   events: [['sched', 'sched_switch'], ['sched', 'sched_waking']],
   *   output: 'trace.dat',
   *   duration: 1000,
   * })
   * console.log(result.events, result.lost)
   */
  record<R = K extends SeveralKernels ? RegisteredKernel : K>(
    options: RecordOptions<NoInfer<R>>,
  ): Promise<RecordResult> {
    return recordTrace(this.io, this.instance, options as unknown as RecordOptions<AnyKernel>)
  }

  /** Removes this instance's directory (it must be empty of triggers and enabled events). */
  async removeInstance(): Promise<void> {
    if (this.instance === undefined) return
    await rmdir(this.io.path(`instances/${this.instance}`))
  }
}
