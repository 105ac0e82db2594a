import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { buildC, ensureApt } from '../helpers/native.js'
import { CACHE, KERNEL_6_1 } from '../helpers/paths.js'

/** What libtracefs 1.6.4 made of a definition. */
export type OracleResult = { ok: true; echo: string } | { ok: false; step: number; errno: string } | { timeout: true }

const TIMESTAMPS: Record<string, string> = {
  TIMESTAMP: 'common_timestamp',
  TIMESTAMP_USECS: 'common_timestamp.usecs',
  STACKTRACE: 'common_stacktrace',
}
const field = (name: string) => TIMESTAMPS[name] ?? name
const NULL = '\\N'
const FILTER_TYPES: Record<string, number> = { '&&': 1, '||': 2, '!': 3, '(': 4, ')': 5 }
const OPS = ['==', '!=', '>', '>=', '<', '<=', '~', '&']
const CALCS = ['delta-end', 'delta-start', 'add']

/**
 * Translates a JSON spec into the oracle's line protocol: one libtracefs call
 * per line. `stepOf[i]` is the spec step each line comes from (-1: the events).
 */
export function oracleScript(spec: { name: string; start: string; end: string; steps: Record<string, unknown>[] }): {
  lines: string[]
  stepOf: number[]
} {
  const split = (e: string) => (e.includes('/') ? e.split('/') : [NULL, e])
  const [ss, se] = split(spec.start)
  const [es, ee] = split(spec.end)
  const lines: string[] = []
  const stepOf: number[] = []
  let allocated = false
  spec.steps.forEach((step, i) => {
    const push = (...f: (string | number | undefined)[]) => {
      lines.push(f.map((x) => (x === undefined ? NULL : String(x))).join('\t'))
      stepOf.push(i)
    }
    const as = step['as'] as string | undefined
    if ('match' in step) {
      const m = step['match'] as string | string[]
      const [sf, ef] = Array.isArray(m) ? [m[0]!, m[1] ?? m[0]!] : [m, m]
      if (!allocated) push('alloc', spec.name, ss, se, es, ee, field(sf), field(ef), as)
      else push('match', field(sf), field(ef), as)
      allocated = true
    } else if ('compare' in step) {
      const [sf, ef] = step['compare'] as string[]
      push('compare', field(sf!), field(ef!), CALCS.indexOf(step['calc'] as string), as)
    } else if ('delta' in step) {
      const f = step['delta'] === true ? 'TIMESTAMP_USECS' : (step['delta'] as string)
      push('compare', field(f), field(f), 0, as ?? 'delta')
    } else if ('startField' in step) push('start_field', field(step['startField'] as string), as)
    else if ('endField' in step) push('end_field', field(step['endField'] as string), as)
    else if ('startFilter' in step || 'endFilter' in step) {
      const side = 'startFilter' in step ? 'start_filter' : 'end_filter'
      const entry = (step['startFilter'] ?? step['endFilter']) as string | string[]
      if (Array.isArray(entry)) push(side, 0, field(entry[0]!), OPS.indexOf(entry[1]!), entry[2])
      else push(side, FILTER_TYPES[entry], undefined, 0, undefined)
    } else {
      const handler = 'onMatch' in step ? 1 : 'onMax' in step ? 2 : 3
      const variable = handler === 1 ? undefined : ((step['onMax'] ?? step['onChange']) as string)
      if (step['trace']) push('trace', handler, variable)
      else if (step['snapshot']) push('snapshot', handler, variable)
      else push('save', handler, variable, (step['save'] as string[]).join(','))
    }
  })
  return { lines, stepOf }
}

/** The compiled oracle and its format dump, or why they cannot be had here. */
export function prepareOracle(): { binary: string; dump: string } | string {
  const missing = ensureApt('libtracefs-dev', 'libtraceevent-dev', 'gcc', 'pkg-config')
  if (missing) return missing
  const binary = buildC('test/oracle/synth-oracle.c', 'synth-oracle', ['libtracefs', 'libtraceevent'])
  const dump = join(CACHE, 'oracle/linux-6.1')
  if (!existsSync(join(dump, 'per_cpu/cpu1'))) {
    // tracefs_local_events() wants an enable file in every system and event folder, and per_cpu/.
    rmSync(dump, { recursive: true, force: true })
    mkdirSync(dump, { recursive: true })
    cpSync(join(KERNEL_6_1, 'events'), join(dump, 'events'), { recursive: true })
    for (const system of readdirSync(join(dump, 'events'), { withFileTypes: true }).filter((d) => d.isDirectory())) {
      writeFileSync(join(dump, 'events', system.name, 'enable'), '')
      for (const event of readdirSync(join(dump, 'events', system.name), { withFileTypes: true }).filter((d) =>
        d.isDirectory(),
      )) {
        writeFileSync(join(dump, 'events', system.name, event.name, 'enable'), '')
      }
    }
    for (const cpu of ['cpu0', 'cpu1']) mkdirSync(join(dump, 'per_cpu', cpu), { recursive: true })
  }
  return { binary, dump }
}

/** Runs one spec through libtracefs (own process, 3 s limit: some 1.6.4 `save` handlers never return). */
export function runOracle(
  oracle: { binary: string; dump: string },
  spec: Parameters<typeof oracleScript>[0],
): Promise<OracleResult & { stepOf: number[] }> {
  const { lines, stepOf } = oracleScript(spec)
  return new Promise((resolve) => {
    const child = execFile(oracle.binary, [oracle.dump], { timeout: 3000 }, (error, stdout) => {
      if (error && (error as { killed?: boolean }).killed) return resolve({ timeout: true, stepOf })
      const m = /^ERROR (-?\d+) (\w+)/.exec(stdout)
      if (m) return resolve({ ok: false, step: Number(m[1]), errno: m[2]!, stepOf })
      resolve({ ok: true, echo: stdout, stepOf })
    })
    child.stdin!.end(`${lines.join('\n')}\n`)
  })
}

/** libtracefs' random number in generated names, and ours, replaced by R: `__delta_12316_2` -> `__delta_R_2`. */
export function normaliseVars(text: string): string {
  return text.replace(/(__[A-Za-z0-9_]*?)_\d+_(\d+)\b/g, '$1_R_$2')
}
