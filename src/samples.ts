import { fileURLToPath } from 'node:url'

/**
 * The sample files shipped in the package's `samples/` folder, so that every example runs
 * as written from an installed package, not only from a clone:
 * - `v7-zstd.dat`: a trace.dat (version 7, zstd) recorded by trace-cmd 3.1.6 on a Linux 6.18 machine.
 * - `qemu-host.dat`, `qemu-guest.dat`: one trace-cmd session over a host and a QEMU guest running
 *   Debian's 6.1 kernel, with the guest's clock about 1,534 s behind the host's.
 * - `net7-host.dat`, `net7-guest.dat`: a host and a trace-cmd network agent on the same kernel.
 * - `wakeup-6.1.jsonl`: sched events recorded inside Debian's 6.1 kernel, one JSON record a line
 *   after a `meta` line.
 * - `linux-6.1-formats.tar.gz`: the event formats of Debian's 6.1 kernel (a saved tracefs).
 */
export const SAMPLE_NAMES = Object.freeze([
  'v7-zstd.dat',
  'qemu-host.dat',
  'qemu-guest.dat',
  'net7-host.dat',
  'net7-guest.dat',
  'wakeup-6.1.jsonl',
  'linux-6.1-formats.tar.gz',
] as const)

/** A shipped sample's name: derived from {@link SAMPLE_NAMES}, so the type is the list a test checks. */
export type SampleName = (typeof SAMPLE_NAMES)[number]

/**
 * The absolute path of a sample file shipped with the package.
 *
 * @example
 * import { openTrace, samplePath } from 'typed-ftrace'
 * const trace = await openTrace(samplePath('v7-zstd.dat'))
 */
export function samplePath(name: SampleName): string {
  // Built, this module is dist/src/samples.js; run from source (the tests), src/samples.ts.
  const here = new URL('.', import.meta.url)
  const root = here.pathname.endsWith('/dist/src/') ? new URL('../../', here) : new URL('../', here)
  return fileURLToPath(new URL(`samples/${name}`, root))
}
