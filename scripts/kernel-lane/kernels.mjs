// The kernels whose typings ship (types/<name>.ts, `typed-ftrace/kernels/<name>`), where each is
// generated from, and whether a kernel lane proves it. `npm run typegen:kernels` writes them all;
// the drift tests regenerate each and compare.
//
//   node scripts/kernel-lane/kernels.mjs            writes types/*.ts (after npm run build)
//   node scripts/kernel-lane/kernels.mjs --verify   exits 1 when one is stale
import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * `lane`: the kernel lane that boots this kernel (scripts/kernel-lane/setup.sh), or null when
 * none does. `from`: the format dump, relative to the repository root.
 */
export const SHIPPED_KERNELS = [
  {
    name: 'linux-6.1',
    lane: '6.1',
    from: 'test/fixtures/kernels/linux-6.1',
    note: ["Proven in the 6.1 kernel lane (Debian's linux-image-amd64 under QEMU)."],
  },
  {
    name: 'linux-6.12',
    lane: '6.12',
    from: 'test/fixtures/kernels/linux-6.12',
    note: [
      "Proven in the 6.12 kernel lane (Debian's linux-image-6.12-amd64 under QEMU), which dumps this",
      "kernel's own tracefs and checks that these typings are what it generates.",
    ],
  },
  {
    name: 'linux-6.18',
    lane: null,
    from: 'test/fixtures/kernels/linux-6.18',
    note: [
      'UNPROVEN: no kernel lane boots this kernel. The formats are real (dumped from a 6.18 machine)',
      'but no definition has been created in it, and without its README no capability is claimed.',
    ],
  },
]

/** The typegen options that write (or verify) one shipped module; paths are relative to the repository root (the working directory). */
export function typegenOptions(kernel, verify = false) {
  return {
    from: kernel.from,
    out: join(ROOT, 'types', `${kernel.name}.ts`),
    verify,
    importFrom: '../src/index.js',
    command: 'npm run typegen:kernels',
    note: kernel.note,
    registerAs: kernel.name,
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const verify = process.argv.includes('--verify')
  process.chdir(ROOT)
  const { typegen } = await import(join(ROOT, 'dist/src/index.js'))
  let stale = 0
  for (const kernel of SHIPPED_KERNELS) {
    const r = await typegen(typegenOptions(kernel, verify))
    if (verify && !r.upToDate) stale++
    console.error(
      `types/${kernel.name}.ts: ${r.events} events in ${r.systems} systems${verify ? (r.upToDate ? ', up to date' : ', STALE') : ', written'}`,
    )
  }
  process.exitCode = stale > 0 ? 1 : 0
}
