import { newSynthBuilder } from '../synth/synth-builder-impl.js'
import type { AnySynth } from '../synth/types/synth.js'
import type { EchoOptions } from '../compile/options.js'
import type { SqlStatement } from './ast.js'
import { checkCast } from './cast.js'
import { at, fail, lookup, resolve, scope, splitEvent } from './context.js'
import type { Context } from './context.js'
import type { ResolvedField } from './resolve.js'
import type { SqlSynthResult } from './result.js'
import { andGroup, whereParts } from './where.js'

/** With JOIN: the synthetic event, built by the same calls as libtracefs' `tracefs_sql`. */
export function lowerSynth(ctx: Context, name: string, stmt: SqlStatement): SqlSynthResult {
  const join = stmt.join!
  // Names known at run time only: the run-time builder, whose checks are the builder's own.
  let b = newSynthBuilder(name, ctx.schema, {})
  const [fs, fe] = splitEvent(stmt.from.name.text)
  const fromFormat = lookup(ctx, stmt.from)
  b = at(ctx, stmt.from.name, () => (fs === undefined ? b.start(fe) : b.start(fs, fe)))
  const [ts, te] = splitEvent(join.event.name.text)
  lookup(ctx, join.event) // an unknown event is reported as for FROM; the builder picks the event (as libtraceevent)
  b = at(ctx, join.event.name, () => (ts === undefined ? b.end(te) : b.end(ts, te)))
  const end = b.definition.end!
  const toFormat =
    end.system === fromFormat.system && end.event === fromFormat.name
      ? fromFormat
      : ctx.schema.get(end.system, end.event)
  const from = scope(fromFormat, stmt.from, 'start')
  const to = scope(toFormat, join.event, 'end')

  for (const m of join.on) {
    const left = resolve(ctx, m.left, from, to)
    const right = resolve(ctx, m.right, from, to)
    let pair: [ResolvedField, ResolvedField] | undefined
    if (fromFormat === toFormat || (left.side === 'start' && right.side === 'end')) pair = [left, right]
    else if (left.side === 'end' && right.side === 'start') pair = [right, left]
    if (pair === undefined)
      fail(
        ctx,
        'EINVAL',
        `'${m.left.text}' and '${m.right.text}' must be one field of each event (${from.event} and ${to.event})`,
        left.side === 'start' ? m.right : m.left,
      )
    const [s, e] = pair
    b = at(ctx, m.left, () => b.match(s.field, e.field, null))
  }

  for (const sel of stmt.select) {
    if (sel.kind === 'calc') {
      const label = sel.as
      if (label === undefined)
        fail(ctx, 'EINVAL', "a calculation needs a name: add 'AS name'", { at: sel.at, text: sel.left.text })
      const l = resolve(ctx, sel.left, from, to)
      const r = resolve(ctx, sel.right, from, to)
      // libtracefs reads the right operand on the start event and the left one on the end event.
      b = at(ctx, sel.left, () => b.compare(r.field, l.field, sel.op === '+' ? 'add' : 'delta-end', label.text))
      continue
    }
    const f = resolve(ctx, sel.field, from, to)
    const label = sel.as?.text
    if (f.side === 'start') {
      if (sel.cast !== undefined) checkCast(ctx, f, sel.cast, sel.field)
      b = at(ctx, sel.field, () => b.startField(f.field, label))
    } else b = at(ctx, sel.field, () => b.endField(f.field, label))
  }

  const started = { start: false, end: false }
  for (const part of whereParts(ctx, stmt.where, from, to)) {
    const tokens = started[part.side] ? andGroup(part.tokens) : part.tokens
    started[part.side] = true
    for (const { token, at: where } of tokens) {
      const t = token
      b = at(ctx, where, () =>
        t.type === 'compare'
          ? part.side === 'start'
            ? b.appendStartFilter('compare', t.field, t.op, t.value)
            : b.appendEndFilter('compare', t.field, t.op, t.value)
          : part.side === 'start'
            ? b.appendStartFilter(t.type)
            : b.appendEndFilter(t.type),
      )
    }
  }
  const synth = b as unknown as AnySynth
  return Object.freeze({
    kind: 'synth',
    synth,
    definition: synth.definition,
    echoCmd: (options?: EchoOptions) => synth.echoCmd(options),
  })
}
