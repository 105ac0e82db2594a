import type { SynthDefinition } from '../../definition/synth-definition.js'
import { histValueProblem } from './kernel-fields.js'
import { MAX_KEYS } from './problem.js'
import type { Problem } from './problem.js'

/** Triggers on the `ftrace` system's own events are refused (EACCES). */
export function eventProblem(def: SynthDefinition): Problem | undefined {
  for (const [which, event] of [
    ['start', def.start],
    ['end', def.end],
  ] as const) {
    if (event?.system === 'ftrace') {
      return {
        rule: 'ftrace-event',
        code: 'EACCES',
        kernel: '',
        advice: `the ${which} event ftrace/${event.event} is one of the tracer's own events, which take no hist triggers: use a trace event of another system`,
      }
    }
  }
  return undefined
}

/** At most 3 keys; the same match twice adds nothing; keys must be values the kernel can hash. */
export function keyProblem(def: SynthDefinition): Problem | undefined {
  const matches = def.steps.flatMap((s, i) => (s.kind === 'match' ? [{ s, i }] : []))
  if (matches.length > MAX_KEYS) {
    const last = matches[MAX_KEYS]!
    return {
      rule: 'too-many-keys',
      code: 'EINVAL',
      kernel: '',
      advice: `hist triggers take at most ${MAX_KEYS} keys; this synth matches on ${matches.length} fields: drop a match`,
      step: last.i,
    }
  }
  for (const [n, { s, i }] of matches.entries()) {
    if (matches.slice(0, n).some((m) => m.s.start.name === s.start.name && m.s.end.name === s.end.name)) {
      return {
        rule: 'repeated-key',
        code: 'EINVAL',
        kernel: '',
        advice: `'${s.start.name}' is already matched with '${s.end.name}': a repeated match adds nothing (the kernel takes it; refused as a likely mistake)`,
        step: i,
      }
    }
    for (const ref of [s.start, s.end]) {
      const bad = histValueProblem(ref)
      if (bad)
        return {
          rule: 'key-type',
          code: bad.code,
          kernel: bad.kernel,
          advice: `'${ref.name}' (${ref.format.cType}, ${ref.format.size} bytes) cannot be a hist key: ${bad.reason}`,
          step: i,
        }
    }
  }
  return undefined
}
