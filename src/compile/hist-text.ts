import { filterText } from '../filter/filter-state.js'
import type { FilterState } from '../filter/filter-state.js'
import type { LoweredAction, LoweredSynth } from './lower.js'
import type { CompileOptions } from './options.js'

/** The synthetic event's field list: `pid_t pid; u64 delta;`. */
export function fieldListText(lowered: LoweredSynth): string {
  return lowered.fieldDecls.join(' ')
}

/** `hist:keys=a,b[:v1,v2]` */
function histHead(keys: readonly string[], vars: readonly string[]): string {
  return `hist:keys=${keys.join(',')}${vars.length > 0 ? `:${vars.join(',')}` : ''}`
}

/** ` if <filter>` with the open parentheses closed, or nothing. */
function filterTail(filter: FilterState): string {
  return filter.text === '' ? '' : ` if ${filterText(filter)}`
}

/** The start event's trigger: keys, the start variables, the start filter. */
export function startHistText(lowered: LoweredSynth, filter: FilterState): string {
  return histHead(lowered.startKeys, lowered.startVars) + filterTail(filter)
}

/**
 * The end event's trigger: keys, the end variables, the actions (by default
 * `onmatch(<start>)` with the trace action) and the end filter.
 */
export function endHistText(lowered: LoweredSynth, filter: FilterState, options: CompileOptions = {}): string {
  const trace = traceText(lowered, options)
  const onmatch = `:onmatch(${lowered.start?.system}.${lowered.start?.event})`
  const actions =
    lowered.actions.length === 0
      ? onmatch + trace
      : lowered.actions.map((action) => actionText(action, onmatch, trace)).join('')
  return histHead(lowered.endKeys, lowered.endVars) + actions + filterTail(filter)
}

function traceText(lowered: LoweredSynth, options: CompileOptions): string {
  const args = lowered.args.join(',')
  return options.actionSyntax === 'legacy' ? `.${lowered.name}(${args})` : `.trace(${lowered.name},${args})`
}

function actionText(action: LoweredAction, onmatch: string, trace: string): string {
  const handler =
    action.handler === 'match'
      ? onmatch
      : `:${action.handler === 'max' ? 'onmax' : 'onchange'}(${action.handleVar ?? ''})`
  const body =
    action.action === 'trace' ? trace : action.action === 'snapshot' ? '.snapshot()' : `.save(${action.save.join(',')})`
  return handler + body
}
