import { expectAssignable, expectNotAssignable, expectType } from 'tsd'
import type { CapabilitiesOf, KernelCapabilities, RegisteredCapabilities } from '../dist/src/index.js'
import { capabilities, schema } from '../dist/types/linux-6.1.js'
import type { Capabilities } from '../dist/types/linux-6.1.js'

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
