import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { CACHE, ROOT } from './paths.js'

/**
 * Installs Debian packages when missing (one apt run at a time across suites).
 * Returns undefined when done, or why it could not (then the caller skips loudly).
 */
export function ensureApt(...packages: string[]): string | undefined {
  try {
    execFileSync(join(ROOT, 'scripts/ensure-apt.sh'), packages, { stdio: ['ignore', 'inherit', 'pipe'] })
    return undefined
  } catch (error) {
    return `could not install ${packages.join(' ')}: ${String((error as { stderr?: Buffer }).stderr ?? error)}`
  }
}

/** Compiles a C program of the tests into .cache/oracle when its source is newer than the binary. */
export function buildC(source: string, output: string, pkgConfig: string[]): string {
  const out = join(CACHE, 'oracle', output)
  mkdirSync(join(CACHE, 'oracle'), { recursive: true })
  const src = join(ROOT, source)
  const fresh = (() => {
    try {
      return statSync(out).mtimeMs >= statSync(src).mtimeMs
    } catch {
      return false
    }
  })()
  if (!fresh) {
    const flags = pkgConfig.length
      ? execFileSync('pkg-config', ['--cflags', '--libs', ...pkgConfig], { encoding: 'utf8' })
          .trim()
          .split(/\s+/)
      : []
    execFileSync('gcc', ['-O2', '-o', out, src, ...flags], { stdio: 'inherit' })
  }
  readFileSync(out).length // fail loudly when the build left nothing
  return out
}
