import { mkdtemp, mkdir, readFile, writeFile, cp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  FormatParseError,
  SchemaLoadError,
  parseFormat,
  parseHeaderEvent,
  parseHeaderPage,
  schemaFromDescriptor,
  schemaFromDir,
  toDescriptor,
} from '../../src/index.js'
import { KERNEL_6_1, ROOT } from '../helpers/paths.js'

const GOOD = `name: demo
ID: 7
format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;

\tfield:int value;\toffset:8;\tsize:4;\tsigned:1;

print fmt: "value=%d", REC->value
`

function parseError(text: string): FormatParseError {
  try {
    parseFormat(text, { system: 'demo', file: 'events/demo/demo/format' })
  } catch (error) {
    if (error instanceof FormatParseError) return error
    throw error
  }
  throw new Error('no error')
}

describe('malformed format files', () => {
  it('names the file, the line and what was expected', () => {
    const e = parseError(GOOD.replace('offset:8;', 'offset:x;'))
    expect(e).toMatchObject({ code: 'EFORMAT', file: 'events/demo/demo/format', line: 6 })
    expect(e.message).toMatch(
      /^events\/demo\/demo\/format:6: expected "field:<declaration>;.*found "\\tfield:int value;\\toffset:x;/,
    )
  })

  it.each([
    ['a missing name line', GOOD.replace('name: demo', 'nme: demo'), 1, /"name:" line/],
    ['a non-numeric ID', GOOD.replace('ID: 7', 'ID: seven'), 2, /a decimal event ID/],
    ['a missing format line', GOOD.replace('format:', 'fmt:'), 3, /"format:" line/],
    ['a declaration without a type', GOOD.replace('int value;', 'value;'), 6, /a C declaration/],
    ['a repeated field', GOOD.replace('int value;', 'int common_type;'), 6, /not used before/],
    ['no print fmt', GOOD.replace(/print fmt.*\n/, ''), 8, /"print fmt:" line/],
    ['a truncated file', GOOD.slice(0, 20), 3, /"format:" line/],
  ])('%s', (_, text, line, expected) => {
    const e = parseError(text)
    expect(e.line).toBe(line)
    expect(e.message).toMatch(expected)
  })

  it('header files are checked too', () => {
    expect(() => parseHeaderPage('\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n', 'hp')).toThrow(
      /hp: expected a "commit" field/,
    )
    expect(() => parseHeaderEvent('type_len : five bits\n', 'he')).toThrow(/he:1: expected/)
  })

  it('one bad file does not stop the others; every bad one is reported', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-schema-'))
    await cp(join(KERNEL_6_1, 'events/sched'), join(dir, 'events/sched'), { recursive: true })
    await cp(join(KERNEL_6_1, 'events/header_page'), join(dir, 'events/header_page'))
    const broken = ['sched_switch', 'sched_waking']
    for (const name of broken) {
      const file = join(dir, 'events/sched', name, 'format')
      await writeFile(file, (await readFile(file, 'utf8')).replace('ID:', 'Id:'))
    }
    const schema = await schemaFromDir(dir)
    expect(schema.size).toBe(25) // 27 sched events, 2 broken
    expect(schema.errors.map((e) => [e.file, e.line])).toEqual([
      ['events/sched/sched_switch/format', 2],
      ['events/sched/sched_waking/format', 2],
    ])
    expect(schema.find('sched', 'sched_wakeup')).toBeDefined()
    const strict = await schemaFromDir(dir, { strict: true }).catch((e: unknown) => e)
    expect(strict).toBeInstanceOf(SchemaLoadError)
    expect((strict as SchemaLoadError).errors).toHaveLength(2)
    expect((strict as Error).message).toMatch(/2 malformed format file\(s\)/)
  })

  it('a path that is not a tracefs or dump says so', async () => {
    await expect(schemaFromDir(join(ROOT, 'src'))).rejects.toThrow(/expected an "events" folder/)
    await expect(schemaFromDir('/nonexistent/dir')).rejects.toThrow(/ENOENT/)
  })
})

describe('sources agree', () => {
  it('a .tar.gz dump loads the same schema as its folder', async () => {
    const [fromDir, fromTar] = await Promise.all([
      schemaFromDir(KERNEL_6_1),
      schemaFromDir(join(ROOT, '../shared/kernels/linux-6.1.tar.gz')).catch(async () => {
        // Without shared/ beside the project, pack the fixture ourselves.
        const { create } = await import('tar')
        const dir = await mkdtemp(join(tmpdir(), 'tf-tar-'))
        const file = join(dir, 'linux-6.1.tar.gz')
        await create({ gzip: true, file, cwd: KERNEL_6_1 }, ['events', 'KERNEL_RELEASE'])
        return schemaFromDir(file)
      }),
    ])
    expect(fromTar.size).toBe(1336)
    expect(fromTar.events).toEqual(fromDir.events)
    expect(fromTar.headerPage).toEqual(fromDir.headerPage)
    expect(fromTar.kernelRelease).toBe('6.1.0-56-amd64')
  })

  it('a descriptor rebuilds the identical schema', async () => {
    const schema = await schemaFromDir(KERNEL_6_1)
    const again = schemaFromDescriptor(JSON.parse(JSON.stringify(toDescriptor(schema))))
    expect(again.events).toEqual(schema.events)
    expect(again.headerPage).toEqual(schema.headerPage)
    expect(again.headerEvent).toEqual(schema.headerEvent)
    expect(again.longSize).toBe(8)
  })

  it('a dump folder whose formats sit directly in it loads too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-flat-'))
    await mkdir(join(dir, 'demo', 'demo'), { recursive: true })
    await writeFile(join(dir, 'demo', 'demo', 'format'), GOOD)
    await cp(join(KERNEL_6_1, 'events/header_page'), join(dir, 'header_page'))
    const schema = await schemaFromDir(dir)
    expect(schema.get('demo', 'demo').fields.map((f) => f.name)).toEqual(['common_type', 'value'])
  })
})
