/** A synthetic event as tracefs lists it. */
export interface ListedSynthEvent {
  readonly name: string
  /** The field list as the kernel prints it: `pid_t pid; u64 delta`. */
  readonly fields: string
  /** Each field as `[type, name]`: `['pid_t', 'pid']`, `['char[16]', 'comm']`. */
  readonly fieldList: readonly (readonly [type: string, name: string])[]
}

/** A hist trigger as a `trigger` file shows it. */
export interface ListedHistTrigger {
  /** The line without its state suffix. */
  readonly text: string
  readonly keys: readonly string[]
  /** Variable assignments in order: `[name, expression]`. */
  readonly variables: readonly (readonly [name: string, expression: string])[]
  /** Handler/action items: `onmatch(sched.sched_waking).trace(wakeup_lat,$pid,$delta)`. */
  readonly actions: readonly string[]
  /** Every other attribute: `vals=hitcount`, `sort=hitcount`, `size=2048`, `clock=global`, `pause`, ... */
  readonly attributes: readonly string[]
  readonly filter: string | undefined
  /** `[active]` or `[paused]` as read. */
  readonly state: string | undefined
}

/** Parses `synthetic_events` (`name\tfields`) or `dynamic_events` (`s:synthetic/name fields`) text. */
export function parseSynthList(text: string): ListedSynthEvent[] {
  const events: ListedSynthEvent[] = []
  for (const line of text.split('\n')) {
    const dyn = /^s:(?:synthetic\/)?(\w+)\s+(.*)$/.exec(line)
    const plain = dyn ? undefined : /^(\w+)\t(.*)$/.exec(line)
    const m = dyn ?? plain
    if (!m) continue
    const fields = m[2]!.trim()
    const fieldList = fields
      .split(';')
      .map((f) => f.trim())
      .filter(Boolean)
      .map((f) => {
        const i = f.lastIndexOf(' ')
        return [f.slice(0, i).trim(), f.slice(i + 1)] as const
      })
    events.push({ name: m[1]!, fields, fieldList })
  }
  return events
}

/** Splits on `:` outside parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}

/** Parses one `hist:...` line of a trigger file (the kernel's normalised read-back or what was written). */
export function parseHistTrigger(line: string): ListedHistTrigger | undefined {
  let text = line.trim()
  if (!text.startsWith('hist:')) return undefined
  let state: string | undefined
  const suffix = / \[(\w+)\]$/.exec(text)
  if (suffix) {
    state = suffix[0].trim()
    text = text.slice(0, suffix.index)
  }
  let filter: string | undefined
  const ifAt = text.indexOf(' if ')
  const body = ifAt >= 0 ? text.slice(0, ifAt) : text
  if (ifAt >= 0) filter = text.slice(ifAt + 4).trim()
  const keys: string[] = []
  const variables: [string, string][] = []
  const actions: string[] = []
  const attributes: string[] = []
  for (const item of splitTopLevel(body.slice('hist:'.length), ':')) {
    if (item === '') continue
    const eq = item.indexOf('=')
    const head = eq >= 0 ? item.slice(0, eq) : item
    if (head === 'keys' || head === 'key') keys.push(...item.slice(eq + 1).split(','))
    else if (/^on(match|max|change)\(/.test(item)) actions.push(item)
    else if (eq > 0 && !['vals', 'val', 'values', 'sort', 'size', 'name', 'clock'].includes(head))
      variables.push([head, item.slice(eq + 1)])
    else attributes.push(item)
  }
  return { text: line.trim().replace(/ \[\w+\]$/, ''), keys, variables, actions, attributes, filter, state }
}

/** Every hist trigger of a `trigger` file (comment lines and other trigger kinds skipped). */
export function parseTriggerFile(text: string): ListedHistTrigger[] {
  return text
    .split('\n')
    .map(parseHistTrigger)
    .filter((t): t is ListedHistTrigger => t !== undefined)
}
