import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { KernelRuleText } from '../../definition/kernel-rule-error.js'
import type { Problem } from './problem.js'

// ftrace-event: the `ftrace` system's events (the tracer's own) take no hist triggers (EACCES, nothing logged).

const OWN_EVENTS = "is one of the tracer's own events, which take no hist triggers: use a trace event of another system"

/** What is wrong with `ftrace.<event>` as the start or end event. */
export function ftraceEventAdvice(which: 'start' | 'end', event: string): string {
  return `the ${which} event ftrace.${event} ${OWN_EVENTS}`
}

/** The compiler's text for an `ftrace` event given to `.start()`/`.end()`: {@link ftraceEventAdvice} and the kernel's side. */
export type FtraceEventProblem<Which extends 'start' | 'end', Event extends string> = KernelRuleText<
  `the ${Which} event ftrace.${Event} ${typeof OWN_EVENTS}`,
  'EACCES',
  ''
>

/** Triggers on the `ftrace` system's own events are refused (EACCES). */
export function ftraceEventProblem(def: SynthDefinition): Problem | undefined {
  for (const [which, event] of [
    ['start', def.start],
    ['end', def.end],
  ] as const) {
    if (event?.system === 'ftrace')
      return { rule: 'ftrace-event', code: 'EACCES', kernel: '', advice: ftraceEventAdvice(which, event.event) }
  }
  return undefined
}
