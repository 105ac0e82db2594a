import { histEchoCmd } from '../compile/hist-trigger.js'
import { compareProblem } from '../compile/kernel-rules/filter-value.js'
import { histKeySizeAdvice, keyBytes, MAX_KEY_BYTES } from '../definition/key-bytes.js'
import type { EchoOptions } from '../compile/options.js'
import { histDefinition } from '../definition/hist-definition.js'
import type { HistFieldRef } from '../definition/hist-definition.js'
import { appendFilterToken, EMPTY_FILTER } from '../filter/filter-state.js'
import type { FilterState } from '../filter/filter-state.js'
import { resolveField, STACKTRACE, TIMESTAMP, TIMESTAMP_USECS } from '../filter/special-fields.js'
import type { FieldFormat } from '../schema/format-types.js'
import { findField } from '../schema/schema.js'
import { syntheticType } from '../synth/synthetic-type.js'
import type { SqlStatement } from './ast.js'
import { checkCast } from './cast.js'
import { at, fail, lookup, resolve, scope } from './context.js'
import type { Context } from './context.js'
import type { SqlHistResult } from './result.js'
import { andGroup, whereParts } from './where.js'
import type { PlacedToken } from './where.js'

/** Without JOIN: the hist of the FROM event (`tracefs_synth_get_start_hist` of a hist-only `tracefs_sql`). */
export function lowerHist(ctx: Context, stmt: SqlStatement): SqlHistResult {
  const format = lookup(ctx, stmt.from)
  const from = scope(format, stmt.from, 'start')
  const where = `${format.system}.${format.name}`
  const keys: HistFieldRef[] = []
  /** What the keys take of the kernel's compound key (key-size). */
  let keyBytesTaken = 0
  const values: HistFieldRef[] = []
  for (const sel of stmt.select) {
    if (sel.kind === 'calc')
      fail(ctx, 'EINVAL', 'a statement without JOIN makes a hist, which cannot calculate: drop the + or -', {
        at: sel.at,
        text: sel.left.text,
      })
    const f = resolve(ctx, sel.field, from, undefined)
    const cast = sel.cast
    if (cast !== undefined) checkCast(ctx, f, cast, sel.field)
    const field = f.field
    if (field === 'COMM' || field === 'comm')
      if (findField(format, field) === undefined)
        fail(ctx, 'EINVAL', 'a hist has no COMM key: use CAST(common_pid AS EXECNAME)', sel.field)
    const source = resolveField(format, field)!
    // libtracefs declares a synthetic field for every selection, even here: a field without a synthetic type fails (EBADF).
    at(ctx, sel.field, () => syntheticType(source, 'x', where, ctx.schema.longSize))
    if (cast?.type === 'counter') {
      if (source.value !== 'number' && source.value !== 'bigint')
        fail(ctx, 'EINVAL', `'${field}' is not a number: only numbers can be counted`, sel.field)
      values.push(ref(field, field, undefined, 0, source))
      continue
    }
    keyBytesTaken += keyBytes(source)
    if (field === STACKTRACE) {
      const stack = ctx.schema.capabilities.stacktraceName ?? 'common_stacktrace'
      keys.push(ref(stack, stack, undefined, 0, source))
    } else if (field === TIMESTAMP_USECS) keys.push(ref(field, TIMESTAMP, 'usecs', 0, source))
    else if (cast === undefined) keys.push(ref(field, field, undefined, 0, source))
    else {
      const spec = cast.type === 'buckets' ? `${field}.buckets=${cast.buckets}` : `${field}.${cast.type}`
      keys.push(ref(spec, field, cast.type, cast.buckets, source))
    }
  }
  if (keys.length === 0)
    fail(ctx, 'EINVAL', 'a hist needs a key: not every selection can be a _COUNTER_', {
      at: stmt.select[0]!.at,
      text: 'SELECT',
    })
  if (keys.length > 3)
    fail(ctx, 'EINVAL', `a hist takes at most three keys (got ${keys.length}): cast some to _COUNTER_`, {
      at: stmt.select[0]!.at,
      text: 'SELECT',
    })
  if (keyBytesTaken > MAX_KEY_BYTES)
    fail(ctx, 'EINVAL', histKeySizeAdvice(keyBytesTaken), { at: stmt.select[0]!.at, text: 'SELECT' })
  if (values.length > 2)
    fail(ctx, 'EINVAL', `a hist sums at most two values besides hitcount (got ${values.length})`, {
      at: stmt.select[0]!.at,
      text: 'SELECT',
    })
  let filter: FilterState = EMPTY_FILTER
  for (const [i, part] of whereParts(ctx, stmt.where, from, undefined).entries()) {
    const tokens: readonly PlacedToken[] = i === 0 ? part.tokens : andGroup(part.tokens)
    for (const { token, at: name } of tokens) {
      filter = at(ctx, name, () => appendFilterToken(filter, format, token))
      // What libtracefs takes and the kernel refuses (e.g. '~' on a u8 array, which is no string to the kernel).
      const refused = compareProblem(format, token)
      if (refused !== undefined) fail(ctx, 'EINVAL', `the kernel refuses ${refused}`, name)
    }
  }
  const definition = histDefinition({
    system: format.system,
    event: format.name,
    keys,
    values,
    sort: [],
    size: undefined,
    name: undefined,
    filter,
  })
  return Object.freeze({
    kind: 'hist',
    definition,
    echoCmd: (options?: EchoOptions) => histEchoCmd(definition, 'start', options),
  })
}

function ref(
  spec: string,
  name: string,
  modifier: string | undefined,
  buckets: number,
  source: FieldFormat,
): HistFieldRef {
  return { spec, name, modifier, buckets, value: source.value, signed: source.signed, size: source.size }
}
