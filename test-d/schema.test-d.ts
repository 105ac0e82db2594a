import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd'
import type { Field, KernelRegistrationProblem, RegisteredKernel } from '../dist/src/index.js'
import { samplePath } from '../dist/src/index.js'
import type { SampleName } from '../dist/src/index.js'
import type { Kernel, Sched } from '../dist/types/linux-6.1.js'

// Systems, events and fields are literal unions: what editors offer as completions.
expectAssignable<keyof Kernel>('sched')
expectAssignable<keyof Kernel>('raw_syscalls')
expectNotAssignable<keyof Kernel>('shed')
expectAssignable<keyof Kernel['sched']>('sched_waking')
expectNotAssignable<keyof Kernel['sched']>('sched_wakin')
expectType<
  | 'common_type'
  | 'common_flags'
  | 'common_preempt_count'
  | 'common_pid'
  | 'prev_comm'
  | 'prev_pid'
  | 'prev_prio'
  | 'prev_state'
  | 'next_comm'
  | 'next_pid'
  | 'next_prio'
>(null as unknown as keyof Sched['sched_switch'])

// Each field carries its C type, size, signedness, libtraceevent flags and value type.
expectType<Field<'pid_t', 4, true, 'signed', number>>(null as unknown as Sched['sched_switch']['next_pid'])
expectType<Field<'char[16]', 16, true, 'array|signed|string', string>>(
  null as unknown as Sched['sched_switch']['next_comm'],
)
expectType<Field<'long', 8, true, 'signed|long|flag', bigint>>(null as unknown as Sched['sched_switch']['prev_state'])
expectType<Field<'__data_loc char[]', 4, true, 'array|signed|string|dynamic', string>>(
  null as unknown as Sched['sched_process_exec']['filename'],
)
expectType<bigint[]>(null as unknown as Kernel['raw_syscalls']['sys_enter']['args']['value'])

// Importing the generated module registers its kernel as the default schema (one kernel: no problem).
expectType<Kernel>(null as unknown as RegisteredKernel)
expectType<never>(null as unknown as KernelRegistrationProblem)

// The shipped samples: the names are the type, anything else does not compile.
expectType<string>(samplePath('v7-zstd.dat'))
expectError(samplePath('v7.dat'))
expectType<
  | 'v7-zstd.dat'
  | 'qemu-host.dat'
  | 'qemu-guest.dat'
  | 'net7-host.dat'
  | 'net7-guest.dat'
  | 'wakeup-6.1.jsonl'
  | 'linux-6.1-formats.tar.gz'
>(null as unknown as SampleName)
