import { match } from 'ts-pattern'
import type { FieldFormat } from '../schema/format-types.js'
import type { SynthDefinition, SynthEventRef, SynthHandler } from '../definition/synth-definition.js'
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
  /** For each of {@link args}, the field whose type the kernel gives that variable (an expression takes its left operand's). */
  readonly argSources: readonly FieldFormat[]
  /** The field behind each end variable, by name. */
  readonly endVarSources: ReadonlyMap<string, FieldFormat>
  readonly actions: readonly LoweredAction[]
}

/**
 * Words the kernel reads as a trigger's own attribute when they come before
 * `=` (`key=pid` sets the keys), so they cannot name a variable.
 */
export const RESERVED_VARIABLE_NAMES: ReadonlySet<string> = new Set([
  'key',
  'keys',
  'val',
  'vals',
  'values',
  'sort',
  'size',
  'name',
  'clock',
])

/**
 * Whether a match's name cannot be its end variable's name as libtracefs
 * writes it: a word the kernel reads as an attribute, or the name of a
 * field a `save()` keeps (the kernel names that field's variable after it).
 * The variable then gets a generated name; the synthetic field keeps the name.
 */
export function renamedMatchVariable(def: SynthDefinition, name: string): boolean {
  return RESERVED_VARIABLE_NAMES.has(name) || def.actions.some((a) => a.save.includes(name))
}

/**
 * Replays the calls of a definition the way libtracefs records them:
 * - match: keys on both sides; with a name, the end variable `<name>=<end field>` (not hashed);
 * - compare: a helper `__arg` on the start event, then the hashed name on the end event
 *   assigned `end-$arg` (delta-end), `$arg-end` (delta-start) or `end+$arg` (add);
 * - start field: the hashed name first, then a helper `__arg`; the end variable copies `$arg`;
 * - end field: the hashed name (verbatim when it starts with `__arg`), or a helper `__arg` when unnamed.
 *
 * One departure, for the kernel's sake: a match name the kernel would not
 * take as a variable name ({@link renamedMatchVariable}) is hashed like
 * the other names. The record is the same; only the variable's name differs.
 * `kernelNames` false keeps libtracefs' names.
 */
export function lowerSynth(def: SynthDefinition, kernelNames = true): LoweredSynth {
  const names = new VarNames(def.name)
  const startKeys: string[] = []
  const endKeys: string[] = []
  const startVars: string[] = []
  const endVars: string[] = []
  const fieldDecls: string[] = []
  const args: string[] = []
  const argSources: FieldFormat[] = []
  const endVarSources = new Map<string, FieldFormat>()
  const actions: LoweredAction[] = []
  const declOf = new Map(def.fields.map((f) => [f.step, f.declaration]))
  const endVar = (name: string, expr: string, source: FieldFormat) => {
    endVars.push(`${name}=${expr}`)
    endVarSources.set(name, source)
  }
  const addField = (step: number, arg: string) => {
    const decl = declOf.get(step)
    if (decl === undefined) return
    fieldDecls.push(decl)
    args.push(`$${arg}`)
    argSources.push(endVarSources.get(arg)!)
  }
  def.steps.forEach((step, i) => {
    switch (step.kind) {
      case 'match':
        startKeys.push(step.start.name)
        endKeys.push(step.end.name)
        if (step.as !== undefined) {
          const variable = kernelNames && renamedMatchVariable(def, step.as) ? names.hash(step.as) : step.as
          endVar(variable, step.end.name, step.end.format)
          addField(i, variable)
        }
        break
      case 'compare': {
        const arg = names.arg()
        startVars.push(`${arg}=${step.start.name}`)
        const end = step.end.name
        const expr = match(step.calc)
          .with('delta-end', () => `${end}-$${arg}`)
          .with('delta-start', () => `$${arg}-${end}`)
          .with('add', () => `${end}+$${arg}`)
          .exhaustive()
        const hashed = names.hash(step.as)
        endVar(hashed, expr, step.calc === 'delta-start' ? step.start.format : step.end.format)
        addField(i, hashed)
        break
      }
      case 'start-field': {
        const hashed = names.hash(step.as)
        const arg = names.arg()
        startVars.push(`${arg}=${step.field.name}`)
        endVar(hashed, `$${arg}`, step.field.format)
        addField(i, hashed)
        break
      }
      case 'end-field': {
        const variable =
          step.as === undefined ? names.arg() : step.as.startsWith('__arg') ? step.as : names.hash(step.as)
        endVar(variable, step.field.name, step.field.format)
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
  return {
    name: def.name,
    start: def.start,
    end: def.end,
    startKeys,
    endKeys,
    startVars,
    endVars,
    fieldDecls,
    args,
    argSources,
    endVarSources,
    actions,
  }
}

/** The name of a `name=expr` assignment. */
export function varName(assignment: string): string {
  const i = assignment.indexOf('=')
  return i < 0 ? assignment : assignment.slice(0, i)
}
