import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SAMPLE_NAMES, samplePath, schemaFromDir } from '../src/index.js'
import { ROOT } from './helpers/paths.js'

// The samples are copies of fixtures whose ground truth the other suites check; the copies
// must stay equal to them, and the names the API (and its type) offers must be the files shipped.
const COPIED_FROM: Record<string, string> = {
  'v7-zstd.dat': 'test/fixtures/tracedat/v7-zstd.dat',
  'qemu-host.dat': 'test/fixtures/peer/qemu-host.dat',
  'qemu-guest.dat': 'test/fixtures/peer/qemu-guest.dat',
  'net7-host.dat': 'test/fixtures/peer/net7-host.dat',
  'net7-guest.dat': 'test/fixtures/peer/net7-guest.dat',
  'wakeup-6.1.jsonl': 'test/fixtures/kernel-6.1/eval/wakeup_lat.jsonl',
}

describe('shipped samples', () => {
  it('SAMPLE_NAMES lists exactly the files in samples/', () => {
    const files = readdirSync(join(ROOT, 'samples')).filter((f) => f !== 'README.md')
    expect([...SAMPLE_NAMES].sort()).toEqual(files.sort())
  })

  for (const [name, fixture] of Object.entries(COPIED_FROM)) {
    it(`${name} is ${fixture}, byte for byte`, () => {
      expect(readFileSync(samplePath(name as never)).equals(readFileSync(join(ROOT, fixture)))).toBe(true)
    })
  }

  it('the 6.1 format archive loads the same schema as the fixture folder', async () => {
    const fromArchive = await schemaFromDir(samplePath('linux-6.1-formats.tar.gz'))
    const fromFolder = await schemaFromDir(join(ROOT, 'test/fixtures/kernels/linux-6.1'))
    expect(fromArchive.size).toBe(fromFolder.size)
    expect(fromArchive.get('sched', 'sched_switch').fields).toEqual(fromFolder.get('sched', 'sched_switch').fields)
  })

  it('samplePath resolves inside the package from the build too', async () => {
    const built = (await import(join(ROOT, 'dist/src/samples.js'))) as typeof import('../src/samples.js')
    expect(built.samplePath('v7-zstd.dat')).toBe(join(ROOT, 'samples', 'v7-zstd.dat'))
  })
})
