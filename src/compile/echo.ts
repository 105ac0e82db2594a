import type { SynthDefinition } from '../definition/synth-definition.js'
import { SynthError } from '../definition/synth-error.js'
import { unsafeCharacter } from '../filter/safe-text.js'
import { instancePrefix } from './checks.js'
import type { EchoOptions } from './options.js'
import { compileTexts } from './show.js'

/** Where libtracefs finds tracefs on a current system. */
export const DEFAULT_TRACING_DIR = '/sys/kernel/tracing'

/**
 * `tracefs_synth_echo_cmd`: three shell lines that create the synthetic
 * event, each ending in a newline:
 *
 * ```
 * echo 's:<name> <fields>' >> <tracing>/dynamic_events
 * echo '<start hist>' >> <instance dir>/events/<sys>/<start>/trigger
 * echo '<end hist>' >> <instance dir>/events/<sys>/<end>/trigger
 * ```
 *
 * Unlike libtracefs, an unfinished filter is refused (EBADE) rather than
 * printed, since the kernel would refuse the trigger. Paths that hold shell
 * metacharacters are quoted.
 */
export function synthEchoCmd(def: SynthDefinition, options: EchoOptions = {}): string {
  const texts = compileTexts(def, options)
  const { start, end } = texts
  const name = def.name
  const tracing = tracingDir(options.tracingDir)
  const instance = instancePrefix(options.instance)
  const instanceDir = instance === '' ? tracing : joinPath(tracing, instance.slice(0, -1))
  const dynamic = options.dynamicEvents ?? true
  const defLine = dynamic ? `s:${name} ${texts.fields}` : `${name} ${texts.fields}`
  const file = dynamic ? 'dynamic_events' : 'synthetic_events'
  return [
    `echo '${defLine}' >> ${shellWord(joinPath(tracing, file))}\n`,
    `echo '${texts.startHist}' >> ${shellWord(joinPath(instanceDir, `events/${start.system}/${start.event}/trigger`))}\n`,
    `echo '${texts.endHist}' >> ${shellWord(joinPath(instanceDir, `events/${end.system}/${end.event}/trigger`))}\n`,
  ].join('')
}

/** The tracing directory of an echo script: the default, or the one given (checked, without a trailing slash). */
export function tracingDir(dir: string | undefined): string {
  if (dir === undefined) return DEFAULT_TRACING_DIR
  if (typeof dir !== 'string' || dir === '')
    throw new SynthError('EINVAL', 'the tracing directory must be a non-empty path')
  const bad = unsafeCharacter(dir.replace(/'/g, ''))
  if (bad) throw new SynthError('EINVAL', `the tracing directory ${JSON.stringify(dir)} holds ${bad}`)
  return dir.length > 1 ? dir.replace(/\/+$/, '') : dir
}

/** `dir/rest` with one slash. */
export function joinPath(dir: string, rest: string): string {
  return dir.endsWith('/') ? dir + rest : `${dir}/${rest}`
}

/** A path as one shell word: as it is when it has only safe characters, else single-quoted. */
export function shellWord(path: string): string {
  if (/^[\w/.,:@%+=-]+$/.test(path)) return path
  return `'${path.replace(/'/g, `'\\''`)}'`
}
