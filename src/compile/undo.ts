import { TypedFtraceError } from '../errors.js'
import type { TracefsWrite } from './options.js'

/** The name in a definition line: `s:synthetic/<name>  ...` (dynamic_events) or `<name> ...` (synthetic_events). */
const DEFINITION_NAME = { dynamic_events: /^s:(?:synthetic\/)?(\w+)/, synthetic_events: /^(\w+)/ } as const

/**
 * The write that removes what a creation write added: `!<hist>` for a hist
 * trigger, `-:synthetic/<name>` or `!<name>` for a definition line, in the
 * grammar {@link synthCommands} writes them. Throws EINVAL for any other write.
 */
export function undoWrite(write: TracefsWrite): TracefsWrite {
  if (write.file.endsWith('/trigger'))
    return { file: write.file, text: `!${write.text.replace(/\n$/, '')}`, mode: 'append' }
  if (write.file === 'dynamic_events' || write.file === 'synthetic_events') {
    const name = DEFINITION_NAME[write.file].exec(write.text)?.[1]
    if (name !== undefined)
      return write.file === 'dynamic_events'
        ? { file: 'dynamic_events', text: `-:synthetic/${name}`, mode: 'append' }
        : { file: 'synthetic_events', text: `!${name}`, mode: 'append' }
  }
  throw new TypedFtraceError('EINVAL', `no undo known for a write to ${write.file}`)
}
