import { readdir, rm, stat } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import { Table } from 'apache-arrow'
import { SynthMachine } from '../analyze/evaluate.js'
import type { HasDefinition } from '../analyze/evaluate.js'
import { TypedFtraceError } from '../errors.js'
import type { EventFormat, FieldFormat } from '../schema/format-types.js'
import { synthFromSpec } from '../synth/spec/from-spec.js'
import type { SynthSpec } from '../synth/spec/spec-types.js'
import { fieldAccessor } from '../ring-buffer/field-access.js'
import type { FieldAccessor } from '../ring-buffer/field-access.js'
import type { TraceRecord } from '../ring-buffer/record.js'
import type { PeerSession } from '../peer/session.js'
import type { AnyTrace } from '../peer/any-trace.js'
import { BigColumn, IntColumn, StringColumn } from './columns.js'
import type { ColumnBuilder } from './columns.js'
import { columnFor } from './column-types.js'
import { ExportError } from './errors.js'
import type { ExportedTable, ExportInput, ExportOptions, ExportResult } from './export-trace.js'
import { eventFilter, unmatchedEvents } from './event-filter.js'
import { arrowSink, parquetSink } from './sinks.js'
import type { TableSink } from './sinks.js'
import { TableWriter } from './table-writer.js'
import { ParquetThread } from './worker-sink.js'
import type { BatchLimits, Column } from './table-writer.js'

/** One source: a trace or a session, its name and folder. */
interface Source {
  readonly name: string
  readonly dir: string
  readonly trace: AnyTrace | undefined
  readonly session: PeerSession<unknown> | undefined
  /** The files it reads (for error messages). */
  readonly files: readonly string[]
}

function isSession(x: unknown): x is PeerSession<unknown> {
  return typeof x === 'object' && x !== null && 'peers' in x && typeof (x as PeerSession).guest === 'function'
}

/** A source's name from its file: the base name without `.dat`. */
function fileName(path: string): string {
  return basename(path).replace(/\.dat$/, '')
}

/** A name made safe as a folder name. */
function folder(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_')
  return safe === '' || safe === '.' || safe === '..' ? `_${safe}` : safe
}

function sourcesOf(inputs: readonly ExportInput[], out: string): Source[] {
  const sources = inputs.map((input) => {
    const named = typeof input === 'object' && 'name' in input && 'trace' in input && !('schema' in input)
    const target = (named ? (input as { trace: AnyTrace | PeerSession<unknown> }).trace : input) as
      AnyTrace | PeerSession<unknown>
    const session = isSession(target) ? target : undefined
    const trace = session ? undefined : (target as AnyTrace)
    const files = session ? session.peers.map((p) => p.trace.name) : [trace!.name]
    const name = named ? (input as { name: string }).name : fileName(files[0]!)
    return { name, trace, session, files }
  })
  const seen = new Map<string, string>()
  for (const s of sources) {
    const dir = folder(s.name)
    const other = seen.get(dir)
    if (other !== undefined)
      throw new TypedFtraceError(
        'EINVAL',
        `two sources would be written to '${dir}' (${other} and ${s.files[0]}): give each a name (--source-name, or { name, trace })`,
      )
    seen.set(dir, s.files[0]!)
  }
  return sources.map((s) => ({ ...s, dir: sources.length === 1 ? out : join(out, folder(s.name)) }))
}

const TABLE_FILE = /\.(parquet|arrow)(\.partial)?$/

/** Refuses a folder that is not empty (unless forced: then removes the tables an export wrote there). */
async function prepare(dir: string, force: boolean): Promise<void> {
  let entries: string[]
  try {
    if (!(await stat(dir)).isDirectory()) throw new TypedFtraceError('ENOTDIR', `${dir} is not a directory`)
    entries = await readdir(dir, { recursive: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if (entries.length === 0) return
  if (!force)
    throw new ExportError(
      'EEXIST',
      dir,
      undefined,
      0,
      `${dir} exists and is not empty: choose another output directory, or pass --force (force: true) to overwrite its tables`,
    )
  for (const e of entries) if (TABLE_FILE.test(e)) await rm(join(dir, e), { force: true })
}

/** Builds the columns of a table. */
interface Context {
  readonly source: string
  readonly peers: boolean
  readonly plainStrings: boolean
  readonly limits: BatchLimits
  readonly open: (table: TableWriter) => Promise<TableSink>
}

const META = new Set(['common_type', 'common_pid'])

/** The columns every table ends with: the peer (sessions only) and the source. */
class Tail {
  readonly #peer: StringColumn | undefined
  readonly #hostThread: IntColumn | undefined
  readonly #source: StringColumn
  readonly #name: string
  readonly columns: readonly Column[]

  constructor(ctx: Context) {
    this.#peer = ctx.peers ? new StringColumn(ctx.plainStrings) : undefined
    this.#hostThread = ctx.peers ? new IntColumn(4, true) : undefined
    this.#source = new StringColumn(ctx.plainStrings)
    this.#name = ctx.source
    this.columns = [
      ...(this.#peer ? [{ name: 'peer', builder: this.#peer }] : []),
      ...(this.#hostThread ? [{ name: 'host_thread', builder: this.#hostThread }] : []),
      { name: 'source', builder: this.#source },
    ]
  }

  push(r: TraceRecord<unknown>): void {
    if (this.#peer !== undefined) {
      this.#peer.push(r.peer?.name)
      this.#hostThread!.push(r.hostThread)
    }
    this.#source.push(this.#name)
  }
}

/** The columns every event table starts with, and where each goes. */
class EventTable {
  readonly writer: TableWriter
  readonly ts: ColumnBuilder
  readonly cpu: ColumnBuilder
  readonly pid: ColumnBuilder
  readonly comm: ColumnBuilder
  /** The format's fields (own fields first, then the other common ones), one column each. */
  readonly fields: readonly FieldFormat[]
  readonly fieldColumns: readonly ColumnBuilder[]
  readonly instance: ColumnBuilder
  readonly tail: Tail

  constructor(path: string, format: EventFormat, longSize: number, ctx: Context) {
    const own = format.fields.filter((f) => !f.common)
    const common = format.fields.filter((f) => f.common && !META.has(f.name))
    this.fields = [...own, ...common]
    this.ts = new BigColumn(true, true)
    this.cpu = new IntColumn(4, true)
    this.pid = new IntColumn(4, true)
    this.comm = new StringColumn(ctx.plainStrings)
    this.fieldColumns = this.fields.map((f) => columnFor(f, longSize, ctx.plainStrings))
    this.instance = new StringColumn(ctx.plainStrings)
    this.tail = new Tail(ctx)
    const columns: Column[] = [
      { name: 'ts', builder: this.ts },
      { name: 'common_cpu', builder: this.cpu },
      { name: 'common_pid', builder: this.pid },
      { name: 'common_comm', builder: this.comm },
      ...this.fields.map((f, i) => ({ name: f.name, builder: this.fieldColumns[i]! })),
      { name: 'instance', builder: this.instance },
      ...this.tail.columns,
    ]
    this.writer = new TableWriter(path, columns, ctx.limits, ctx.open)
  }
}

/** Appends records of one event format (one file's) to its table. */
class EventAppender {
  readonly table: EventTable
  readonly #payload: (view: DataView, data: Uint8Array, start: number, size: number) => void

  constructor(table: EventTable, format: EventFormat, littleEndian: boolean, longSize: number) {
    this.table = table
    const byName = new Map(format.fields.map((f) => [f.name, f]))
    const accessors: (FieldAccessor | undefined)[] = table.fields.map((f) => {
      const mine = byName.get(f.name)
      return mine === undefined ? undefined : fieldAccessor(mine, littleEndian, longSize)
    })
    const columns = table.fieldColumns
    const n = columns.length
    this.#payload = (view, data, start, size) => {
      for (let i = 0; i < n; i++) {
        const read = accessors[i]
        columns[i]!.push(read === undefined ? undefined : read(view, data, start, size))
      }
    }
  }

  append(r: TraceRecord<unknown>): void {
    const t = this.table
    t.ts.push(r.ts)
    t.cpu.push(r.cpu)
    t.pid.push(r.pid)
    t.comm.push(r.comm)
    r.withPayload(this.#payload)
    t.instance.push(r.instance)
    t.tail.push(r)
    t.writer.rows++
  }
}

/** An event's names in the records table's dictionaries of the current batch. */
interface Labels {
  generation: number
  system: number
  event: number
}

/** What is kept per event format: its table's appender (null: not exported) and names. */
interface PerFormat {
  readonly appender: EventAppender | null
  readonly labels: Labels
}

/** The narrow table of every record. */
class RecordsTable {
  readonly writer: TableWriter
  readonly #ts = new BigColumn(true, true)
  readonly #cpu = new IntColumn(4, true)
  readonly #pid = new IntColumn(4, true)
  readonly #system: StringColumn
  readonly #event: StringColumn
  readonly #instance: StringColumn
  readonly #missed = new IntColumn(4, true)
  readonly #tail: Tail

  constructor(path: string, ctx: Context) {
    this.#system = new StringColumn(ctx.plainStrings)
    this.#event = new StringColumn(ctx.plainStrings)
    this.#instance = new StringColumn(ctx.plainStrings)
    this.#tail = new Tail(ctx)
    this.writer = new TableWriter(
      path,
      [
        { name: 'ts', builder: this.#ts },
        { name: 'common_cpu', builder: this.#cpu },
        { name: 'common_pid', builder: this.#pid },
        { name: 'system', builder: this.#system },
        { name: 'event', builder: this.#event },
        { name: 'instance', builder: this.#instance },
        { name: 'missed_events', builder: this.#missed },
        ...this.#tail.columns,
      ],
      ctx.limits,
      ctx.open,
    )
  }

  append(r: TraceRecord<unknown>, event: EventFormat, labels: Labels): void {
    this.#ts.push(r.ts)
    this.#cpu.push(r.cpu)
    this.#pid.push(r.pid)
    // The event's two names by their dictionary indices, looked up once per batch.
    const system = this.#system
    if (labels.generation !== system.generation) {
      labels.generation = system.generation
      labels.system = system.key(event.system)
      labels.event = this.#event.key(event.name)
    }
    system.pushIndex(labels.system)
    this.#event.pushIndex(labels.event)
    this.#instance.push(r.instance)
    this.#missed.push(r.missedEvents)
    this.#tail.push(r)
    this.writer.rows++
  }
}

/** A synthetic event's table: its records' fields typed from the definition. */
class SynthTable {
  readonly writer: TableWriter
  readonly machine: SynthMachine
  readonly #ts = new BigColumn(true, true)
  readonly #cpu = new IntColumn(4, true)
  readonly #pid = new IntColumn(4, true)
  readonly #comm: StringColumn
  readonly #names: readonly string[]
  readonly #fields: readonly ColumnBuilder[]
  readonly #tail: Tail

  constructor(path: string, synth: HasDefinition, longSize: number, ctx: Context) {
    this.machine = new SynthMachine(synth.definition)
    this.#comm = new StringColumn(ctx.plainStrings)
    const defs = synth.definition.fields
    this.#names = defs.map((f) => f.name)
    this.#fields = defs.map((f) => columnFor(f.info, longSize, ctx.plainStrings))
    this.#tail = new Tail(ctx)
    this.writer = new TableWriter(
      path,
      [
        { name: 'ts', builder: this.#ts },
        { name: 'common_cpu', builder: this.#cpu },
        { name: 'common_pid', builder: this.#pid },
        { name: 'common_comm', builder: this.#comm },
        ...this.#names.map((name, i) => ({ name, builder: this.#fields[i]! })),
        ...this.#tail.columns,
      ],
      ctx.limits,
      ctx.open,
    )
  }

  /** Feeds a record to the evaluation; appends the synthetic records it makes (onmatch/onmax/onchange `trace`). */
  push(r: TraceRecord<unknown>): void {
    const made = this.machine.push(r)
    for (let i = 0; i < made.length; i++) {
      const s = made[i]!
      if (s.action !== 'trace') continue
      this.#ts.push(s.ts)
      this.#cpu.push(s.cpu)
      this.#pid.push(s.pid)
      this.#comm.push(r.comm)
      const fields = s.fields
      for (let k = 0; k < this.#names.length; k++) this.#fields[k]!.push(fields[this.#names[k]!])
      this.#tail.push(r)
      this.writer.rows++
    }
  }
}

/** Runs {@link exportTrace}. */
export async function runExport(inputs: readonly ExportInput[], options: ExportOptions): Promise<ExportResult> {
  const format = options.format ?? 'parquet'
  if (format !== 'parquet' && format !== 'arrow')
    throw new TypedFtraceError('EINVAL', `unknown export format '${String(format)}': parquet or arrow`)
  const rowGroupSize = options.rowGroupSize ?? 65536
  if (!Number.isSafeInteger(rowGroupSize) || rowGroupSize < 1)
    throw new TypedFtraceError('EINVAL', `rowGroupSize must be a whole number > 0, not ${rowGroupSize}`)
  const sources = sourcesOf(inputs, options.out)
  for (const s of sources) await prepare(s.dir, options.force === true)
  const wanted = eventFilter(options.events ?? [])
  for (const source of sources) {
    const events = source.session ? source.session.schema.events : source.trace!.schema.events
    const unknown = unmatchedEvents(options.events ?? [], events)
    if (unknown.length > 0)
      throw new TypedFtraceError(
        'ENOENT',
        `${unknown.map((e) => `'${e}'`).join(', ')}: no such event in the formats of ${source.files.join(' + ')}`,
      )
  }
  const tables: ExportedTable[] = []
  const results: { name: string; dir: string; records: number }[] = []
  const thread = format === 'parquet' && options.thread !== false ? ParquetThread.start() : undefined
  try {
    for (const source of sources) {
      const done = await exportSource(source, options, format, rowGroupSize, wanted, thread)
      tables.push(...done.tables)
      results.push({ name: source.name, dir: source.dir, records: done.records })
    }
  } finally {
    await thread?.stop()
  }
  return { out: options.out, sources: results, tables }
}

async function exportSource(
  source: Source,
  options: ExportOptions,
  format: 'parquet' | 'arrow',
  rowGroupSize: number,
  wanted: (system: string, event: string) => boolean,
  thread: ParquetThread | undefined,
): Promise<{ records: number; tables: ExportedTable[] }> {
  const ext = format === 'parquet' ? 'parquet' : 'arrow'
  const compression = options.compression ?? 'zstd'
  const open = async (table: TableWriter) => {
    if (format === 'arrow') return arrowSink(table.path)
    const parquet = {
      compression,
      rowGroupSize,
      dictionaryColumns: table.columns.filter((c) => c.builder instanceof StringColumn).map((c) => c.name),
    }
    return thread ? thread.sink(table.path, parquet) : parquetSink(table.path, parquet)
  }
  const ctx: Context = {
    source: source.name,
    peers: source.session !== undefined,
    plainStrings: format === 'arrow',
    limits: { rows: rowGroupSize, bytes: 64 << 20 },
    open,
  }
  const primary = source.session ? source.session.host.trace : source.trace!
  const schema = source.session ? source.session.schema : primary.schema
  const tablePath = (name: string) => join(source.dir, `${name}.${ext}`)
  const records = new RecordsTable(tablePath('records'), ctx)
  const synths = (options.synth ?? []).map((spec) => {
    const synth: HasDefinition = 'definition' in spec ? spec : synthFromSpec(spec as SynthSpec, schema)
    return new SynthTable(tablePath(`synthetic/${synth.definition.name}`), synth, primary.longSize, ctx)
  })
  const events = new Map<string, EventTable>()
  const formats = new Map<EventFormat, PerFormat>()
  const all: TableWriter[] = [records.writer, ...synths.map((s) => s.writer)]
  const full: TableWriter[] = []
  const perFormat = (r: TraceRecord<unknown>, event: EventFormat): PerFormat => {
    let a: EventAppender | null
    if (!wanted(event.system, event.name)) a = null
    else {
      const trace = (r.peer as { trace?: AnyTrace } | undefined)?.trace ?? primary
      const key = `${event.system}/${event.name}`
      let table = events.get(key)
      if (table === undefined) {
        table = new EventTable(tablePath(key), event, trace.longSize, ctx)
        events.set(key, table)
        all.push(table.writer)
      }
      a = new EventAppender(table, event, trace.littleEndian, trace.longSize)
    }
    const entry = { appender: a, labels: { generation: -1, system: 0, event: 0 } }
    formats.set(event, entry)
    return entry
  }
  const iterator: Iterator<TraceRecord<unknown>> = source.session
    ? source.session.records()
    : source.trace!.records({ instance: options.instance ?? '*' })
  let count = 0
  let failure: unknown
  try {
    for (;;) {
      const step = iterator.next()
      if (step.done) break
      const r = step.value
      const event = r.event
      count++
      const entry = formats.get(event) ?? perFormat(r, event)
      records.append(r, event, entry.labels)
      if (records.writer.full) full.push(records.writer)
      const a = entry.appender
      if (a !== null) {
        a.append(r)
        if (a.table.writer.full) full.push(a.table.writer)
      }
      for (const s of synths) {
        s.push(r)
        if (s.writer.full) full.push(s.writer)
      }
      if (full.length > 0) {
        for (const t of full) await t.flush()
        full.length = 0
        options.onProgress?.(count)
      }
    }
  } catch (error) {
    failure = error
    iterator.return?.()
  }
  // Every table is ended, also after a decoding error: what was read is kept, each file complete.
  try {
    for (const t of all) await t.close()
  } catch (error) {
    for (const t of all) await t.abort().catch(() => undefined)
    throw failure ?? error
  }
  if (failure !== undefined) {
    if (failure instanceof TypedFtraceError) throw ExportError.from(failure, source.files, count)
    throw failure
  }
  options.onProgress?.(count)
  return {
    records: count,
    tables: all.map((t) => ({
      source: source.name,
      table: relative(source.dir, t.path).replace(/\.(parquet|arrow)$/, ''),
      path: t.path,
      rows: t.written,
    })),
  }
}

/** {@link toArrowTable}: records as an Arrow table in memory. */
export function recordsToArrow<K>(input: Iterable<TraceRecord<K>>): Table {
  const records = Array.isArray(input) ? (input as TraceRecord<K>[]) : [...input]
  // Every field of every event in the records, by name (the first event's type wins).
  const fields = new Map<string, FieldFormat>()
  const formats = new Set<EventFormat>()
  for (const r of records) {
    const e = r.event
    if (formats.has(e)) continue
    formats.add(e)
    for (const f of e.fields) if (!META.has(f.name) && !fields.has(f.name)) fields.set(f.name, f)
  }
  const ordered = [...fields.values()].sort((a, b) => Number(a.common) - Number(b.common))
  const longSize = 8
  const ts = new BigColumn(true, true)
  const cpu = new IntColumn(4, true)
  const pid = new IntColumn(4, true)
  const comm = new StringColumn()
  const system = new StringColumn()
  const event = new StringColumn()
  const builders = ordered.map((f) => columnFor(f, longSize))
  const columns: Column[] = [
    { name: 'ts', builder: ts },
    { name: 'common_cpu', builder: cpu },
    { name: 'common_pid', builder: pid },
    { name: 'common_comm', builder: comm },
    { name: 'system', builder: system },
    { name: 'event', builder: event },
    ...ordered.map((f, i) => ({ name: f.name, builder: builders[i]! })),
  ]
  const writer = new TableWriter('', columns, { rows: Infinity, bytes: Infinity }, () => {
    throw new Error('in memory')
  })
  const names = ordered.map((f) => f.name)
  const batches = []
  for (const r of records) {
    ts.push(r.ts)
    cpu.push(r.cpu)
    pid.push(r.pid)
    comm.push(r.comm)
    system.push(r.system)
    event.push(r.name)
    for (let i = 0; i < names.length; i++) builders[i]!.push(r.field(names[i]!))
    if (++writer.rows === 65536) batches.push(writer.takeBatch())
  }
  if (writer.rows > 0 || batches.length === 0) batches.push(writer.takeBatch())
  return new Table(batches)
}
