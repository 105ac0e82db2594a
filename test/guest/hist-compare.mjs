// Comparing offline histograms with the kernel's hist files; shared by the kernel lane
// and the host test that replays the recorded fixtures.
//
// Entries whose sort fields are all equal are printed by the kernel in the order of its
// hash table (the tracing map's slots, then an unstable sort), which offline evaluation
// does not reproduce: within each run of equal sort values the lines are compared as a
// set; the runs themselves, and every line's text, must match exactly.
import { hist } from '../../dist/src/index.js'

/** The histograms of a `hist` file: one text per trigger, with its trigger line. */
export function histSections(text) {
  return text
    .split(/\n\n(?=# event histogram\n)/)
    .map((t) => ({ text: t.endsWith('\n') ? t : `${t}\n`, trigger: /# trigger info: (.*)\n/.exec(t)[1] }))
}

/** The parts of a plain trigger line (`hist:keys=A:vals=B:sort=C:size=N[ if FILTER] [active]`); undefined for triggers with variables or actions. */
export function parseTrigger(line) {
  const m = /^hist:keys=([^:]+):vals=([^:]+):sort=([^:]+):size=(\d+)(?: if (.*))? \[active\]$/.exec(line)
  if (!m) return undefined
  return { keys: m[1].split(','), values: m[2].split(','), sort: m[3].split(','), size: Number(m[4]), filter: m[5] }
}

/** The same trigger computed offline over records: its text, rows and sort fields. */
export function offlineHist(line, records) {
  const t = parseTrigger(line)
  let h = hist(records)
    .keys(...t.keys)
    .values(...t.values)
    .sort(...t.sort)
    .size(t.size)
  if (t.filter !== undefined) h = h.filter(t.filter)
  return { text: h.text(), rows: h.rows(), sort: t.sort }
}

/** Differences between an offline histogram and the kernel's text (none: they match). */
export function histDifferences(ours, kernel) {
  const split = (text) => {
    const lines = text.split('\n')
    const first = lines.findIndex((l) => l.startsWith('{'))
    const totals = lines.indexOf('Totals:')
    return {
      head: lines.slice(0, first < 0 ? totals - 1 : first),
      entries: first < 0 ? [] : lines.slice(first, totals - 1),
      tail: lines.slice(totals - 1),
    }
  }
  const a = split(ours.text)
  const k = split(kernel)
  const out = []
  const same = (x, y) => JSON.stringify(x) === JSON.stringify(y)
  if (!same(a.head, k.head)) out.push(`header: offline ${JSON.stringify(a.head)} / kernel ${JSON.stringify(k.head)}`)
  if (!same(a.tail, k.tail)) out.push(`totals: offline ${JSON.stringify(a.tail)} / kernel ${JSON.stringify(k.tail)}`)
  if (a.entries.length !== k.entries.length)
    out.push(`entries: offline ${a.entries.length} / kernel ${k.entries.length}`)
  const names = ours.sort.map((s) => s.replace(/\.(ascending|descending)$/, '').replace(/\..*$/, ''))
  const sortValue = (row) =>
    names.map((n) => String(n === 'hitcount' ? row.hitcount : (row.key[n] ?? row.values[n]))).join('|')
  for (let at = 0; at < ours.rows.length;) {
    let end = at + 1
    while (end < ours.rows.length && sortValue(ours.rows[end]) === sortValue(ours.rows[at])) end++
    const mine = a.entries.slice(at, end).sort()
    const theirs = k.entries.slice(at, end).sort()
    if (!same(mine, theirs))
      out.push(
        `entries ${at}..${end - 1} (sort value ${sortValue(ours.rows[at])}): offline ${JSON.stringify(mine)} / kernel ${JSON.stringify(theirs)}`,
      )
    at = end
  }
  return out
}
