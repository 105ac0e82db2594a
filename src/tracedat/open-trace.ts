import type { RegisteredKernel } from '../schema/field-types.js'
import { schemaFromTexts } from '../schema/load.js'
import { fileSource, memorySource } from './byte-source.js'
import type { ByteSource } from './byte-source.js'
import type { ZstdDecoder } from './compression.js'
import { DecodeBudget } from './decode-budget.js'
import type { DecodeLimits } from './decode-budget.js'
import { readContainer } from './container.js'
import { TraceDatError } from './errors.js'
import { parseCmdlines } from './metadata.js'
import type { TimestampOptions } from './timestamps.js'
import { TraceFile } from './trace-file.js'

/** Options of {@link openTrace}. */
export interface OpenTraceOptions {
  /** Time stamp conversions (all of the file's own by default, as `trace-cmd report` applies them). */
  readonly timestamps?: TimestampOptions | undefined
  /** Another zstd decoder (e.g. a native binding) in place of the built-in WebAssembly one. */
  readonly zstd?: ZstdDecoder | undefined
  /** The name errors and the schema give the file (default: the path, or `<buffer>`). */
  readonly name?: string | undefined
  /**
   * Bounds on decompression, relative to the file's size (defaults: 64 MiB +
   * 32 x the file's size per pass, 4096 x per block, 64 MiB per block). A
   * block past them is a {@link TraceDatError} naming it.
   */
  readonly decodeLimits?: DecodeLimits | undefined
}

/**
 * Opens a trace.dat file (a path, or its bytes) written by trace-cmd:
 * versions 6 and 7, uncompressed or compressed with zlib or zstd. The header,
 * options and metadata are read and checked now; records are read from the
 * file as they are iterated (a large file is never held whole in memory).
 *
 * A file that does not read as a trace.dat gives a {@link TraceDatError}
 * naming the section and the file offset.
 *
 * @example
 * import { openTrace } from 'typed-ftrace'
 *
 * const trace = await openTrace('trace.dat')
 * console.log(trace.version, trace.compression, trace.cpuCount, trace.clock)
 * for (const r of trace.records()) console.log(r.ts, r.cpu, r.comm, r.name, r.fields)
 */
export async function openTrace<K = RegisteredKernel>(
  input: string | Uint8Array,
  options: OpenTraceOptions = {},
): Promise<TraceFile<K>> {
  return readTrace<K>(input, options)
}

/** {@link openTrace} without the promise (the reading is synchronous either way). */
export function readTrace<K = RegisteredKernel>(
  input: string | Uint8Array,
  options: OpenTraceOptions | string = {},
): TraceFile<K> {
  const opts = typeof options === 'string' ? { name: options } : options
  const name = opts.name ?? (typeof input === 'string' ? input : '<buffer>')
  const source: ByteSource = typeof input === 'string' ? fileSource(input) : memorySource(input)
  source.acquire()
  try {
    const parts = readContainer(
      source,
      opts.zstd,
      opts.timestamps?.raw === true,
      new DecodeBudget(source.size, opts.decodeLimits),
    )
    const formatTexts = {
      source: name,
      formats: parts.formats,
      headerPage: parts.headerPage,
      headerEvent: parts.headerEvent,
      kernelRelease: parts.options.uname?.split(' ')[2],
    }
    const schema = schemaFromTexts(formatTexts)
    if (parts.headerPage !== undefined && parts.headerPage.length > 0 && schema.headerPage === undefined) {
      throw new TraceDatError(
        'headers',
        0,
        `header_page does not parse: ${schema.errors[0]?.message ?? 'no commit field'}`,
      )
    }
    return new TraceFile<K>({
      name,
      source,
      parts,
      schema,
      formatTexts,
      cmdlines: parseCmdlines(parts.cmdlines),
      timestamps: opts.timestamps ?? {},
      zstd: opts.zstd,
      limits: opts.decodeLimits,
    })
  } finally {
    source.release()
  }
}
