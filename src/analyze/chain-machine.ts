import { synthChain } from '../definition/chain.js'
import type { SynthDefinition } from '../definition/synth-definition.js'
import { SynthMachine } from './evaluate.js'
import type { SynthRecord } from './evaluate.js'
import type { EvalRecord } from './records.js'

/**
 * The kernel's state for a chain of synths (one whose start or end event is
 * another synth, `.start(otherSynth)`): one {@link SynthMachine} per synth of
 * the chain. A record goes to the newest synth first, as the kernel runs an
 * event's newest trigger first (the outer synth's triggers are written after
 * the inner one's); a record an inner synth's `trace` action makes is an
 * event of `synthetic/<name>` with the end event's time, and goes at once,
 * before the next trigger runs, to the synths that start or end on it.
 * Only the head's records come out.
 */
export class ChainMachine {
  readonly definition: SynthDefinition
  /** Newest (the head) first. */
  readonly #machines: readonly SynthMachine[]
  readonly #head: SynthMachine

  constructor(definition: SynthDefinition, initialTracked?: ReadonlyMap<number, ReadonlyMap<string, bigint>>) {
    this.definition = definition
    const chain = synthChain(definition)
    this.#head = new SynthMachine(definition, initialTracked)
    this.#machines = [
      this.#head,
      ...chain
        .slice(0, -1)
        .map((d) => new SynthMachine(d))
        .reverse(),
    ]
  }

  /** Feeds one record; returns the head's records it makes. */
  push(record: EvalRecord): readonly SynthRecord[] {
    if (this.#machines.length === 1) return this.#head.push(record)
    const out: SynthRecord[] = []
    this.#dispatch(record, out)
    return out
  }

  #dispatch(record: EvalRecord, out: SynthRecord[]): void {
    for (const machine of this.#machines) {
      const made = machine.push(record)
      if (made.length === 0) continue
      if (machine === this.#head) {
        for (const r of made) out.push(r)
        continue
      }
      for (const r of made) if (r.action === 'trace') this.#dispatch(r, out)
    }
  }
}
