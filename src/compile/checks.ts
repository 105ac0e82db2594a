import { filterFinished } from '../filter/filter-state.js'
import type { FilterState } from '../filter/filter-state.js'
import type { SynthDefinition, SynthEventRef } from '../definition/synth-definition.js'
import { SynthError } from '../definition/synth-error.js'
import { unsafeCharacter } from '../filter/safe-text.js'
import { nameProblem } from '../schema/name-rule.js'

/** A definition that has both events. */
export type CompleteDefinition = SynthDefinition & { readonly start: SynthEventRef; readonly end: SynthEventRef }

/**
 * What libtracefs checks before writing (create, destroy, echo): both events
 * (EUNATCH without the end event) and a match field (a synth cannot be
 * allocated without one: EINVAL); with `filters`, both filters finished
 * (EBADE, as `tracefs_synth_create`).
 */
export function checkCompilable(def: SynthDefinition, filters: boolean): asserts def is CompleteDefinition {
  if (def.start === undefined || def.end === undefined) {
    throw new SynthError(
      'EUNATCH',
      `synthetic event '${def.name}' has no ${def.start === undefined ? 'start' : 'end'} event: call .${def.start === undefined ? 'start' : 'end'}(...) first`,
    )
  }
  if (!def.steps.some((s) => s.kind === 'match')) {
    throw new SynthError(
      'EINVAL',
      `synthetic event '${def.name}' has no match field: call .match(startField, endField) so the end event can find its start event`,
    )
  }
  if (filters) {
    checkFilter(def.startFilter, `start filter of ${def.start.system}/${def.start.event}`, def.name)
    checkFilter(def.endFilter, `end filter of ${def.end.system}/${def.end.event}`, def.name)
  }
}

function checkFilter(filter: FilterState, what: string, name: string): void {
  if (filterFinished(filter)) return
  throw new SynthError(
    'EBADE',
    `synthetic event '${name}': the ${what} is unfinished ('${filter.text}' ends with ${filter.state === 'not' ? "'!'" : filter.state === 'open-paren' ? "'('" : "'&&' or '||'"}); add a comparison`,
  )
}

/** Last line of defence: no text that reaches tracefs or the shell may hold a quote or a control character. */
export function checkSafe(text: string, what: string): string {
  const bad = unsafeCharacter(text)
  if (bad) throw new SynthError('EINVAL', `${what} would hold ${bad}: refusing to write it`)
  return text
}

/** The prefix of an instance's files (`instances/<name>/`, empty for none); throws EINVAL for a name tracefs paths cannot hold. */
export function instancePrefix(instance: string | undefined): string {
  if (instance === undefined) return ''
  const problem = nameProblem(instance, 'instance')
  if (problem !== undefined) throw new SynthError('EINVAL', problem)
  return `instances/${instance}/`
}
