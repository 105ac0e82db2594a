import { expectError, expectType } from 'tsd'
import { hist, histTriggerText, synth } from '../dist/src/index.js'
import type { HistDefinition, HistResult, HistRow, ParsedHist, StartHist } from '../dist/src/index.js'
import type { Kernel } from '../dist/types/linux-6.1.js'
import '../dist/types/linux-6.1.js'

declare const kernel: Kernel // the registered kernel (6.1)
void kernel

// The event form: keys, values and sort fields are the event's fields.
const sw = hist('sched', 'sched_switch')
  .keys('next_pid', 'prev_state')
  .values('prev_prio')
  .sort('hitcount.descending')
  .size(4096)
  .name('sw')
expectType<HistDefinition>(sw.definition)
expectType<string>(histTriggerText(sw.definition))

// 1, 2 and 3 keys, with the kernel's modifiers.
hist('sched', 'sched_switch').keys('next_pid.log2')
hist('sched', 'sched_switch').keys('prev_prio.buckets=10', 'next_comm')
hist('sched', 'sched_switch').keys('common_pid.execname', 'next_pid.hex', 'prev_state.sym')
hist('sched', 'sched_switch').keys('prev_state.sym-offset')
hist('raw_syscalls', 'sys_enter').keys('id.syscall')
hist('sched', 'sched_switch').keys('common_timestamp.usecs')
// Values: sums, `.hex`, and `.percent`/`.graph` (6.1's README lists them).
hist('sched', 'sched_switch').keys('next_pid').values('prev_prio.hex', 'hitcount.percent')
hist('sched', 'sched_switch').keys('next_pid').values('prev_prio.graph')
// Sort fields: hitcount, keys (bare or as written) and values, with a direction.
hist('sched', 'sched_switch').keys('next_pid.log2').values('prev_prio').sort('next_pid', 'prev_prio.descending')
// A typed filter on the event's fields.
hist('sched', 'sched_switch')
  .keys('next_pid')
  .filter((f) => f.lt('next_prio', 100).and(f.glob('next_comm', 'bash*')))

// What must not compile.
expectError(hist('sched', 'sched_swich'))
expectError(hist('sched', 'sched_switch').keys('next_pidd'))
expectError(hist('sched', 'sched_switch').keys('next_comm.log2'))
expectError(hist('sched', 'sched_switch').keys('next_pid.log3'))
expectError(hist('sched', 'sched_switch').keys('next_pid').values('next_comm'))
expectError(hist('sched', 'sched_switch').keys('next_pid').values('prev_prio.log2'))
expectError(hist('sched', 'sched_switch').keys('next_pid').sort('prev_prio'))
expectError(hist('sched', 'sched_switch').keys('next_pid').sort('hitcount', 'next_pid', 'hitcount'))
expectError(
  hist('sched', 'sched_switch')
    .keys('next_pid')
    .filter((f) => f.glob('next_pid', 'x*')),
)
expectError(
  hist('sched', 'sched_switch')
    .keys('next_pid')
    .filter((f) => f.lt('nex_prio', 1)),
)

// Computed offline over recorded events: the same typed rows.
declare const records: { readonly fields: object }[]
expectType<HistRow<{ readonly next_pid: number; readonly prev_state: bigint }, { readonly prev_prio: bigint }>[]>(
  sw.over(records).rows(),
)
expectType<HistResult<{ readonly next_pid: number }, {}>>(
  hist('sched', 'sched_switch').keys('next_pid').over(records).result(),
)

// Live: the handle reads the kernel's table with the same types.
declare const tfs: import('../dist/src/index.js').Tracefs
const live = await tfs.create(sw)
expectType<HistResult<{ readonly next_pid: number; readonly prev_state: bigint }, { readonly prev_prio: bigint }>>(
  await live.read(),
)
expectType<Promise<void>>(live.pause())
expectType<Promise<void>>(live.continue())
expectType<Promise<void>>(live.clear())
expectType<Promise<boolean>>(live.destroy())

// A synth's start side as a hist (tracefs_synth_get_start_hist): created live, read untyped.
const startSide = synth('wl')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta()
  .startHist()
expectType<StartHist>(startSide)
expectType<ParsedHist>(await (await tfs.create(startSide)).read())

// tracefs_synth_get_name / _get_event.
const named = synth('wakeup_lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta()
expectType<'wakeup_lat'>(named.name)
expectType<string>(named.event.name)
