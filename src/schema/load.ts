import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Parser } from 'tar'
import { capabilitiesFromReadme } from './capabilities.js'
import type { KernelCapabilities } from './capabilities.js'
import { FormatParseError, SchemaLoadError } from './errors.js'
import type { EventFormat, HeaderEvent, HeaderPage } from './format-types.js'
import { parseFormat } from './parse-format.js'
import { parseHeaderEvent, parseHeaderPage } from './parse-headers.js'
import { Schema } from './schema.js'
import { findTracefs } from './tracefs-mount.js'
import type { FindTracefsOptions } from './tracefs-mount.js'

/** Options for the schema loaders. */
export interface LoadSchemaOptions {
  /** Throw a {@link SchemaLoadError} listing every malformed file instead of loading the rest. */
  readonly strict?: boolean
}

/** The raw texts a schema is built from, whatever held them. */
export interface FormatTexts {
  readonly source: string
  /** `[system, event, text]` of every `format` file. */
  readonly formats: readonly (readonly [string, string, string])[]
  readonly headerPage?: string | undefined
  readonly headerEvent?: string | undefined
  readonly kernelRelease?: string | undefined
  /** The tracefs `README`, when the source holds it (a live mount, or a dump that saved it). */
  readonly readme?: string | undefined
  /** Capabilities already known (a generated module's); otherwise they are read from `readme`. */
  readonly capabilities?: KernelCapabilities | undefined
}

/**
 * Builds a schema from format texts. Every malformed file becomes a
 * {@link FormatParseError} in `schema.errors` (or, with `strict`, all of them
 * in one thrown {@link SchemaLoadError}); the others load regardless.
 */
export function schemaFromTexts(texts: FormatTexts, options: LoadSchemaOptions = {}): Schema {
  const errors: FormatParseError[] = []
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn()
    } catch (error) {
      if (error instanceof FormatParseError) {
        errors.push(error)
        return undefined
      }
      throw error
    }
  }
  const headerPage: HeaderPage | undefined =
    texts.headerPage === undefined ? undefined : attempt(() => parseHeaderPage(texts.headerPage!, 'events/header_page'))
  const headerEvent: HeaderEvent | undefined =
    texts.headerEvent === undefined
      ? undefined
      : attempt(() => parseHeaderEvent(texts.headerEvent!, 'events/header_event'))
  const longSize = headerPage?.commitSize ?? 8
  const events: EventFormat[] = []
  for (const [system, event, text] of texts.formats) {
    const parsed = attempt(() => parseFormat(text, { system, longSize, file: `events/${system}/${event}/format` }))
    if (parsed) events.push(parsed)
  }
  if (options.strict && errors.length > 0) throw new SchemaLoadError(texts.source, errors)
  return new Schema({
    source: texts.source,
    events,
    headerPage,
    headerEvent,
    longSize,
    kernelRelease: texts.kernelRelease,
    errors,
    capabilities: texts.capabilities ?? capabilitiesFromReadme(texts.readme, { events, release: texts.kernelRelease }),
  })
}

/**
 * Loads the event formats of a tracefs mount, a saved copy of one (a folder
 * holding `events/<system>/<event>/format`), or such a copy packed as
 * `.tar.gz`. A `README` beside `events/` (tracefs has one; a dump may have
 * saved it) gives the schema's {@link Schema.capabilities}, and a
 * `KERNEL_RELEASE` file its release.
 *
 * @example
 * import { schemaFromDir } from 'typed-ftrace'
 *
 * const schema = await schemaFromDir('/sys/kernel/tracing')
 * schema.get('sched', 'sched_switch').fields.map((f) => f.name)
 */
export async function schemaFromDir(path: string, options: LoadSchemaOptions = {}): Promise<Schema> {
  return schemaFromTexts(await readFormatTexts(path), options)
}

/**
 * Loads the running kernel's event formats from tracefs, found at
 * `/sys/kernel/tracing` or `/sys/kernel/debug/tracing` and mounted when root
 * and absent.
 */
export async function schemaFromLive(options: LoadSchemaOptions & FindTracefsOptions = {}): Promise<Schema> {
  const dir = await findTracefs(options)
  const texts = await readFormatTexts(dir)
  const release = await readFile('/proc/sys/kernel/osrelease', 'utf8').then(
    (t) => t.trim(),
    () => undefined,
  )
  return schemaFromTexts({ ...texts, source: `live:${dir}`, kernelRelease: release }, options)
}

/** Reads the format texts of a folder or a `.tar.gz` dump. */
export async function readFormatTexts(path: string): Promise<FormatTexts> {
  if (/\.(tar\.gz|tgz|tar)$/.test(path)) return readTarball(path)
  const root = await eventsRoot(path)
  const formats: (readonly [string, string, string])[] = []
  const systems = (await readdir(root, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
  await mapLimit(systems, 16, async (system) => {
    const events = (await readdir(join(root, system), { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
    const texts = await mapLimit(events, 32, (event) =>
      readFile(join(root, system, event, 'format'), 'utf8').then(
        (t) => t,
        () => undefined,
      ),
    )
    events.forEach((event, i) => {
      const text = texts[i]
      if (text !== undefined) formats.push([system, event, text])
    })
  })
  formats.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
  const optional = (file: string) =>
    readFile(file, 'utf8').then(
      (t) => t,
      () => undefined,
    )
  const release = await optional(join(root, '..', 'KERNEL_RELEASE'))
  return {
    source: path,
    formats,
    headerPage: await optional(join(root, 'header_page')),
    headerEvent: await optional(join(root, 'header_event')),
    kernelRelease: release?.trim(),
    readme: await optional(join(root, '..', 'README')),
  }
}

/** The `events` folder of a tracefs mount or dump (or the folder itself when it is one). */
async function eventsRoot(path: string): Promise<string> {
  const s = await stat(path).catch((error: unknown) => {
    throw new FormatParseError(
      path,
      0,
      'a tracefs mount, a format dump folder or a .tar.gz dump',
      `error ${(error as NodeJS.ErrnoException).code}`,
    )
  })
  if (!s.isDirectory()) throw new FormatParseError(path, 0, 'a folder or a .tar.gz file')
  const inner = join(path, 'events')
  if (
    await stat(inner).then(
      (x) => x.isDirectory(),
      () => false,
    )
  )
    return inner
  if (
    await stat(join(path, 'header_page')).then(
      () => true,
      () => false,
    )
  )
    return path
  throw new FormatParseError(path, 0, 'an "events" folder (a tracefs mount or a saved copy of one)')
}

/** Reads a `.tar.gz` (or `.tar`) dump in memory; paths may have a leading folder before `events/`. */
async function readTarball(path: string): Promise<FormatTexts> {
  const data = await readFile(path).catch((error: unknown) => {
    throw new FormatParseError(path, 0, 'a readable .tar.gz dump', `error ${(error as NodeJS.ErrnoException).code}`)
  })
  const files = new Map<string, string>()
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      onReadEntry: (entry) => {
        const chunks: Buffer[] = []
        entry.on('data', (c: Buffer) => chunks.push(c))
        entry.on('end', () => files.set(entry.path.replace(/^\.\//, ''), Buffer.concat(chunks).toString('utf8')))
      },
    })
    parser.on('error', reject)
    parser.on('warn', (code: string, message: string) => {
      if (code === 'TAR_BAD_ARCHIVE' || code === 'TAR_ABORT')
        reject(new FormatParseError(path, 0, 'a tar archive', message))
    })
    parser.on('end', () => resolve())
    parser.end(data)
  })
  const formats: (readonly [string, string, string])[] = []
  let headerPage: string | undefined
  let headerEvent: string | undefined
  let release: string | undefined
  let readme: string | undefined
  for (const [name, text] of files) {
    const m = /(?:^|\/)events\/([^/]+)\/([^/]+)\/format$/.exec(name)
    if (m) formats.push([m[1]!, m[2]!, text])
    else if (/(?:^|\/)events\/header_page$/.test(name)) headerPage = text
    else if (/(?:^|\/)events\/header_event$/.test(name)) headerEvent = text
    else if (/(?:^|\/)KERNEL_RELEASE$/.test(name)) release = text.trim()
    else if (/(?:^|\/)README$/.test(name)) readme = text
  }
  if (formats.length === 0) throw new FormatParseError(path, 0, 'events/<system>/<event>/format entries in the archive')
  formats.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
  return { source: path, formats, headerPage, headerEvent, kernelRelease: release, readme }
}

/** `Promise.all(items.map(fn))` with at most `limit` calls in flight. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
