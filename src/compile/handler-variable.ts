/**
 * Finds the end-trigger variable an `onmax()`/`onchange()` handler names,
 * with libtracefs' rule as fixed upstream (the lookup that learnt hashed
 * names): an optional leading `$` is dropped, then the first variable, in
 * definition order, whose name starts with the given text, or whose name has
 * the generated shape `__<base>_<digits>_<digits>` with `<base>` equal to it.
 * So `delta` finds `__delta_123_4`, and a match name `pid` finds `pid`.
 */
export function findHandlerVariable(endVarNames: readonly string[], variable: string): string | undefined {
  const wanted = variable.startsWith('$') ? variable.slice(1) : variable
  for (const name of endVarNames) {
    const bare = name.startsWith('$') ? name.slice(1) : name
    if (bare.startsWith(wanted)) return name
    const hashed = /^__(.+)_[0-9]+_[0-9]+$/.exec(bare)
    if (hashed && hashed[1] === wanted) return name
  }
  return undefined
}
