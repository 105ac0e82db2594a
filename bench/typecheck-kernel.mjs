// Type-check cost of importing the full Linux 6.18 typings (2,323 events) and
// using a few of its types, with the native compiler single-threaded.
// Run after `npm run build`: node bench/typecheck-kernel.mjs
import { printFigures, typecheck } from './lib/tsc-diagnostics.mjs'

const use = `
import type { Kernel } from 'typed-ftrace/kernels/linux-6.18'
import type { RegisteredKernel } from 'typed-ftrace'
type Switch = Kernel['sched']['sched_switch']
export const pid: Switch['next_pid']['value'] = 1
export const comm: Switch['next_comm']['value'] = 'bash'
export type Systems = keyof Kernel
export type Registered = RegisteredKernel['sched']['sched_waking']['pid']['value']
`
const baseline = typecheck('kernel-baseline', { 'use.ts': 'export const pid: number = 1\n' })
for (const skipLibCheck of [true, false]) {
  const figures = typecheck(`kernel-6.18-${skipLibCheck ? 'skip' : 'full'}`, { 'use.ts': use }, { skipLibCheck })
  printFigures(`import typed-ftrace/kernels/linux-6.18 (skipLibCheck: ${skipLibCheck})`, {
    types: figures.types - baseline.types,
    instantiations: figures.instantiations - baseline.instantiations,
    checkTime: `${figures.checkTime.toFixed(3)} s`,
    totalTime: `${figures.totalTime.toFixed(3)} s`,
    memory: `${Math.round(figures.memoryKiB / 1024)} MiB`,
  })
}
console.log('\n(types and instantiations are net of an empty project)')
