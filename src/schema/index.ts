export { FieldFlag, flagNames } from './field-flags.js'
export { valueKind, valueTypeText } from './c-types.js'
export type { EventFormat, FieldFormat, HeaderEvent, HeaderPage, HeaderPageField, ValueKind } from './format-types.js'
export { FormatParseError, SchemaLoadError, TracefsNotFoundError, UnknownEventError } from './errors.js'
export { parseFormat } from './parse-format.js'
export type { ParseFormatOptions } from './parse-format.js'
export { parseHeaderEvent, parseHeaderPage } from './parse-headers.js'
export { Schema, findField, suggest } from './schema.js'
export type { SchemaInit } from './schema.js'
export { readFormatTexts, schemaFromDir, schemaFromLive, schemaFromTexts } from './load.js'
export type { FormatTexts, LoadSchemaOptions } from './load.js'
export { capabilitiesFromReadme, capabilitiesLiteral, unknownCapabilities } from './capabilities.js'
export type { CapabilitySources, KernelCapabilities } from './capabilities.js'
export { findTracefs, isTracefs, TRACEFS_CANDIDATES } from './tracefs-mount.js'
export type { FindTracefsOptions } from './tracefs-mount.js'
export type {
  AnyKernel,
  CapabilitiesOf,
  EventSystemsOf,
  Field,
  KernelOf,
  Register,
  RegisteredEventSystems,
  RegisteredCapabilities,
  RegisteredKernel,
  TypedSchema,
} from './field-types.js'
export { schemaFromDescriptor, toDescriptor, formatText } from './descriptor.js'
export type { DescriptorEvent, DescriptorField, SchemaDescriptor } from './descriptor.js'
export { registerSchema, registeredSchema, requireRegisteredSchema } from './registry.js'
