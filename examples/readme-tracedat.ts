import { openTrace } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1' // types records by the kernel's events

const trace = await openTrace('test/fixtures/tracedat/v7-zstd.dat') // or a Buffer/Uint8Array
console.log(trace.version, trace.compression, trace.cpuCount, trace.clock, trace.uname)
for (const r of trace.records()) {
  // merged across CPUs in time order; fields decode on first use
  if (r.is('sched', 'sched_switch')) {
    // r.fields is { prev_comm: string; prev_pid: number; ...; next_pid: number } here
    console.log(r.ts, r.cpu, r.comm, r.fields.prev_comm, '->', r.fields.next_comm, r.fields.next_pid)
    break
  }
}
