import { decompressBlock } from './compression.js'
import type { ContainerParts } from './container.js'
import { cpuPageSource } from './cpu-data.js'
import { Cursor } from './cursor.js'
import { decodeBudget, withSource } from './file-data.js'
import type { FileData } from './file-data.js'

/** The text of a latency trace, decompressed when it is compressed; undefined for a flyrecord file. */
export function latencyText(file: FileData, latency: ContainerParts['latency']): string | undefined {
  const l = latency
  if (!l) return undefined
  return withSource(file.source, () => {
    if (!l.compressed) return new TextDecoder('latin1').decode(file.source.read(l.offset, l.size, 'latency text'))
    const source = cpuPageSource(
      file.source,
      file.littleEndian,
      { name: '', clock: undefined, pageSize: file.pageSize, compressed: true, cpus: [] },
      { cpu: 0, offset: l.offset, size: l.size },
      file.compression,
      file.zstd,
      'latency text',
      decodeBudget(file),
    )
    let text = ''
    for (let r = source.nextRun(); r; r = source.nextRun()) text += new TextDecoder('latin1').decode(r.data)
    return text.replace(/\0+$/, '')
  })
}

/** A v7 section read whole (decompressed when its flags say so), by its option id; undefined when absent. */
export function wholeSection(file: FileData, id: number, what: string): Uint8Array | undefined {
  const offset = file.options.sections.get(id)
  if (offset === undefined) return undefined
  return withSource(file.source, () => {
    const c = new Cursor(file.source, file.littleEndian, what, offset)
    c.u16()
    const flags = c.u16()
    c.u32()
    const size = c.size64('section size')
    if ((flags & 1) === 0) return c.bytes(size, what).slice()
    const at = c.pos
    const cs = c.u32()
    const us = c.u32()
    return decompressBlock(
      file.compression,
      c.bytes(cs, 'compressed block'),
      us,
      what,
      at,
      decodeBudget(file),
      file.zstd,
    )
  })
}
