// Differential test against libtracefs 1.6.4 itself (Debian libtracefs-dev): the same JSON
// specs, built by the same calls, must give the same echo script (after normalising the
// number in generated variable names on both sides) or be refused with the same errno.
//
// libtracefs picks its syntax from this machine's own tracefs, not from the format dump:
// `s:` lines in dynamic_events, and the older `.<name>(args)` action because this kernel's
// README lacks `trace(<synthetic_event>,param list)`. The probe below checks that.
//
// Where 1.6.4 differs from upstream libtracefs and we follow upstream, or where we refuse
// what 1.6.4 accepts and the kernel would refuse, the case is excluded from the comparison
// under a named reason, decided from the spec and our definition (never from a failed
// comparison alone), and every reason is counted and printed.
//
// The kernel's rules are a category of their own: libtracefs checks little and leaves the
// rest to the kernel, so a definition refused here with a KernelRuleError (the kernel would
// refuse it too; the kernel lane proves that) is counted per rule. Where we write an
// equivalent text the kernel takes (a match name the kernel reads as an attribute or as a
// saved field's variable gets a generated name), the text must equal libtracefs' once that
// variable has libtracefs' name again (compileTexts without checks), and is counted.
import { beforeAll, describe, expect, it } from 'vitest'
import { compileTexts } from '../../src/compile/show.js'
import { lowerSynth, renamedMatchVariable } from '../../src/compile/lower.js'
import { KernelRuleError, schemaFromDir, synthFromSpec, SynthError } from '../../src/index.js'
import type { KernelRule, Schema, SynthDefinition } from '../../src/index.js'
import { KERNEL_6_1 } from '../helpers/paths.js'
import { generateSpecs } from '../oracle/gen-specs.js'
import type { Spec } from '../oracle/gen-specs.js'
import { normaliseVars, prepareOracle, runOracle } from '../oracle/libtracefs.js'

const oracle = prepareOracle()
if (typeof oracle === 'string') console.warn(`SKIPPED the libtracefs differential test: ${oracle}`)

const COUNT = 300
const SEED = 1
/** What libtracefs chooses on this machine (verified by the first test). */
const OPTIONS = { actionSyntax: 'legacy', dynamicEvents: true } as const

/** Hand-written specs that reach each known difference, so that every exclusion below is exercised. */
const TARGETED: Spec[] = [
  {
    name: 't_dynstr',
    start: 'sched/sched_process_exec',
    end: 'sched/sched_process_exec',
    steps: [{ match: ['pid', 'pid'] }, { startField: 'filename' }],
  },
  {
    name: 't_ulong_array',
    start: 'raw_syscalls/sys_enter',
    end: 'raw_syscalls/sys_exit',
    steps: [{ match: ['common_pid', 'common_pid'] }, { startField: 'args' }],
  },
  {
    name: 't_no_vars',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'] }, { onMax: 'x', trace: true }],
  },
  {
    name: 't_save',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [
      { match: ['pid', 'next_pid'], as: 'pid' },
      { onMax: 'pid', save: ['prev_prio'] },
    ],
  },
  {
    name: 't_comm_field',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'] }, { endField: 'COMM', as: 'who' }],
  },
  {
    name: 't_comm_glob',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { endFilter: ['COMM', '~', '"a*"'] }],
  },
  {
    name: 't_stack',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'] }, { endField: 'STACKTRACE', as: 'stack' }],
  },
  {
    name: 't_hashed_var',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'] }, { delta: true, as: 'lat' }, { onMax: 'lat', trace: true }],
  },
  {
    name: 't_dup',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'] }, { startField: 'prio' }, { endField: 'prev_prio', as: 'prio' }],
  },
  {
    name: 't_dotted',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'] }, { startField: 'TIMESTAMP_USECS' }],
  },
  {
    name: 't_unfinished',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'] }, { startFilter: ['prio', '<', '1'] }, { startFilter: '&&' }],
  },
  {
    name: 't_plain_var',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [
      { match: ['pid', 'next_pid'], as: 'pid' },
      { onChange: 'pid', snapshot: true },
    ],
  },
  {
    name: 't_bad_op',
    start: 'sched_waking',
    end: 'sched_switch',
    steps: [{ match: ['pid', 'next_pid'] }, { endFilter: ['next_comm', '<', '1'] }],
  },
]

type Ours =
  | { echo: string; def: SynthDefinition }
  | {
      errno: string
      step: number | undefined
      message: string
      def: SynthDefinition | undefined
      rule: KernelRule | undefined
    }

const ruleOf = (error: SynthError) => (error instanceof KernelRuleError ? error.rule : undefined)

/** Our result; with an error, the definition as far as it got (for deciding reasons). */
function ours(spec: Spec, schema: Schema): Ours {
  try {
    const synth = synthFromSpec(spec, schema)
    try {
      return { echo: synth.echoCmd(OPTIONS), def: synth.definition }
    } catch (error) {
      if (!(error instanceof SynthError)) throw error
      return { errno: error.code, step: error.step, message: error.message, def: synth.definition, rule: ruleOf(error) }
    }
  } catch (error) {
    if (!(error instanceof SynthError)) throw error
    let def: SynthDefinition | undefined
    try {
      def =
        error.step === undefined
          ? undefined
          : synthFromSpec({ ...spec, steps: spec.steps.slice(0, error.step) }, schema).definition
    } catch {
      def = undefined
    }
    return { errno: error.code, step: error.step, message: error.message, def, rule: ruleOf(error) }
  }
}

/** A match whose variable we name differently from libtracefs so that the kernel takes it. */
const rewritten = (def: SynthDefinition | undefined) =>
  def !== undefined &&
  def.steps.some((s) => s.kind === 'match' && s.as !== undefined && renamedMatchVariable(def, s.as))

/** The echo script without the unfinished-filter check (libtracefs' echo_cmd does not make it). */
function uncheckedEcho(def: SynthDefinition): string {
  const t = compileTexts(def, OPTIONS, false)
  return (
    `echo 's:${def.name} ${t.fields}' >> /sys/kernel/tracing/dynamic_events\n` +
    `echo '${t.startHist}' >> /sys/kernel/tracing/events/${t.start.system}/${t.start.event}/trigger\n` +
    `echo '${t.endHist}' >> /sys/kernel/tracing/events/${t.end.system}/${t.end.event}/trigger\n`
  )
}

const SAVE_LOOPS = 'save(): 1.6.4 links the action into its list twice and loops forever (fixed upstream, LT fcb3a83)'

/** Why 1.6.4 may legitimately differ on this spec: upstream fixes and changes we follow. */
function upstreamReasons(spec: Spec, def: SynthDefinition | undefined, schema: Schema): Set<string> {
  const reasons = new Set<string>()
  const text = JSON.stringify(spec.steps)
  if (/STACKTRACE|common_stacktrace/.test(text)) reasons.add('common_stacktrace: unknown to 1.6.4 (added upstream)')
  const event = (name: string) =>
    name.includes('/') ? schema.find(name.split('/')[0], name.split('/')[1]!) : schema.find(undefined, name)
  const start = event(spec.start)
  const end = event(spec.end)
  const pseudoComm = (e: typeof start, f: unknown) =>
    (f === 'COMM' || f === 'comm') && e !== undefined && !e.fields.some((x) => x.name === f)
  for (const step of spec.steps) {
    const refs: [typeof start, unknown][] = []
    const pair = (step.match ?? step.compare) as unknown
    if (Array.isArray(pair)) refs.push([start, pair[0]], [end, pair[1] ?? pair[0]])
    else if (typeof pair === 'string') refs.push([start, pair], [end, pair])
    if ('startField' in step) refs.push([start, step.startField])
    if ('endField' in step) refs.push([end, step.endField])
    if (Array.isArray(step.startFilter)) refs.push([start, step.startFilter[0]])
    if (Array.isArray(step.endFilter)) refs.push([end, step.endFilter[0]])
    if (Array.isArray(step.save)) for (const f of step.save) refs.push([end, f])
    if (refs.some(([e, f]) => pseudoComm(e, f)))
      reasons.add('COMM as a field: a dynamic string upstream, a 16-byte non-string in 1.6.4')
  }
  if (def) {
    if (def.fields.some((f) => f.info.type.includes('[') && !f.info.type.startsWith('char['))) {
      reasons.add('arrays typed by their element type (upstream, for stack traces); 1.6.4 declares every array as char')
    }
    const lowered = lowerSynth(def)
    lowered.actions.forEach((a, i) => {
      const asked = def.actions[i]?.variable?.replace(/^\$/, '')
      if (a.handleVar !== undefined && asked !== undefined && a.handleVar !== `$${asked}`) {
        reasons.add(
          'handler variable found by its generated name (upstream fix LT 0567e2d); 1.6.4 wants the exact variable name',
        )
      }
    })
    if (def.actions.some((a) => a.action === 'save')) reasons.add(SAVE_LOOPS)
  }
  return reasons
}

/** Checks we make that 1.6.4 does not, on definitions the kernel refuses. */
function stricterReason(message: string): string | undefined {
  if (/already has a field/.test(message))
    return 'a synthetic field name used twice (the kernel: "Variable already defined")'
  if (/pass a name/.test(message))
    return 'a synthetic field name that is not a kernel name (the kernel: "Illegal name")'
  if (/at least one end-event field/.test(message))
    return 'save() without fields (the kernel: "No params found for save()")'
  return undefined
}

let schema: Schema
beforeAll(async () => {
  schema = await schemaFromDir(KERNEL_6_1)
})

describe.skipIf(typeof oracle === 'string')('the same text as libtracefs 1.6.4', () => {
  const o = oracle as Exclude<typeof oracle, string>

  it('libtracefs on this machine prints `s:` lines and the legacy action form', async () => {
    const spec: Spec = {
      name: 'probe',
      start: 'sched/sched_waking',
      end: 'sched/sched_switch',
      steps: [{ match: ['pid', 'next_pid'], as: 'pid' }],
    }
    const theirs = await runOracle(o, spec)
    expect(theirs).toMatchObject({ ok: true })
    const echo = (theirs as { echo: string }).echo
    expect(echo).toContain("echo 's:probe pid_t pid;' >> /sys/kernel/tracing/dynamic_events\n")
    expect(echo).toContain(':onmatch(sched.sched_waking).probe($pid)')
    expect(synthFromSpec(spec, schema).echoCmd(OPTIONS)).toBe(echo)
  })

  it(`${COUNT} generated definitions over the Linux 6.1 formats (seed ${SEED}) and ${TARGETED.length} targeted ones`, async () => {
    const specs = [...generateSpecs(schema, COUNT, SEED), ...TARGETED]
    expect(specs.length).toBeGreaterThanOrEqual(200)
    const results: Awaited<ReturnType<typeof runOracle>>[] = []
    // Two at a time (two cores): each run loads every 6.1 format into libtraceevent.
    for (let i = 0; i < specs.length; i += 2)
      results.push(...(await Promise.all(specs.slice(i, i + 2).map((spec) => runOracle(o, spec)))))

    const tally = { compared: 0, equal: 0, renamed: 0, bothRefused: 0, unfinishedEqual: 0 }
    const excluded = new Map<string, string[]>()
    const exclude = (reason: string, spec: Spec) => excluded.set(reason, [...(excluded.get(reason) ?? []), spec.name])
    // The kernel's rules: refused here (libtracefs leaves them to the kernel), or an equivalent text.
    const kernel = new Map<string, string[]>()
    const byKernelRule = (rule: KernelRule, spec: Spec) => {
      const reason = `kernel rule '${rule}': refused here, accepted by 1.6.4`
      kernel.set(reason, [...(kernel.get(reason) ?? []), spec.name])
    }
    const problems: string[] = []

    specs.forEach((spec, i) => {
      const theirs = results[i]!
      const mine = ours(spec, schema)
      const reasons = upstreamReasons(spec, mine.def, schema)
      const label = `${spec.name} ${JSON.stringify(spec)}`
      const theirStep =
        'step' in theirs && !('echo' in theirs) ? (theirs.stepOf[theirs.step] ?? theirs.step) : undefined
      // The reason that explains what was seen: a refusal at a handler step is the handler lookup, and so on.
      const firstReason = () => {
        const step = theirStep === undefined ? undefined : spec.steps[theirStep]
        const all = [...reasons]
        const about = (prefix: string) => all.find((r) => r.startsWith(prefix))
        if (step && ('onMax' in step || 'onChange' in step)) return about('handler variable') ?? all[0]
        if (step && /STACKTRACE|common_stacktrace/.test(JSON.stringify(step)))
          return about('common_stacktrace') ?? all[0]
        if (step && /"(COMM|comm)"/.test(JSON.stringify(step))) return about('COMM') ?? all[0]
        return all[0]
      }

      if ('timeout' in theirs) {
        if (spec.steps.some((step) => 'save' in step)) exclude(SAVE_LOOPS, spec)
        else problems.push(`${label}\n  libtracefs never returned`)
        return
      }
      if (theirs.ok && theirs.echo === '') {
        // 1.6.4 (and upstream) read the end-variable list without checking it exists: onmax/onchange before any variable crashes.
        if ('errno' in mine && mine.rule !== undefined) byKernelRule(mine.rule, spec)
        else if ('errno' in mine && mine.errno === 'ENODEV' && /has no such variable/.test(mine.message))
          exclude('onmax/onchange before any end variable: libtracefs crashes (NULL list), we refuse with ENODEV', spec)
        else problems.push(`${label}\n  libtracefs crashed; ours: ${'echo' in mine ? 'accepted' : mine.errno}`)
        return
      }
      if (theirs.ok && 'echo' in mine) {
        tally.compared++
        if (normaliseVars(mine.echo) === normaliseVars(theirs.echo)) tally.equal++
        else if (rewritten(mine.def) && normaliseVars(uncheckedEcho(mine.def)) === normaliseVars(theirs.echo)) {
          tally.equal++
          tally.renamed++
        } else if (reasons.size > 0) {
          tally.compared--
          exclude(firstReason()!, spec)
        } else problems.push(`${label}\n  ours:   ${normaliseVars(mine.echo)}\n  theirs: ${normaliseVars(theirs.echo)}`)
        return
      }
      if (!theirs.ok && 'errno' in mine) {
        tally.compared++
        const stricter = stricterReason(mine.message)
        if (mine.errno === theirs.errno && (mine.step === theirStep || mine.step === undefined || theirStep === -1))
          tally.bothRefused++
        else if (
          mine.rule !== undefined &&
          (mine.step === undefined || theirStep === undefined || theirStep === -1 || mine.step <= theirStep)
        ) {
          tally.compared--
          byKernelRule(mine.rule, spec)
        } else if (stricter && mine.step !== undefined && theirStep !== undefined && mine.step < theirStep) {
          tally.compared--
          exclude(`refused here, accepted by 1.6.4, refused by the kernel: ${stricter}`, spec)
        } else if (reasons.size > 0) {
          tally.compared--
          exclude(firstReason()!, spec)
        } else
          problems.push(
            `${label}\n  ours: ${mine.errno} at step ${mine.step} (${mine.message}); theirs: ${theirs.errno} at step ${theirStep}`,
          )
        return
      }
      if (!theirs.ok && 'echo' in mine) {
        if (reasons.size > 0) exclude(firstReason()!, spec)
        else problems.push(`${label}\n  ours accepted; theirs: ${theirs.errno} at step ${theirStep}`)
        return
      }
      // We refuse what 1.6.4 accepted.
      const m = mine as Extract<Ours, { errno: string }>
      const accepted = theirs as { echo: string }
      const stricter = stricterReason(m.message)
      if (m.rule !== undefined) byKernelRule(m.rule, spec)
      else if (m.errno === 'EBADE' && m.step === undefined && mine.def) {
        // An unfinished filter: libtracefs' echo_cmd prints it, its create refuses it with EBADE, as our echo does.
        tally.compared++
        if (normaliseVars(uncheckedEcho(mine.def)) === normaliseVars(accepted.echo)) tally.unfinishedEqual++
        else
          problems.push(
            `${label}\n  unfinished filter, text differs:\n  ours:   ${normaliseVars(uncheckedEcho(mine.def))}\n  theirs: ${normaliseVars(accepted.echo)}`,
          )
      } else if (stricter) exclude(`refused here, accepted by 1.6.4, refused by the kernel: ${stricter}`, spec)
      else if (reasons.size > 0) exclude(firstReason()!, spec)
      else
        problems.push(
          `${label}\n  ours refused (${m.errno}: ${m.message}); theirs accepted:\n  ${normaliseVars(accepted.echo)}`,
        )
    })

    const excludedCount = [...excluded.values()].reduce((n, l) => n + l.length, 0)
    const kernelCount = [...kernel.values()].reduce((n, l) => n + l.length, 0)
    console.log(
      `libtracefs 1.6.4 differential: ${specs.length} specs (${COUNT} generated, seed ${SEED}, + ${TARGETED.length} targeted); ` +
        `compared ${tally.compared}: ${tally.equal} equal echo text (${tally.renamed} of them once a match variable we rename for the kernel is given libtracefs' name), ${tally.bothRefused} refused by both with the same errno, ` +
        `${tally.unfinishedEqual} unfinished filters (equal text; EBADE at create in both); excluded ${excludedCount}:`,
    )
    for (const [reason, names] of excluded)
      console.log(`  ${String(names.length).padStart(3)}  ${reason}  (e.g. ${names.slice(0, 3).join(', ')})`)
    console.log(`kernel rules (libtracefs leaves them to the kernel): ${kernelCount}:`)
    for (const [reason, names] of [...kernel].sort((a, b) => b[1].length - a[1].length))
      console.log(`  ${String(names.length).padStart(3)}  ${reason}  (e.g. ${names.slice(0, 3).join(', ')})`)
    expect(problems.slice(0, 5)).toEqual([])
    expect(tally.compared + excludedCount + kernelCount).toBe(specs.length)
    expect(tally.equal).toBeGreaterThan(COUNT / 3)
    expect(tally.bothRefused).toBeGreaterThan(COUNT / 5)
    expect(excludedCount).toBeLessThan(COUNT / 4)
    // every targeted difference landed in its category
    const names = new Set([...excluded.values(), ...kernel.values()].flat())
    for (const t of [
      't_ulong_array',
      't_no_vars',
      't_save',
      't_comm_field',
      't_comm_glob',
      't_stack',
      't_hashed_var',
      't_dup',
      't_dotted',
    ])
      expect(names, t).toContain(t)
  }, 600_000)
})
