import { TypedFtraceError } from '../errors.js'
import type { Schema } from './schema.js'

let registered: Schema | undefined

/**
 * Makes `schema` the default one (what `synth()` without `withSchema` uses).
 * Generated modules call this when imported; the last import wins.
 */
export function registerSchema<S extends Schema>(schema: S): S {
  registered = schema
  return schema
}

/** The registered schema, if a generated module was imported. */
export function registeredSchema(): Schema | undefined {
  return registered
}

/** The registered schema, or an error telling how to register one. */
export function requireRegisteredSchema(): Schema {
  if (registered) return registered
  throw new TypedFtraceError(
    'ENOENT',
    "no kernel schema registered: import a generated module (e.g. `import 'typed-ftrace/kernels/linux-6.1'`) or pass one with withSchema(schema)",
  )
}
