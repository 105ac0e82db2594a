export { renderModule, fieldType, systemInterfaceNames } from './render-module.js'
export type { RenderModuleOptions } from './render-module.js'
export { typegen } from './typegen.js'
export type { TypegenOptions, TypegenResult } from './typegen.js'
