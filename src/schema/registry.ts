import { TypedFtraceError } from '../errors.js'
import type { Schema } from './schema.js'

/** Registered schemas by name (`linux-6.1`, or a generated module's kernel release). */
const registered = new Map<string, Schema>()

/** What `synth()` says, at compile time and at run time, when no kernel is registered. */
export const NO_KERNEL_MESSAGE =
  "no kernel is registered: import a generated module such as 'typed-ftrace/kernels/linux-6.1' (or your own from typed-ftrace typegen), or pass a schema with withSchema(schema).synth(name)"

/** What `synth()` says when several kernels are registered (`names` joined with `, `). */
export function severalKernelsMessage(names: readonly string[]): string {
  return `more than one kernel is registered (${names.join(', ')}): synth() cannot choose; use withSchema(schema).synth(name) with the schema export of the kernel's module`
}

/**
 * Makes `schema` the default one (what `synth()` without `withSchema` uses),
 * under `name`. Generated modules call this when imported, each under its own
 * name; registering a name again replaces it. When two different names are
 * registered, `synth()` refuses to choose between them.
 */
export function registerSchema<S extends Schema>(schema: S, name: string = schema.kernelRelease ?? 'kernel'): S {
  registered.set(name, schema)
  return schema
}

/**
 * The registered schema: `undefined` when no generated module was imported;
 * throws (as {@link requireRegisteredSchema}) when several were.
 */
export function registeredSchema(): Schema | undefined {
  if (registered.size > 1) throw new TypedFtraceError('EEXIST', severalKernelsMessage([...registered.keys()]))
  return registered.values().next().value
}

/** The registered schema, or an error telling how to register one (or that several are). */
export function requireRegisteredSchema(): Schema {
  const schema = registeredSchema()
  if (schema) return schema
  throw new TypedFtraceError('ENOENT', NO_KERNEL_MESSAGE)
}
