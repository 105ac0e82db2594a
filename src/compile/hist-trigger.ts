import type { HistDefinition } from '../definition/hist-definition.js'
import { SynthError } from '../definition/synth-error.js'
import { filterFinished, filterText } from '../filter/filter-state.js'
import { instancePrefix } from './checks.js'
import { joinPath, shellWord, tracingDir } from './echo.js'
import type { CompileOptions, EchoOptions, SynthCommands, TracefsWrite } from './options.js'
import { freezeCommands } from './commands.js'

/**
 * What a write of the trigger does, as libtracefs' `tracefs_hist_command`
 * names it: start (create) the hist, pause it, continue it, clear its table,
 * or destroy it (the trigger prefixed with `!`).
 */
export type HistCommand = 'start' | 'pause' | 'cont' | 'clear' | 'destroy'

const COMMAND_TEXT: Readonly<Record<HistCommand, string>> = {
  start: '',
  pause: ':pause',
  cont: ':cont',
  clear: ':clear',
  destroy: '',
}

/**
 * The trigger text libtracefs writes for a hist:
 * `hist:keys=k1,k2[:vals=v1,...][:sort=s1,...][:size=N][:pause|:cont|:clear][:name=NAME][ if FILTER]`,
 * with `!` in front to destroy it. A filter that is not finished (a dangling
 * `&&`, `!` or `(`) is EBADE, since the kernel would refuse it.
 */
export function histTriggerText(def: HistDefinition, command: HistCommand = 'start'): string {
  if (def.keys.length === 0) throw new SynthError('EINVAL', `the hist on ${def.system}/${def.event} has no keys`)
  if (!filterFinished(def.filter))
    throw new SynthError(
      'EBADE',
      `the filter of the hist on ${def.system}/${def.event} is not finished: '${def.filter.text}'`,
    )
  let text = `${command === 'destroy' ? '!' : ''}hist:keys=${def.keys.map((k) => k.spec).join(',')}`
  if (def.values.length > 0) text += `:vals=${def.values.map((v) => v.spec).join(',')}`
  if (def.sort.length > 0) text += `:sort=${def.sort.join(',')}`
  if (def.size !== undefined) text += `:size=${def.size}`
  text += COMMAND_TEXT[command]
  if (def.name !== undefined) text += `:name=${def.name}`
  if (def.filter.text !== '') text += ` if ${filterText(def.filter)}`
  return text
}

/** The event's trigger file, in the instance of the options: `[instances/<i>/]events/<sys>/<event>/trigger`. */
export function histTriggerFile(def: HistDefinition, options: CompileOptions = {}): string {
  return `${instancePrefix(options.instance)}events/${def.system}/${def.event}/trigger`
}

/** The event's `hist` file, where the kernel prints the table. */
export function histFile(def: HistDefinition, options: CompileOptions = {}): string {
  return `${instancePrefix(options.instance)}events/${def.system}/${def.event}/hist`
}

/** One command as a write: appended to the event's trigger file, as `tracefs_hist_command` does. */
export function histCommandWrite(
  def: HistDefinition,
  command: HistCommand,
  options: CompileOptions = {},
): TracefsWrite {
  return { file: histTriggerFile(def, options), text: histTriggerText(def, command), mode: 'append' }
}

/** The write that creates the hist (`tracefs_hist_start`) and the one that removes it (`tracefs_hist_destroy`). */
export function histCommands(def: HistDefinition, options: CompileOptions = {}): SynthCommands {
  return freezeCommands([histCommandWrite(def, 'start', options)], [histCommandWrite(def, 'destroy', options)])
}

/**
 * `tracefs_hist_echo_cmd`: one shell line that writes the command to the
 * event's trigger file (with `>`, as libtracefs prints it), ending in a newline.
 */
export function histEchoCmd(def: HistDefinition, command: HistCommand = 'start', options: EchoOptions = {}): string {
  const tracing = tracingDir(options.tracingDir)
  const path = joinPath(tracing, histTriggerFile(def, options))
  return `echo '${histTriggerText(def, command)}' > ${shellWord(path)}\n`
}

export type { HistDefinition, HistFieldRef } from '../definition/hist-definition.js'
