// libtracefs 1.6.4 as the oracle for hist trigger text: `hist-oracle.c` runs
// tracefs_hist_alloc/_alloc_2d/_alloc_nd, _add_key(_cnt), _add_value,
// _add_sort_key, _sort_key_direction, _add_name, _append_filter and
// tracefs_hist_echo_cmd over the same format dump as the synth oracle.
// One process runs a whole batch of definitions (the hist calls neither
// crash nor loop).
import { execFile, spawn } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CACHE, ROOT } from '../helpers/paths.js'
import { ensurePackages, prepareDump } from './libtracefs-oracle.js'

const run = promisify(execFile)
const SOURCE = join(ROOT, 'test/oracle/hist-oracle.c')

/** One libtracefs call: its name and arguments (see the header of hist-oracle.c). */
export type HistCall = readonly [string, ...string[]]

/** What libtracefs made of one definition: the echo_cmd lines, or the first call that failed. */
export type HistOracleResult =
  | { readonly ok: true; readonly echo: readonly string[] }
  | { readonly ok: false; readonly call: number; readonly errno: string }

export interface HistOracle {
  runAll(definitions: readonly (readonly HistCall[])[]): Promise<HistOracleResult[]>
}

/** The oracle, or why it cannot run here. */
export async function ensureHistOracle(): Promise<HistOracle | { skipped: string }> {
  const missing = await ensurePackages(['libtracefs-dev', 'libtraceevent-dev', 'gcc', 'pkg-config'])
  if (missing) return { skipped: missing }
  let binary: string
  let dump: string
  try {
    binary = await build()
    dump = await prepareDump('linux-6.1', {})
  } catch (error) {
    return { skipped: `could not build the hist oracle: ${String((error as { stderr?: string }).stderr || error)}` }
  }
  return { runAll: (definitions) => runAll(binary, dump, definitions) }
}

async function build(): Promise<string> {
  const source = await readFile(SOURCE)
  const flags = (await run('pkg-config', ['--cflags', '--libs', 'libtracefs', 'libtraceevent'])).stdout
    .trim()
    .split(/\s+/)
  const args = ['-O2', '-Wall', ...flags]
  const hash = createHash('sha256').update(source).update(args.join(' ')).digest('hex').slice(0, 12)
  const binary = join(CACHE, 'oracle', `hist-oracle-${hash}`)
  if (existsSync(binary)) return binary
  await mkdir(join(CACHE, 'oracle'), { recursive: true })
  const tmp = `${binary}.tmp-${randomUUID()}`
  await run('gcc', ['-o', tmp, SOURCE, ...args])
  await rename(tmp, binary)
  return binary
}

function runAll(
  binary: string,
  dump: string,
  definitions: readonly (readonly HistCall[])[],
): Promise<HistOracleResult[]> {
  for (const def of definitions)
    for (const call of def)
      if (call.some((a) => /[\t\n\r]/.test(a)))
        throw new Error(`hist oracle: TAB or newline in ${JSON.stringify(call)}`)
  const input = definitions.map((def) => def.map((c) => c.join('\t')).join('\n') + '\nend\n').join('')
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [dump], { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`hist-oracle exited ${code}: ${err}`))
      const results: HistOracleResult[] = []
      let echo: string[] = []
      for (const line of out.split('\n')) {
        if (line.startsWith('ECHO ')) echo.push(line.slice(5))
        else if (line === 'OK') {
          results.push({ ok: true, echo })
          echo = []
        } else if (line.startsWith('ERROR ')) {
          const [, call, errno] = line.split(' ')
          results.push({ ok: false, call: Number(call), errno: errno! })
          echo = []
        }
      }
      if (results.length !== definitions.length)
        return reject(new Error(`hist-oracle: ${results.length} results for ${definitions.length} definitions`))
      resolve(results)
    })
    child.stdin.end(input)
  })
}
