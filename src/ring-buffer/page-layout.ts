import type { HeaderPage } from '../schema/format-types.js'

/**
 * How the ring-buffer pages of one kernel are laid out: the same for
 * `per_cpu/cpuN/trace_pipe_raw` and for the per-CPU data of a trace.dat file.
 */
export interface PageLayout {
  /** Bytes in a page (sub-buffer): `header_page`'s data offset plus data size, 4096 on x86. */
  readonly pageSize: number
  /** The kernel's long size: the size of the page header's `commit` word (4 or 8). */
  readonly longSize: 4 | 8
  readonly littleEndian: boolean
}

/**
 * The layout described by a parsed `header_page` (the kernel's long size is
 * the size of its `commit` field), or by the fallbacks when there is none.
 */
export function pageLayout(
  headerPage: HeaderPage | undefined,
  littleEndian: boolean,
  fallbackPageSize = 4096,
  fallbackLongSize: 4 | 8 = 8,
): PageLayout {
  if (!headerPage) return { pageSize: fallbackPageSize, longSize: fallbackLongSize, littleEndian }
  const longSize = headerPage.commitSize === 4 ? 4 : 8
  const pageSize = headerPage.dataOffset + headerPage.dataSize
  return { pageSize: pageSize > 0 ? pageSize : fallbackPageSize, longSize, littleEndian }
}
