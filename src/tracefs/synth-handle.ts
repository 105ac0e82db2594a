/// <reference lib="esnext.disposable" preserve="true" />
import type { AnyKernel } from '../schema/field-types.js'
import type { Applicable, DestroyResult, Tracefs } from './tracefs.js'

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
