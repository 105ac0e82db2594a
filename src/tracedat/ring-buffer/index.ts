export { pageEvents, PageFormatError } from './page.js'
export type { PageEvent, PageLayout } from './page.js'
export { FieldReader } from './field-decoder.js'
export { TraceRecord } from './record.js'
