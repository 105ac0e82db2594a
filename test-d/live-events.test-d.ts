import { expectError, expectType } from 'tsd'
import { tracefs } from '../dist/src/index.js'
import type { AnyKernel, LiveRecordBase, Schema, TraceRecord, Tracefs } from '../dist/src/index.js'
import { schema } from '../dist/types/linux-6.1.js'
import type { Kernel } from '../dist/types/linux-6.1.js'

// The program registers 6.1 (live-hist.test-d.ts imports it): tracefs() is typed by it.
const tfs = await tracefs()
expectType<Tracefs<Kernel>>(tfs)
expectType<Tracefs<Kernel>>(await tracefs({ instance: 'lat' }))

// Systems and events are the kernel's, as the synth builder's start(system, event) takes them.
expectType<Promise<void>>(tfs.enable('sched', 'sched_switch'))
expectType<Promise<void>>(tfs.disable('irq', 'irq_handler_entry'))
expectType<Promise<string | undefined>>(tfs.getFilter('sched', 'sched_waking'))
await tfs.triggers('sched', 'sched_switch')

// setFilter: the builder's typed filter expression over the event's fields, or text.
await tfs.setFilter('sched', 'sched_switch', (f) => f.gt('prev_prio', 100))
await tfs.setFilter('sched', 'sched_switch', (f) => f.glob('next_comm', 'bash*').or(f.not(f.eq('next_pid', 1n))))
await tfs.setFilter('sched', 'sched_waking', (f) => f.mask('target_cpu', 1).and(f.le('prio', 120)))
await tfs.setFilter('sched', 'sched_switch', 'prev_prio > 100 && next_comm ~ "bash*"')
await tfs.setFilter('sched', 'sched_switch', '')

// records(system, event): the event's own fields with their decoded values, then ts, cpu,
// common_pid and the record; the common_* fields are not members.
for await (const r of tfs.records('sched', 'sched_switch')) {
  expectType<string>(r.prev_comm)
  expectType<number>(r.prev_pid)
  expectType<bigint>(r.prev_state)
  expectType<number>(r.next_prio)
  expectType<bigint>(r.ts)
  expectType<number>(r.cpu)
  expectType<number>(r.common_pid)
  expectType<TraceRecord>(r.record)
  expectError(r.common_type)
  expectError(r.next_pidd)
}
for await (const r of tfs.records('raw_syscalls', 'sys_enter', { follow: true, pollMs: 50 })) {
  expectType<bigint>(r.id)
  expectType<bigint[]>(r.args)
}
for await (const r of tfs.records('sched', 'sched_process_exec')) expectType<string>(r.filename)
// The object form reads any event, untyped, as before.
for await (const r of tfs.records({ system: 'sched', event: 'sched_switch' })) {
  expectType<unknown>(r.next_pid)
  expectType<bigint>(r.ts)
}

// What must not compile: a misspelt system or event, an event of another system, a field the
// event lacks, an operator or a value its type does not take.
expectError(tfs.enable('schd', 'sched_switch'))
expectError(tfs.enable('sched', 'sched_swich'))
expectError(tfs.enable('irq', 'sched_switch'))
expectError(tfs.disable('sched', 'sched_swich'))
expectError(tfs.getFilter('sched', 'sched_swich'))
expectError(tfs.triggers('shed', 'sched_switch'))
expectError(tfs.records('sched', 'sched_swich'))
expectError(tfs.setFilter('sched', 'sched_swich', ''))
expectError(tfs.setFilter('sched', 'sched_switch', (f) => f.gt('prev_pidd', 1)))
expectError(tfs.setFilter('sched', 'sched_switch', (f) => f.glob('prev_pid', 'x*')))
expectError(tfs.setFilter('sched', 'sched_switch', (f) => f.lt('next_comm', 'a')))
expectError(tfs.setFilter('sched', 'sched_switch', (f) => f.eq('next_comm', 1)))
expectError(tfs.setFilter('sched', 'sched_switch', (f) => f.eq('next_pid', 'one')))
expectError(tfs.setFilter('sched', 'sched_switch', 42))

// An explicit schema: a generated module's keeps its kernel; any runtime Schema checks nothing
// at compile time (its names are checked against the running kernel).
expectType<Tracefs<Kernel>>(await tracefs({ schema }))
declare const runtimeOnly: Schema
const untyped = await tracefs({ schema: runtimeOnly })
expectType<Tracefs<AnyKernel>>(untyped)
await untyped.enable('anything', 'goes')
await untyped.setFilter('anything', 'goes', (f) => f.eq('whatever', 1))
for await (const r of untyped.records('anything', 'goes')) {
  expectType<unknown>(r.whatever)
  expectType<LiveRecordBase['ts']>(r.ts)
}

// record() checks its events against the handle's kernel too.
declare const on61: Tracefs<Kernel>
on61.record({ events: [['sched', 'sched_switch']], output: 't.dat', duration: 10 })
expectError(on61.record({ events: [['sched', 'sched_swich']], output: 't.dat', duration: 10 }))
untyped.record({ events: [['anything', 'goes']], output: 't.dat', duration: 10 })
