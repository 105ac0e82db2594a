import type { EventFormat } from './format-types.js'

/**
 * What a kernel's tracing can do, as plain data read from the kernel itself:
 * the tracefs `README` (which documents exactly what the running kernel
 * parses), its event formats and `uname -r`. Every member is `true` only when
 * the kernel's own text shows it; `false` means "not shown", which is all that
 * can be said when no README was read (`readme: false`), so a kernel whose
 * README was never seen claims nothing it was not checked for.
 *
 * Generated typings carry these both as a value (`capabilities`) and as a
 * type with literal members (`interface Capabilities`), so that rules can
 * depend on them at compile time as well as at run time.
 *
 * @example
 * import { readFileSync } from 'node:fs'
 * import { capabilitiesFromReadme } from 'typed-ftrace'
 *
 * const caps = capabilitiesFromReadme(readFileSync('/sys/kernel/tracing/README', 'utf8'))
 * caps.stacktraceName // 'common_stacktrace' on 6.12, 'stacktrace' on 6.1
 */
export interface KernelCapabilities {
  /** `uname -r` of the kernel, when the source recorded it. */
  readonly release: string | null
  /** Whether a tracefs README was read; without one, every README-derived member is `false`. */
  readonly readme: boolean
  /** README: `events/synthetic_events` (CONFIG_SYNTH_EVENTS). */
  readonly syntheticEvents: boolean
  /** README: `dynamic_events` takes `s:[synthetic/]<event>` lines, so synthetic events can be defined there. */
  readonly dynamicEvents: boolean
  /** README: the `hist` trigger (CONFIG_HIST_TRIGGERS). */
  readonly histTriggers: boolean
  /** README: `error_log` (the kernel explains a refused write there). */
  readonly errorLog: boolean
  /**
   * README: the `trace(<synthetic_event>,param list)` action. Without it only
   * the older `<synthetic_event>(param list)` form is known.
   */
  readonly traceAction: boolean
  /** Handlers the README lists: `onmatch(matching.event)`, `onmax(var)`, `onchange(var)`. */
  readonly handlers: { readonly onmatch: boolean; readonly onmax: boolean; readonly onchange: boolean }
  /** Actions the README lists: `trace(...)`, `save(...)`, `snapshot()`. */
  readonly actions: { readonly trace: boolean; readonly save: boolean; readonly snapshot: boolean }
  /**
   * README: the special key naming the call stack, `common_stacktrace`
   * (6.12) or the older `stacktrace` (6.1); `null` when none is documented.
   */
  readonly stacktraceName: 'common_stacktrace' | 'stacktrace' | null
  /**
   * The stack is a value like the others: it can be held in a hist variable
   * (`st=common_stacktrace`) and passed to a synthetic event, not only used
   * as a key (6.1 knows it only as a key). README: a stacktrace key and the
   * `long[] stack` synthetic field of the `synthetic_events` example (both
   * came in one kernel change).
   */
  readonly stacktraceVariables: boolean
  /**
   * README: a stack can be passed to a synthetic event (`long[] stack` in the
   * `synthetic_events` example). 6.1 takes a `long[]` field too, but has no
   * stack variable to fill it with.
   */
  readonly stacktraceSynthFields: boolean
  /** README: the `common_cpu` special field of hist triggers. */
  readonly commonCpu: boolean
  /** README: the `nohitcount` (`NOHC`) hist attribute. */
  readonly nohitcount: boolean
  /** Field modifiers of hist triggers the README lists (`.hex`, `.log2`, `.buckets=size`, `.percent`, `.graph`, ...). */
  readonly modifiers: {
    readonly hex: boolean
    readonly sym: boolean
    readonly symOffset: boolean
    readonly execname: boolean
    readonly syscall: boolean
    readonly log2: boolean
    readonly buckets: boolean
    readonly usecs: boolean
    readonly percent: boolean
    readonly graph: boolean
  }
  /** Dynamic event kinds the README's `dynamic_events` format lists. */
  readonly probes: {
    /** `p:` kprobes. */
    readonly kprobe: boolean
    /** `r:` kretprobes. */
    readonly kretprobe: boolean
    /** `f:` fprobes (function entry and exit probes). */
    readonly fprobe: boolean
    /** `t:` tracepoint probes. */
    readonly tprobe: boolean
    /** `e:` event probes (on an existing event). */
    readonly eprobe: boolean
    /** `uprobe_events`: userspace probes. */
    readonly uprobe: boolean
  }
  /** Formats: the `syscalls` system exists (CONFIG_FTRACE_SYSCALLS), so `sys_enter_*`/`sys_exit_*` events can be traced. */
  readonly syscallEvents: boolean
}

/** The capabilities of a kernel nothing was read from: the release if known, nothing claimed. */
export function unknownCapabilities(release?: string | null): KernelCapabilities {
  return capabilitiesFromReadme(undefined, { release })
}

/** What {@link capabilitiesFromReadme} can use beside the README. */
export interface CapabilitySources {
  /** The kernel's event formats (or their `system` names). */
  readonly events?: readonly Pick<EventFormat, 'system'>[] | undefined
  /** `uname -r`. */
  readonly release?: string | null | undefined
}

/**
 * Reads a kernel's capabilities from its tracefs `README` (and, when given,
 * its event formats and release). `readme` undefined: nothing README-derived
 * is claimed. The README is matched on the syntax lines it documents, not on
 * prose, so a rewording of the help text does not turn a feature off.
 */
export function capabilitiesFromReadme(
  readme: string | undefined,
  sources: CapabilitySources = {},
): KernelCapabilities {
  const text = readme ?? ''
  const has = (pattern: RegExp) => pattern.test(text)
  // The dynamic_events "Format:" block: one `<letter>[...]:...` line per kind of dynamic event.
  const probe = (letter: string) =>
    new RegExp(`^\\s*(?:Format:\\s*)?${letter}(?:\\[maxactive\\])?\\[:\\[<group>/\\]`, 'm').test(text)
  const modifier = (name: string) => new RegExp(`^\\s*\\.${name.replace(/[.-]/g, '\\$&')}(?:=\\S*)?\\s`, 'm').test(text)
  const stackKey = /special string '(common_stacktrace|stacktrace)'/.exec(text)?.[1]
  const stacktraceName = stackKey === 'common_stacktrace' || stackKey === 'stacktrace' ? stackKey : null
  const stackSynthFields = has(/example: echo '[^'\n]*\blong\[\]\s+\w+[^'\n]*' >> synthetic_events/)
  return {
    release: sources.release ?? null,
    readme: readme !== undefined,
    syntheticEvents: has(/^\s*events\/synthetic_events\b/m),
    dynamicEvents: has(/^\s*dynamic_events\b/m) && has(/^\s*s:\[synthetic\/\]/m),
    histTriggers: has(/^\s*hist trigger\b/m) && has(/hist:keys=/),
    errorLog: has(/^\s*error_log\b/m),
    traceAction: has(/trace\(<synthetic_event>,\s*param list\)/),
    handlers: {
      onmatch: has(/^\s*onmatch\(matching\.event\)/m),
      onmax: has(/^\s*onmax\(var\)/m),
      onchange: has(/^\s*onchange\(var\)/m),
    },
    actions: {
      trace: has(/^\s*trace\(<synthetic_event>/m),
      save: has(/^\s*save\(field,/m),
      snapshot: has(/^\s*snapshot\(\)/m),
    },
    stacktraceName,
    stacktraceVariables: stacktraceName !== null && stackSynthFields,
    stacktraceSynthFields: stackSynthFields,
    commonCpu: has(/^\s*common_cpu\s+-/m),
    nohitcount: has(/\[:nohitcount\]/),
    modifiers: {
      hex: modifier('hex'),
      sym: modifier('sym'),
      symOffset: modifier('sym-offset'),
      execname: modifier('execname'),
      syscall: modifier('syscall'),
      log2: modifier('log2'),
      buckets: modifier('buckets'),
      usecs: modifier('usecs'),
      percent: modifier('percent'),
      graph: modifier('graph'),
    },
    probes: {
      kprobe: probe('p'),
      kretprobe: probe('r'),
      fprobe: probe('f'),
      tprobe: probe('t'),
      eprobe: probe('e'),
      uprobe: has(/^\s*uprobe_events\b/m),
    },
    syscallEvents: sources.events?.some((e) => e.system === 'syscalls') ?? false,
  }
}

/**
 * The capabilities as source text: an object literal, or with `type` an
 * object type of literal members (typegen writes both).
 */
export function capabilitiesLiteral(caps: KernelCapabilities, form: 'value' | 'type' = 'value'): string {
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
  const render = (value: unknown, pad: string): string => {
    if (typeof value === 'string') return quote(value)
    if (value === null || typeof value !== 'object') return String(value)
    const inner = `${pad}  `
    const members = Object.entries(value as Record<string, unknown>).map(([key, v]) =>
      form === 'type' ? `${inner}readonly ${key}: ${render(v, inner)}` : `${inner}${key}: ${render(v, inner)},`,
    )
    return `{\n${members.join('\n')}\n${pad}}`
  }
  return render(caps, '')
}
