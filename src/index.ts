// The package's one export list.
export { TypedFtraceError } from './errors.js'
export * from './schema/index.js'
export * from './typegen/index.js'
export * from './tracefs/index.js'
