/// <reference lib="esnext.disposable" preserve="true" />
import type { AnyKernel } from '../schema/field-types.js'
import { endHist } from '../compile/end-hist.js'
import type { SynthDefinition } from '../compile/end-hist.js'
import { TypedFtraceError } from '../errors.js'
import { parseFormat } from '../schema/parse-format.js'
import type { FieldFormat } from '../schema/format-types.js'
import type { SavedFields } from '../schema/synth-fields.js'
import { TracefsError } from './errors.js'
import { histSections } from './hist-file.js'
import type { HistSection } from './hist-file.js'
import type { EventName, RawRecordsOptions } from './records.js'
import { isEndTrigger, parseSynthHistSection } from './synth-hist.js'
import type { SynthHistReading } from './synth-hist.js'
import type { Applicable, DestroyResult, LiveRecord, Tracefs } from './tracefs.js'

/** What a {@link SynthHandle} holds: the tracing directory and the synth created in it. */
export interface SynthHandleProps<S extends Applicable> {
  readonly tracefs: Tracefs<AnyKernel>
  readonly synth: S
}

/** A synthetic event the kernel holds; disposing it destroys it. */
export class SynthHandle<S extends Applicable> implements AsyncDisposable {
  readonly tracefs: Tracefs<AnyKernel>
  readonly synth: S
  #destroyed = false

  constructor(props: SynthHandleProps<S>) {
    this.tracefs = props.tracefs
    this.synth = props.synth
  }

  /** The synthetic event's name. */
  get name(): string {
    return this.synth.definition.name
  }

  /** Enables the synthetic event so its records reach the ring buffer. */
  enable(): Promise<void> {
    return this.tracefs.enable('synthetic', this.name)
  }

  /** Disables the synthetic event. */
  disable(): Promise<void> {
    return this.tracefs.disable('synthetic', this.name)
  }

  /** The full definition (a synth taken over with `adopt()` has none: EINVAL). */
  #definition(what: string): SynthDefinition {
    const def = this.synth.definition as Partial<SynthDefinition>
    if (!Array.isArray(def.steps) || !Array.isArray(def.actions))
      throw new TypedFtraceError('EINVAL', `${what} needs the synth's definition; '${this.name}' was adopted`)
    return def as SynthDefinition
  }

  /** The end trigger's section of the end event's `hist` file. */
  async endHistSection(): Promise<HistSection> {
    const def = this.#definition('endHistSection()')
    const hist = endHist(def)
    const triggerFile = `${this.tracefs.prefix}events/${hist.system}/${hist.event}/trigger`
    const written = this.synth
      .commands(this.tracefs.compileOptions)
      .create.filter((w) => w.file === triggerFile && w.text.startsWith('hist:'))
      .at(-1)
    const file = `${this.tracefs.prefix}events/${hist.system}/${hist.event}/hist`
    const text = await this.tracefs.io.read(file)
    const found = written && histSections(text).find((s) => isEndTrigger(s.trigger, written.text))
    if (!found)
      throw new TracefsError('ENOENT', file, undefined, [], `the end trigger of '${this.name}' is not in ${file}`)
    return found
  }

  /**
   * Reads the synth's end trigger back from the end event's `hist` file: one
   * row per end-event key (`key`, `hitcount`), with what an
   * `onMax(...)`/`onChange(...)` handler's `save(...)` kept for it in
   * `tracked` (the maximum or last value and the saved end-event fields,
   * typed by the fields `save()` named), and in `snapshot` the kernel's note of
   * the last snapshot a `snapshot()` action took (its value and key). The
   * snapshot buffer itself is read with {@link snapshotRecords}.
   *
   * @example
   * import { synth, tracefs, TIMESTAMP_USECS } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat')
   *   .start('sched', 'sched_waking')
   *   .end('sched', 'sched_switch')
   *   .match('pid', 'next_pid')
   *   .delta(TIMESTAMP_USECS)
   *   .onMax('delta')
   *   .save('prev_comm', 'prev_pid')
   * const tfs = await tracefs()
   * await using handle = await tfs.create(lat)
   * const { rows } = await handle.readHist()
   * for (const row of rows) console.log(row.key.next_pid, row.tracked?.value, row.tracked?.saved.prev_comm) // unknown, bigint, string
   */
  async readHist(): Promise<SynthHistReading<SavedFields<S>>> {
    const def = this.#definition('readHist()')
    const section = await this.endHistSection()
    const save = def.actions.find((a) => a.action === 'save')
    let formats: readonly FieldFormat[] = []
    if (save && def.end) {
      const file = `events/${def.end.system}/${def.end.event}/format`
      const text = await this.tracefs.io.readOptional(file)
      if (text !== undefined) formats = parseFormat(text, { system: def.end.system, file }).fields
    }
    return parseSynthHistSection(section.text, def, (name) => formats.find((f) => f.name === name)) as SynthHistReading<
      SavedFields<S>
    >
  }

  /**
   * Reads the snapshot buffer (`per_cpu/cpuN/snapshot_raw`) that a
   * `snapshot()` action filled: the synthetic event's records by default, or
   * those of another event (`{ system: 'sched', event: 'sched_switch' }`),
   * typed like {@link Tracefs.records}'. Reading consumes them.
   *
   * @example
   * import { synth, tracefs, TIMESTAMP_USECS } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const lat = synth('wakeup_lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid').delta(TIMESTAMP_USECS).onMax('delta').snapshot()
   * const tfs = await tracefs()
   * await using handle = await tfs.create(lat)
   * for await (const r of handle.snapshotRecords({ system: 'sched', event: 'sched_switch' })) console.log(r.cpu, r.ts, r.next_pid)
   */
  snapshotRecords<T extends Applicable | EventName = S>(
    target?: T,
    options: Omit<RawRecordsOptions, 'buffer' | 'follow'> = {},
  ): AsyncGenerator<LiveRecord<T>> {
    return this.tracefs.records((target ?? this.synth) as T, { ...options, buffer: 'snapshot' })
  }

  /** Destroys the synthetic event (see {@link Tracefs.destroy}); disposing the handle afterwards does nothing. */
  async destroy(): Promise<DestroyResult> {
    this.#destroyed = true
    return this.tracefs.destroy(this.synth)
  }

  /** Destroys the synthetic event unless {@link destroy} already did. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#destroyed) await this.destroy()
  }
}
