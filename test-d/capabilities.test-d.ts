import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd'
import { STACKTRACE, synth, withSchema } from '../dist/src/index.js'
import type {
  SynthFields,
  CapabilitiesOf,
  KernelCapabilities,
  RegisteredCapabilities,
  StackOf,
  TypedSchema,
} from '../dist/src/index.js'
import { capabilities, schema } from '../dist/types/linux-6.1.js'
import type { Capabilities, EventSystems, Kernel } from '../dist/types/linux-6.1.js'

// A generated module carries its kernel's capabilities as literal types...
expectType<'stacktrace'>(capabilities.stacktraceName)
expectType<false>(capabilities.nohitcount)
expectType<true>(capabilities.traceAction)
expectType<false>(capabilities.probes.fprobe)
expectType<true>(capabilities.modifiers.percent)
expectType<'6.1.0-56-amd64'>(capabilities.release)
// ...on its schema, and as the registered kernel's capabilities.
expectAssignable<Capabilities>(schema.capabilities)
expectType<false>(schema.capabilities.nohitcount)
expectType<false>(null as unknown as CapabilitiesOf<typeof schema>['stacktraceVariables'])
expectType<Capabilities>(null as unknown as RegisteredCapabilities)
// They are KernelCapabilities; other kernels' values are not this kernel's.
expectAssignable<KernelCapabilities>(capabilities)
expectNotAssignable<Capabilities>({ ...capabilities, nohitcount: true })

// Rules follow the registered kernel's capabilities. The 6.1 typings: its README names the stack
// 'stacktrace', a hist key only, so common_stacktrace is no key, copied field or saved field here.

const wake = synth('lat').start('sched', 'sched_waking').end('sched', 'sched_switch').match('pid', 'next_pid')
expectType<never>(null as unknown as StackOf<Capabilities>)
expectError(wake.startField(STACKTRACE, 'st'))
expectError(wake.endField(STACKTRACE, 'st'))
expectError(wake.match(STACKTRACE, STACKTRACE, null))
expectError(wake.delta().onMax('delta').save(STACKTRACE))
expectError(wake.delta().onMax('delta').save('prev_pid', STACKTRACE))
// What 6.1 takes still compiles.
wake.startField('prio').delta().onMax('delta').save('prev_pid', 'next_comm')

// A kernel whose README shows the stack as a value (6.12's capabilities) takes it in each place.
type StackCaps = Omit<Capabilities, 'stacktraceName' | 'stacktraceVariables' | 'stacktraceSynthFields'> & {
  readonly stacktraceName: 'common_stacktrace'
  readonly stacktraceVariables: true
  readonly stacktraceSynthFields: true
}
declare const withStack: TypedSchema<Kernel, EventSystems, StackCaps>
expectType<'common_stacktrace'>(null as unknown as StackOf<StackCaps>)
const wake612 = withSchema(withStack)
  .synth('lat')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
const withStart = wake612.startField(STACKTRACE, 'st')
expectType<{ pid: number; st: bigint[] }>({} as SynthFields<typeof withStart>)
const withEnd = wake612.endField(STACKTRACE, 'st')
expectType<{ pid: number; st: bigint[] }>({} as SynthFields<typeof withEnd>)
wake612.match(STACKTRACE, STACKTRACE, null).delta()
wake612.delta().onMax('delta').save('prev_pid', STACKTRACE)
// Without capabilities (a schema nothing was read from) nothing is refused for them.
expectType<'common_stacktrace'>(null as unknown as StackOf<KernelCapabilities>)
