import { expectAssignable, expectError, expectNotAssignable } from 'tsd'
import type { RecordEvent, RecordOptions, Tracefs } from '../dist/src/index.js'
import type { Kernel } from '../dist/types/linux-6.1.js'

// Events to record are [system, event] of the kernel's typings: systems and the events of the
// chosen system complete, a misspelt one does not compile.
expectAssignable<RecordEvent<Kernel>>(['sched', 'sched_switch'] as const)
expectAssignable<RecordEvent<Kernel>>(['irq', 'irq_handler_entry'] as const)
expectNotAssignable<RecordEvent<Kernel>>(['sched', 'sched_swtich'] as const)
expectNotAssignable<RecordEvent<Kernel>>(['irq', 'sched_switch'] as const)
expectNotAssignable<RecordEvent<Kernel>>(['no_such_system', 'x'] as const)

declare const tfs: Tracefs
tfs.record<Kernel>({
  events: [
    ['sched', 'sched_switch'],
    ['sched', 'sched_waking'],
  ],
  output: 't.dat',
  duration: 10,
})
tfs.record<Kernel>({
  events: [['sched', 'sched_switch']],
  instances: [{ name: 'lat', events: [['sched', 'sched_wakeup']] }],
  output: 't.dat',
  version: 6,
  compression: 'none',
  command: ['sleep', '1'],
})
expectError(tfs.record<Kernel>({ events: [['sched', 'sched_swtich']], output: 't.dat', duration: 10 }))
expectError(tfs.record<Kernel>({ events: [['sched', 'sched_switch']], output: 't.dat', version: 8 }))
expectError(tfs.record<Kernel>({ events: [['sched', 'sched_switch']], output: 't.dat', compression: 'zlib' }))

// Without typings any names are taken (checked against tracefs at run time).
const untyped: RecordOptions<{ readonly [system: string]: { readonly [event: string]: unknown } }> = {
  events: [['anything', 'goes']],
  output: 't.dat',
}
void untyped

// Without a type argument: the registered kernel (any names when none is registered); the
// options never change which kernel is checked against.
tfs.record({ events: [['sched', 'sched_switch']], output: 't.dat', duration: 10 })
