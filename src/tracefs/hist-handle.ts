/// <reference lib="esnext.disposable" preserve="true" />
import { histCommandWrite, histFile } from '../compile/hist-trigger.js'
import type { HistCommand, HistDefinition } from '../compile/hist-trigger.js'
import { TracefsError } from './errors.js'
import { histSections, isTriggerOf, parseHistSection } from './hist-file.js'
import type { HistSection, ParsedHist } from './hist-file.js'
import type { AnyKernel } from '../schema/field-types.js'
import type { Tracefs } from './tracefs.js'

/** What the live backend needs of a hist: its definition (`hist(system, event)...` has one). */
export interface LiveHist {
  readonly definition: HistDefinition
}

/**
 * What {@link HistHandle.read} gives for a hist: the same typed result as
 * the offline `h.over(records).result()` (keys typed by the event's fields,
 * `hitcount`, the sums; `hits`, `entries`, `dropped`).
 */
export type HistReading<H> = H extends { over(records: never): { result(): infer Result } } ? Result : ParsedHist

/** What a {@link HistHandle} holds: the tracing directory and the hist created in it. */
export interface HistHandleProps<H extends LiveHist> {
  readonly tracefs: Tracefs<AnyKernel>
  readonly hist: H
}

/**
 * A hist trigger the kernel holds (`tfs.create(hist(...)...)`): read its
 * table, pause, continue or clear it; disposing it destroys it.
 */
export class HistHandle<H extends LiveHist> implements AsyncDisposable {
  readonly tracefs: Tracefs<AnyKernel>
  readonly hist: H
  #destroyed = false

  constructor(props: HistHandleProps<H>) {
    this.tracefs = props.tracefs
    this.hist = props.hist
  }

  /** The definition the kernel holds. */
  get definition(): HistDefinition {
    return this.hist.definition
  }

  /** This hist's section of the event's `hist` file (the kernel prints one per hist trigger). */
  async section(): Promise<HistSection> {
    const file = histFile(this.definition, this.tracefs.compileOptions)
    const text = await this.tracefs.io.read(file)
    const found = histSections(text).find((s) => isTriggerOf(s.trigger, this.definition))
    if (!found) throw new TracefsError('ENOENT', file, undefined, [], `the hist is not in ${file}`)
    return found
  }

  /**
   * What the kernel has counted so far, parsed from its `hist` file into the
   * same typed rows as the offline histogram, in the kernel's order.
   *
   * @example
   * import { hist, tracefs } from 'typed-ftrace'
   * import 'typed-ftrace/kernels/linux-6.1'
   *
   * const tfs = await tracefs()
   * await using h = await tfs.create(hist('sched', 'sched_switch').keys('next_comm').sort('hitcount.descending'))
   * const { rows, hits } = await h.read()
   * rows[0]?.key.next_comm // string
   */
  async read(): Promise<HistReading<H>> {
    return parseHistSection((await this.section()).text, this.definition) as HistReading<H>
  }

  /** Stops counting (`:pause`); the table is kept. */
  pause(): Promise<void> {
    return this.#command('pause')
  }

  /** Counts again after {@link pause} (`:cont`). */
  continue(): Promise<void> {
    return this.#command('cont')
  }

  /** Empties the table (`:clear`); counting goes on. */
  clear(): Promise<void> {
    return this.#command('clear')
  }

  async #command(command: HistCommand): Promise<void> {
    const write = histCommandWrite(this.definition, command, this.tracefs.compileOptions)
    await this.tracefs.io.write(write.file, write.text, write.mode, `${this.tracefs.prefix}error_log`)
  }

  /** Removes the hist trigger; whether one was removed. Disposing the handle afterwards does nothing. */
  async destroy(): Promise<boolean> {
    this.#destroyed = true
    return this.tracefs.destroyHist(this.hist)
  }

  /** Destroys the hist unless {@link destroy} already did. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#destroyed) await this.destroy()
  }
}
