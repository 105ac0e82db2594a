import type { KernelCapabilities } from './capabilities.js'
import type { EventFormat } from './format-types.js'
import { schemaFromTexts } from './load.js'
import type { Schema } from './schema.js'

/**
 * A compact, JSON-safe copy of a schema that generated modules embed, so that
 * importing one gives the same {@link Schema} at run time as loading the
 * formats it was generated from.
 */
export interface SchemaDescriptor {
  readonly version: 1
  readonly source: string
  readonly kernelRelease?: string | undefined
  readonly headerPage?: string | undefined
  readonly headerEvent?: string | undefined
  /** `[system, name, id, fields, printFmt]`; a field is `[declaration, offset, size, signed 0|1]`. */
  readonly events: readonly DescriptorEvent[]
}

export type DescriptorField = readonly [declaration: string, offset: number, size: number, signed: 0 | 1]
export type DescriptorEvent = readonly [
  system: string,
  name: string,
  id: number,
  fields: readonly DescriptorField[],
  printFmt: string,
]

/** The descriptor of a schema (header texts kept so the long size survives). */
export function toDescriptor(schema: Schema): SchemaDescriptor {
  return {
    version: 1,
    source: schema.source,
    kernelRelease: schema.kernelRelease,
    headerPage: schema.headerPage?.text,
    headerEvent: schema.headerEvent?.text,
    events: schema.events.map((e) => [e.system, e.name, e.id, e.fields.map(descriptorField), e.printFmt] as const),
  }
}

function descriptorField(f: EventFormat['fields'][number]): DescriptorField {
  return [f.declaration, f.offset, f.size, f.signed ? 1 : 0]
}

/**
 * Rebuilds the schema a descriptor was made from, by re-reading its format
 * texts; `capabilities` (a generated module passes its own) become the
 * schema's {@link Schema.capabilities}.
 */
export function schemaFromDescriptor<C extends KernelCapabilities = KernelCapabilities>(
  descriptor: SchemaDescriptor,
  capabilities?: C,
): Schema & { readonly capabilities: C } {
  const schema = schemaFromTexts(
    {
      source: descriptor.source,
      kernelRelease: descriptor.kernelRelease,
      headerPage: descriptor.headerPage,
      headerEvent: descriptor.headerEvent,
      formats: descriptor.events.map(
        ([system, name, id, fields, printFmt]) => [system, name, formatText(name, id, fields, printFmt)] as const,
      ),
      capabilities,
    },
    { strict: true },
  )
  // Without capabilities the schema has the unknown ones, which is what C defaults to.
  return schema as Schema & { readonly capabilities: C }
}

/** The `format` file text of an event, in the kernel's own layout. */
export function formatText(name: string, id: number, fields: readonly DescriptorField[], printFmt: string): string {
  const line = ([decl, offset, size, signed]: DescriptorField) =>
    `\tfield:${decl};\toffset:${offset};\tsize:${size};\tsigned:${signed};\n`
  const common = fields.filter(([decl]) => / common_\w+$/.test(decl))
  const own = fields.filter(([decl]) => !/ common_\w+$/.test(decl))
  return `name: ${name}\nID: ${id}\nformat:\n${common.map(line).join('')}\n${own.map(line).join('')}\nprint fmt: ${printFmt}\n`
}
