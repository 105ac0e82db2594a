// Type-checks a throwaway project with the native compiler and returns its
// --extendedDiagnostics figures. The project lives under .cache/ inside the
// repository, so `typed-ftrace/...` imports resolve to this package's build.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** The native compiler (typescript@7); `typescript-6` also installs a `tsc` binary, so never rely on `.bin/tsc`. */
export const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')
/** TypeScript 6 (the `typescript-6` alias): the last compiler with `moduleResolution: node10`, which TypeScript 7 removed. */
export const TSC6 = join(ROOT, 'node_modules/typescript-6/bin/tsc')

/**
 * @param {string} name folder name under .cache/typecheck
 * @param {Record<string, string>} files file name -> source
 * @param {{ skipLibCheck?: boolean }} [options]
 * @returns {{ files: number, types: number, instantiations: number, checkTime: number, totalTime: number, memoryKiB: number, raw: string }}
 */
export function typecheck(name, files, options = {}) {
  const dir = writeProject(name, files, { skipLibCheck: options.skipLibCheck ?? true })
  let raw
  try {
    raw = execFileSync(process.execPath, [TSC, '-p', dir, '--extendedDiagnostics', '--singleThreaded'], {
      encoding: 'utf8',
    })
  } catch (error) {
    throw new Error(`type check of ${name} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`)
  }
  const num = (label) => {
    const m = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(raw)
    if (!m) throw new Error(`no "${label}" in tsc output:\n${raw}`)
    return Number(m[1])
  }
  return {
    files: num('Files'),
    types: num('Types'),
    instantiations: num('Instantiations'),
    checkTime: num('Check time'),
    totalTime: num('Total time'),
    memoryKiB: num('Memory used'),
    raw,
  }
}

/** Writes the files and a strict tsconfig into .cache/typecheck/<name>; returns the folder. */
function writeProject(name, files, extraOptions) {
  const dir = join(ROOT, '.cache', 'typecheck', name)
  mkdirSync(dir, { recursive: true })
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
  const compilerOptions = {
    strict: true,
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2023',
    noEmit: true,
    types: [],
    ...extraOptions,
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: Object.keys(files) }))
  return dir
}

/** Prints figures as an aligned table. */
export function printFigures(title, figures) {
  console.log(`\n${title}`)
  for (const [key, value] of Object.entries(figures)) {
    if (key !== 'raw') console.log(`  ${key.padEnd(16)} ${value}`)
  }
}

/**
 * Type-checks files and returns their errors (line is 1-based) instead of throwing.
 * @param {string} name folder name under .cache/typecheck
 * @param {Record<string, string>} files file name -> source
 * @param {Record<string, unknown>} [compilerOptions] added to the strict defaults
 * @param {string} [tsc] the compiler to run ({@link TSC} unless told, e.g. {@link TSC6})
 * @returns {{ file: string, line: number, column: number, message: string }[]}
 */
export function typecheckErrors(name, files, compilerOptions = {}, tsc = TSC) {
  const dir = writeProject(name, files, { skipLibCheck: true, pretty: false, ...compilerOptions })
  let out = ''
  try {
    out = execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })
  } catch (error) {
    out = `${error.stdout ?? ''}${error.stderr ?? ''}`
  }
  const errors = []
  for (const m of out.matchAll(
    /^(.+?)\((\d+),(\d+)\): error TS\d+: ([\s\S]*?)(?=^\S.*\(\d+,\d+\): error|(?![\s\S]))/gm,
  )) {
    errors.push({ file: m[1], line: Number(m[2]), column: Number(m[3]), message: m[4].trim() })
  }
  return errors
}
