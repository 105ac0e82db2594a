import type { SynthDefinition, SynthEventRef, SynthHandler } from '../synth/definition.js'
import { findHandlerVariable } from './handler-variable.js'
import { VarNames } from './var-names.js'

/** An action with its handler's variable resolved. */
export interface LoweredAction {
  readonly handler: SynthHandler
  /** `$__delta_R_4` for onmax/onchange; undefined for onmatch. */
  readonly handleVar: string | undefined
  readonly action: 'trace' | 'snapshot' | 'save'
  readonly save: readonly string[]
}

/**
 * A definition in libtracefs' own terms: the key lists of both triggers, the
 * variable assignments of each (`__arg_R_1=common_timestamp.usecs`), the
 * synthetic field declarations and the trace arguments, all in the order
 * libtracefs builds them.
 */
export interface LoweredSynth {
  readonly name: string
  readonly start: SynthEventRef | undefined
  readonly end: SynthEventRef | undefined
  readonly startKeys: readonly string[]
  readonly endKeys: readonly string[]
  readonly startVars: readonly string[]
  readonly endVars: readonly string[]
  readonly fieldDecls: readonly string[]
  readonly args: readonly string[]
  readonly actions: readonly LoweredAction[]
}

/**
 * Replays the calls of a definition the way libtracefs records them:
 * - match: keys on both sides; with a name, the end variable `<name>=<end field>` (not hashed);
 * - compare: a helper `__arg` on the start event, then the hashed name on the end event
 *   assigned `end-$arg` (delta-end), `$arg-end` (delta-start) or `end+$arg` (add);
 * - start field: the hashed name first, then a helper `__arg`; the end variable copies `$arg`;
 * - end field: the hashed name (verbatim when it starts with `__arg`), or a helper `__arg` when unnamed.
 */
export function lowerSynth(def: SynthDefinition): LoweredSynth {
  const names = new VarNames(def.name)
  const startKeys: string[] = []
  const endKeys: string[] = []
  const startVars: string[] = []
  const endVars: string[] = []
  const fieldDecls: string[] = []
  const args: string[] = []
  const actions: LoweredAction[] = []
  const declOf = new Map(def.fields.map((f) => [f.step, f.declaration]))
  const addField = (step: number, arg: string) => {
    const decl = declOf.get(step)
    if (decl === undefined) return
    fieldDecls.push(decl)
    args.push(`$${arg}`)
  }
  def.steps.forEach((step, i) => {
    switch (step.kind) {
      case 'match':
        startKeys.push(step.start.name)
        endKeys.push(step.end.name)
        if (step.as !== undefined) {
          endVars.push(`${step.as}=${step.end.name}`)
          addField(i, step.as)
        }
        break
      case 'compare': {
        const arg = names.arg()
        startVars.push(`${arg}=${step.start.name}`)
        const end = step.end.name
        const expr = step.calc === 'delta-end' ? `${end}-$${arg}` : step.calc === 'delta-start' ? `$${arg}-${end}` : `${end}+$${arg}`
        const hashed = names.hash(step.as)
        endVars.push(`${hashed}=${expr}`)
        addField(i, hashed)
        break
      }
      case 'start-field': {
        const hashed = names.hash(step.as)
        const arg = names.arg()
        startVars.push(`${arg}=${step.field.name}`)
        endVars.push(`${hashed}=$${arg}`)
        addField(i, hashed)
        break
      }
      case 'end-field': {
        const variable = step.as === undefined ? names.arg() : step.as.startsWith('__arg') ? step.as : names.hash(step.as)
        endVars.push(`${variable}=${step.field.name}`)
        addField(i, variable)
        break
      }
      case 'action': {
        const { handler, variable, action, save } = step.action
        let handleVar: string | undefined
        if (handler !== 'match' && variable !== undefined) {
          const found = findHandlerVariable(endVars.map(varName), variable)
          handleVar = `$${found ?? variable}`
        }
        actions.push({ handler, handleVar, action, save })
        break
      }
      default:
        break
    }
  })
  return { name: def.name, start: def.start, end: def.end, startKeys, endKeys, startVars, endVars, fieldDecls, args, actions }
}

/** The name of a `name=expr` assignment. */
export function varName(assignment: string): string {
  const i = assignment.indexOf('=')
  return i < 0 ? assignment : assignment.slice(0, i)
}
