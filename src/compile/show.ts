import type { SynthDefinition, SynthEventRef } from '../definition/synth-definition.js'
import { checkCompilable, checkSafe } from './checks.js'
import { checkKernelRules } from './kernel-rules/check.js'
import { endHistText, fieldListText, startHistText } from './hist-text.js'
import { lowerSynth } from './lower.js'
import type { CompileOptions } from './options.js'

/** The three texts a definition compiles to (field list, start trigger, end trigger), checked as create checks them. */
export interface CompiledTexts {
  readonly start: SynthEventRef
  readonly end: SynthEventRef
  readonly fields: string
  readonly startHist: string
  readonly endHist: string
}

/**
 * Compiles a definition to libtracefs' texts, checked against the kernel's
 * rules. `checks` false gives exactly what libtracefs' echo_cmd prints: no
 * unfinished-filter check, no kernel rules, and libtracefs' variable names
 * where we rename one for the kernel.
 */
export function compileTexts(def: SynthDefinition, options: CompileOptions = {}, checks = true): CompiledTexts {
  checkCompilable(def, checks)
  if (checks) checkKernelRules({ def, options, stage: 'compile' })
  const lowered = lowerSynth(def, checks)
  return {
    start: def.start,
    end: def.end,
    fields: checkSafe(fieldListText(lowered), 'the field list'),
    startHist: checkSafe(startHistText(lowered, def.startFilter), 'the start trigger'),
    endHist: checkSafe(endHistText(lowered, def.endFilter, options), 'the end trigger'),
  }
}

/** `tracefs_synth_show_event`: the field list (`pid_t pid; u64 delta;`). */
export function showEvent(def: SynthDefinition, options: CompileOptions = {}): string {
  return compileTexts(def, options).fields
}

/** `tracefs_synth_show_start_hist`: the start event's trigger. */
export function showStartHist(def: SynthDefinition, options: CompileOptions = {}): string {
  return compileTexts(def, options).startHist
}

/** `tracefs_synth_show_end_hist`: the end event's trigger. */
export function showEndHist(def: SynthDefinition, options: CompileOptions = {}): string {
  return compileTexts(def, options).endHist
}

/** `tracefs_synth_raw_fmt`: `<fields>\n<start hist>\n<end hist>`, no newline at the end. */
export function rawFmt(def: SynthDefinition, options: CompileOptions = {}): string {
  const t = compileTexts(def, options)
  return `${t.fields}\n${t.startHist}\n${t.endHist}`
}
