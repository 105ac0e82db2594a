import type { RecordPeer } from '../ring-buffer/record.js'
import type { TimestampOptions } from './timestamps.js'

/** Which records to read. */
export interface RecordSelection {
  /** A buffer instance by name (`''`, the default: the top one), or `'*'`: every buffer, merged. */
  readonly instance?: string | undefined
  /** Only these CPUs (default all). */
  readonly cpus?: readonly number[] | undefined
  /** Called as the data is read with the fraction done (0..1). */
  readonly onProgress?: ((fraction: number) => void) | undefined
  /** Time stamp conversions for this pass, over the file's own (see {@link TimestampOptions}). */
  readonly timestamps?: TimestampOptions | undefined
  /** Tags every record with the session peer it belongs to (see {@link TraceRecord.peer}). */
  readonly peer?: RecordPeer | undefined
}

/** A selection given as an instance name or in full. */
export function selectionOf(selection: string | RecordSelection): RecordSelection {
  return typeof selection === 'string' ? { instance: selection } : selection
}
