import { SynthError } from '../definition/synth-error.js'
import type { SynthErrno } from '../definition/synth-error.js'
import { FilterError } from '../filter/filter-error.js'
import type { EventFormat } from '../schema/format-types.js'
import type { Schema } from '../schema/schema.js'
import { findField } from '../schema/schema.js'
import type { SqlEventItem, SqlName } from './ast.js'
import { fieldProblem, resolveQualified, scopeOf } from './resolve.js'
import type { ResolvedField, SqlEventScope } from './resolve.js'
import { SqlError } from './sql-error.js'

/** What every lowering step needs: the text (for positions) and the schema. */
export interface Context {
  readonly text: string
  readonly schema: Schema
}

/** Runs a builder call; its error, with the position of the token it is about. */
export function at<T>(ctx: Context, name: { readonly at: number; readonly text: string }, call: () => T): T {
  try {
    return call()
  } catch (error) {
    if (error instanceof SqlError || !(error instanceof SynthError || error instanceof FilterError)) throw error
    throw new SqlError(error.code as SynthErrno, error.message, ctx.text, name.at, name.text, error)
  }
}

export function fail(
  ctx: Context,
  code: SynthErrno,
  message: string,
  name: { readonly at: number; readonly text: string },
): never {
  throw new SqlError(code, message, ctx.text, name.at, name.text)
}

/** `system.event` or `event`: split at the first dot, as libtracefs does. */
export function splitEvent(text: string): [string | undefined, string] {
  const dot = text.indexOf('.')
  return dot < 0 ? [undefined, text] : [text.slice(0, dot), text.slice(dot + 1)]
}

/** The event an item names (ENODEV with the item's position). */
export function lookup(ctx: Context, item: SqlEventItem): EventFormat {
  const [system, event] = splitEvent(item.name.text)
  return at(ctx, item.name, () => {
    try {
      return ctx.schema.get(system, event)
    } catch (error) {
      throw new SynthError('ENODEV', (error as Error).message, { cause: error })
    }
  })
}

/** The scope of an item's event: its system and name as written, its alias. */
export function scope(format: EventFormat, item: SqlEventItem, side: 'start' | 'end'): SqlEventScope {
  const [system, event] = splitEvent(item.name.text)
  return scopeOf(format, system, event, item.alias?.text, side)
}

/** A field of the statement, resolved and known to exist on its event. */
export function resolve(
  ctx: Context,
  name: SqlName,
  from: SqlEventScope,
  to: SqlEventScope | undefined,
): ResolvedField {
  const found = resolveQualified(name, from, to) ?? (to === undefined ? bare(ctx, name, from) : undefined)
  if (found === undefined) {
    const prefixes = [from, ...(to ? [to] : [])].flatMap((s) => [...(s.alias ? [s.alias] : []), s.event])
    fail(
      ctx,
      'ENODEV',
      `'${name.text}' is not a field of ${to ? 'the FROM or JOIN event' : 'the FROM event'}: write <${prefixes.join('|')}>.<field>`,
      name,
    )
  }
  const problem = fieldProblem(found)
  if (problem !== undefined) fail(ctx, 'ENODEV', problem, name)
  return found
}

/** Without JOIN a field may be named alone: a field of the FROM event (pseudo-fields need a prefix). */
function bare(ctx: Context, name: SqlName, from: SqlEventScope): ResolvedField | undefined {
  if (findField(from.format, name.text)) return { side: 'start', field: name.text, scope: from }
  if (name.text.includes('.') && findField(from.format, name.text.split('.')[0]!))
    fail(
      ctx,
      'EINVAL',
      `'${name.text}': a modifier is written as a cast, CAST(${name.text.split('.')[0]} AS ...)`,
      name,
    )
  if (['TIMESTAMP', 'TIMESTAMP_USECS', 'STACKTRACE', 'COMM'].includes(name.text))
    fail(ctx, 'ENODEV', `'${name.text}' needs the event's prefix: ${from.alias ?? from.event}.${name.text}`, name)
  return undefined
}
