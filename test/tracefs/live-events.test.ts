import { spawnSync } from 'node:child_process'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { FilterError, findTracefs, tracefs, TracefsError } from '../../src/index.js'
import type { LiveEventRecord } from '../../src/index.js'
import { schema as linux61 } from '../../types/linux-6.1.js'
import type { Kernel } from '../../types/linux-6.1.js'

// The typed event methods on this machine's own kernel, with the registered 6.1 typings (the
// program registers them): the events read here have the same fields in 6.1 and in the running
// kernel (checked below), so each record's run-time values must be what its type says.
const root = await findTracefs().catch((error: Error) => error)
if (root instanceof Error) console.warn(`SKIPPED live event tests: ${root.message}`)

/** The run-time kind of a value, in the words of {@link Kind}. */
function kindOf(value: unknown): string {
  if (value instanceof Uint8Array) return 'Uint8Array'
  if (Array.isArray(value)) {
    const kinds = new Set(value.map((v) => typeof v))
    return kinds.size === 1 ? `${[...kinds][0]}[]` : `mixed[] (${[...kinds].join(', ')})`
  }
  return typeof value
}

/** What a field's type says its value is, as {@link kindOf} names it (never: a type with no one kind). */
type Kind<V> = [V] extends [number]
  ? 'number'
  : [V] extends [bigint]
    ? 'bigint'
    : [V] extends [string]
      ? 'string'
      : [V] extends [Uint8Array]
        ? 'Uint8Array'
        : [V] extends [readonly number[]]
          ? 'number[]'
          : [V] extends [readonly bigint[]]
            ? 'bigint[]'
            : never
/** Every member of a live record but the decoded record itself, with its kind. */
type Kinds<R> = { readonly [F in Exclude<keyof R, 'record'>]: Kind<R[F]> }

type Switch = LiveEventRecord<Kernel['sched']['sched_switch']>
type Waking = LiveEventRecord<Kernel['sched']['sched_waking']>
type Exec = LiveEventRecord<Kernel['sched']['sched_process_exec']>
type SysEnter = LiveEventRecord<Kernel['raw_syscalls']['sys_enter']>

// Each table is checked against the record's type by the compiler (`satisfies` wants every
// member, no other, each with its one kind) and against the values by the tests below.
const SWITCH = {
  prev_comm: 'string',
  prev_pid: 'number',
  prev_prio: 'number',
  prev_state: 'bigint',
  next_comm: 'string',
  next_pid: 'number',
  next_prio: 'number',
  ts: 'bigint',
  cpu: 'number',
  common_pid: 'number',
} as const satisfies Kinds<Switch>
const WAKING = {
  comm: 'string',
  pid: 'number',
  prio: 'number',
  target_cpu: 'number',
  ts: 'bigint',
  cpu: 'number',
  common_pid: 'number',
} as const satisfies Kinds<Waking>
const EXEC = {
  filename: 'string',
  pid: 'number',
  old_pid: 'number',
  ts: 'bigint',
  cpu: 'number',
  common_pid: 'number',
} as const satisfies Kinds<Exec>
const SYS_ENTER = {
  id: 'bigint',
  args: 'bigint[]',
  ts: 'bigint',
  cpu: 'number',
  common_pid: 'number',
} as const satisfies Kinds<SysEnter>

/** Runs a few short processes: exec, sleeps (switches, wake-ups) and syscalls. */
function activity(): void {
  spawnSync('sh', ['-c', 'for i in 1 2 3 4; do /bin/true; sleep 0.01; done'])
}

/**
 * Enables one event in an instance, runs {@link activity}, and checks every record read: the
 * members and the kind of each value are `kinds` (a table the compiler checks against the
 * record's type); the running kernel's format has the fields and kinds of the typings.
 */
async function checkKinds<const S extends keyof Kernel & string, const E extends keyof Kernel[S] & string>(
  system: S,
  event: E,
  kinds: Kinds<LiveEventRecord<Kernel[S][E]>>,
): Promise<number> {
  const tfs = await tracefs({ instance: 'typed_ftrace_live_events' })
  try {
    await tfs.enable(system, event)
    activity()
    await tfs.disable(system, event)
    const own = (fields: readonly { name: string; value: string; common: boolean }[]) =>
      fields.filter((f) => !f.common).map((f) => [f.name, f.value])
    let count = 0
    for await (const r of tfs.records(system, event)) {
      const { record, ...members } = r
      if (count === 0) expect(own(record.event.fields)).toEqual(own(linux61.get(system, event).fields))
      expect(record.event.name).toBe(event)
      expect(Object.fromEntries(Object.entries(members).map(([k, v]) => [k, kindOf(v)]))).toEqual(kinds)
      count++
    }
    return count
  } finally {
    await tfs.removeInstance()
  }
}

describe.skipIf(root instanceof Error)('typed live events on the running kernel', () => {
  it("sched/sched_switch: each field's value is of the kind its type says", async () => {
    expect(await checkKinds('sched', 'sched_switch', SWITCH)).toBeGreaterThan(0)
  }, 30_000)
  it("sched/sched_waking: each field's value is of the kind its type says", async () => {
    expect(await checkKinds('sched', 'sched_waking', WAKING)).toBeGreaterThan(0)
  }, 30_000)
  it('sched/sched_process_exec (a __data_loc string): each value is of the kind its type says', async () => {
    expect(await checkKinds('sched', 'sched_process_exec', EXEC)).toBeGreaterThan(0)
  }, 30_000)
  it('raw_syscalls/sys_enter (an array of longs): each value is of the kind its type says', async () => {
    expect(await checkKinds('raw_syscalls', 'sys_enter', SYS_ENTER)).toBeGreaterThan(0)
  }, 30_000)

  it('records(system, event) is typed by the event; the object form stays untyped', async () => {
    const tfs = await tracefs({ instance: 'typed_ftrace_live_types' })
    try {
      for await (const r of tfs.records('sched', 'sched_switch')) {
        expectTypeOf(r).toEqualTypeOf<Switch>()
        expectTypeOf(r.prev_state).toEqualTypeOf<bigint>()
        expectTypeOf(r.next_comm).toEqualTypeOf<string>()
      }
      for await (const r of tfs.records({ system: 'sched', event: 'sched_switch' })) {
        expectTypeOf(r.next_pid).toEqualTypeOf<unknown>()
      }
    } finally {
      await tfs.removeInstance()
    }
  })

  it('setFilter takes the builder`s typed expression; the kernel keeps only what passes', async () => {
    const tfs = await tracefs({ instance: 'typed_ftrace_live_filter' })
    try {
      await tfs.setFilter('sched', 'sched_switch', (f) => f.ne('prev_pid', 0).and(f.glob('next_comm', '*')))
      expect(await tfs.getFilter('sched', 'sched_switch')).toBe('prev_pid != 0&&next_comm~"*"')
      await tfs.enable('sched', 'sched_switch')
      activity()
      await tfs.disable('sched', 'sched_switch')
      let count = 0
      for await (const r of tfs.records('sched', 'sched_switch')) {
        expect(r.prev_pid).not.toBe(0)
        count++
      }
      expect(count).toBeGreaterThan(0)
      await tfs.setFilter('sched', 'sched_switch', '')
      expect(await tfs.getFilter('sched', 'sched_switch')).toBeUndefined()
    } finally {
      await tfs.removeInstance()
    }
  }, 30_000)

  it('checks filter text against the event`s format before writing, naming the field', async () => {
    const tfs = await tracefs({ instance: 'typed_ftrace_live_text' })
    try {
      const unknown = await tfs.setFilter('sched', 'sched_switch', 'prev_pidd > 3').catch((e: unknown) => e)
      expect(unknown).toBeInstanceOf(FilterError)
      expect(unknown).toMatchObject({ code: 'ENODEV', field: 'prev_pidd' })
      expect((unknown as Error).message).toBe(
        "field 'prev_pidd' is not in sched/sched_switch; did you mean 'prev_pid', 'prev_prio'?",
      )
      const glob = await tfs
        .setFilter('sched', 'sched_switch', 'next_comm ~ "k*" || prev_prio ~ "1*"')
        .catch((e: unknown) => e)
      expect(glob).toMatchObject({ code: 'EINVAL', field: 'prev_prio' })
      const ordered = await tfs.setFilter('sched', 'sched_switch', 'next_comm > "a"').catch((e: unknown) => e)
      expect(ordered).toMatchObject({ code: 'EINVAL', field: 'next_comm' })
      expect(await tfs.getFilter('sched', 'sched_switch')).toBeUndefined() // nothing was written
      // Names every event has pass to the kernel, which takes them.
      await tfs.setFilter('sched', 'sched_switch', 'common_cpu == 0 && CPU < 64 && comm ~ "s*"')
      expect(await tfs.getFilter('sched', 'sched_switch')).toBe('common_cpu == 0 && CPU < 64 && comm ~ "s*"')
      // Text this check cannot read goes to the kernel, whose parse error is the report.
      const syntax = await tfs.setFilter('sched', 'sched_switch', 'prev_pid >< 3').catch((e: unknown) => e)
      expect(syntax).toBeInstanceOf(TracefsError)
      // A typed expression on a field the event lacks does not compile; forced through, it is the same error.
      const typed = await tfs
        // @ts-expect-error 'prev_pidd' is not a field of sched.sched_switch
        .setFilter('sched', 'sched_switch', (f) => f.gt('prev_pidd', 3))
        .catch((e: unknown) => e)
      expect(typed).toMatchObject({ code: 'ENODEV' })
      await tfs.setFilter('sched', 'sched_switch', '0')
    } finally {
      await tfs.removeInstance()
    }
  })
})
