import { STACKTRACE } from '../filter/special-fields.js'
import { FieldFlag } from '../schema/field-flags.js'
import type { SqlCast, SqlName } from './ast.js'
import { fail } from './context.js'
import type { Context } from './context.js'
import { realField } from './resolve.js'
import type { ResolvedField } from './resolve.js'

/** libtracefs' checks of a cast on a start field (`verify_field_type`). */
export function checkCast(ctx: Context, field: ResolvedField, cast: SqlCast, name: SqlName): void {
  if (cast.type === 'stacktrace') {
    if (field.field !== STACKTRACE) fail(ctx, 'EINVAL', `only STACKTRACE can be cast to STACKTRACE`, name)
    return
  }
  const real = realField(field.scope, field.field)
  if (real === undefined)
    fail(
      ctx,
      'ENODEV',
      `'${field.field}' cannot be cast: only fields of ${field.scope.format.system}.${field.scope.format.name} can`,
      name,
    )
  const stringy = (real.flags & (FieldFlag.STRING | FieldFlag.ARRAY)) !== 0
  if (cast.type === 'execname') {
    if (field.field !== 'common_pid') fail(ctx, 'EINVAL', `'${cast.text}' is only allowed for common_pid`, name)
    return
  }
  if (stringy)
    fail(
      ctx,
      'EINVAL',
      `field '${field.field}' is cast to '${cast.text}' but is ${(real.flags & FieldFlag.STRING) !== 0 ? 'a string' : 'an array'}`,
      name,
    )
}
