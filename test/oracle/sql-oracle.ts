// libtracefs 1.6.4 as the oracle for the SQL dialect: `sql-oracle.c` runs each
// statement through tracefs_sql() over the same format dump as the synth
// oracle and prints tracefs_synth_echo_cmd (JOIN), the start hist's
// tracefs_hist_echo_cmd (no JOIN), or the error text tracefs_sql() gave.
// One process runs a whole batch; each statement runs in its own fork.
import { execFile, spawn } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CACHE, ROOT } from '../helpers/paths.js'
import { ensurePackages, prepareDump } from './libtracefs-oracle.js'
import type { OracleKernel } from './libtracefs-oracle.js'

const run = promisify(execFile)
const SOURCE = join(ROOT, 'test/oracle/sql-oracle.c')

/** What libtracefs made of one statement. */
export type SqlOracleResult =
  | { readonly kind: 'synth' | 'hist'; readonly echo: string }
  | { readonly kind: 'error'; readonly errno: string; readonly message: string }
  /** tracefs_sql() gave a hist-only object whose start hist it could not make. */
  | { readonly kind: 'nohist'; readonly errno: string }
  | { readonly kind: 'failed'; readonly how: string }

export interface SqlOracle {
  runAll(statements: readonly { readonly name: string; readonly sql: string }[]): Promise<SqlOracleResult[]>
}

/** The oracle over a kernel's formats (6.1 by default), or why it cannot run here. */
export async function ensureSqlOracle(kernel: OracleKernel = 'linux-6.1'): Promise<SqlOracle | { skipped: string }> {
  const missing = await ensurePackages(['libtracefs-dev', 'libtraceevent-dev', 'gcc', 'pkg-config'])
  if (missing) return { skipped: missing }
  let binary: string
  let dump: string
  try {
    binary = await build()
    dump = await prepareDump(kernel, {})
  } catch (error) {
    return { skipped: `could not build the sql oracle: ${String((error as { stderr?: string }).stderr || error)}` }
  }
  return { runAll: (statements) => runAll(binary, dump, statements) }
}

async function build(): Promise<string> {
  const source = await readFile(SOURCE)
  const flags = (await run('pkg-config', ['--cflags', '--libs', 'libtracefs', 'libtraceevent'])).stdout
    .trim()
    .split(/\s+/)
  const args = ['-O2', '-Wall', ...flags]
  const hash = createHash('sha256').update(source).update(args.join(' ')).digest('hex').slice(0, 12)
  const binary = join(CACHE, 'oracle', `sql-oracle-${hash}`)
  if (existsSync(binary)) return binary
  await mkdir(join(CACHE, 'oracle'), { recursive: true })
  const tmp = `${binary}.tmp-${randomUUID()}`
  await run('gcc', ['-o', tmp, SOURCE, ...args])
  await rename(tmp, binary)
  return binary
}

function parse(report: string): SqlOracleResult {
  const nl = report.indexOf('\n')
  const head = nl < 0 ? report : report.slice(0, nl)
  const body = nl < 0 ? '' : report.slice(nl + 1)
  const [word, arg] = head.split(' ')
  if (word === 'SYNTH' || word === 'HIST') return { kind: word === 'SYNTH' ? 'synth' : 'hist', echo: body }
  if (word === 'ERROR') return { kind: 'error', errno: arg!, message: body }
  if (word === 'NOHIST') return { kind: 'nohist', errno: arg! }
  return { kind: 'failed', how: head }
}

function runAll(
  binary: string,
  dump: string,
  statements: readonly { readonly name: string; readonly sql: string }[],
): Promise<SqlOracleResult[]> {
  const input = statements
    .map((s) => {
      if (!/^\S+$/.test(s.name)) throw new Error(`sql oracle: the name ${JSON.stringify(s.name)} has a space`)
      return `${s.name} ${Buffer.byteLength(s.sql)}\n${s.sql}`
    })
    .join('')
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [dump], { stdio: ['pipe', 'pipe', 'pipe'] })
    const chunks: Buffer[] = []
    let err = ''
    child.stdout.on('data', (c: Buffer) => chunks.push(c))
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`sql-oracle exited ${code}: ${err}`))
      const out = Buffer.concat(chunks)
      const results: SqlOracleResult[] = []
      let at = 0
      while (at < out.length) {
        const nl = out.indexOf(0x0a, at)
        const m = /^RESULT (\d+)$/.exec(out.subarray(at, nl).toString('utf8'))
        if (!m) return reject(new Error(`sql-oracle: unexpected output at byte ${at}`))
        const n = Number(m[1])
        results.push(parse(out.subarray(nl + 1, nl + 1 + n).toString('utf8')))
        at = nl + 1 + n
      }
      if (results.length !== statements.length)
        return reject(new Error(`sql-oracle: ${results.length} results for ${statements.length} statements`))
      resolve(results)
    })
    child.stdin.end(input)
  })
}
