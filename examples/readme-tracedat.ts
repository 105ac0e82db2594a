import { openTrace, samplePath } from 'typed-ftrace'
import 'typed-ftrace/kernels/linux-6.1' // types records by the kernel's events

// A sample recorded by trace-cmd on a Linux 6.18 machine. Records decode with the file's own
// formats; the registered 6.1 typings narrow r.is('sched', 'sched_switch') to that event's fields
// (sched_switch has the same fields in both kernels).
const trace = await openTrace(samplePath('v7-zstd.dat')) // or a path, a Buffer or a Uint8Array
console.log(`version ${trace.version}, ${trace.compression}, ${trace.cpuCount} CPUs, clock ${trace.clock}`)
console.log(`recorded on: ${trace.uname}`)
for (const r of trace.records()) {
  // merged across CPUs in time order; fields decode on first use
  if (r.is('sched', 'sched_switch')) {
    // r.fields is { prev_comm: string; prev_pid: number; ...; next_pid: number } here
    console.log(
      `first switch at ${r.ts} ns on CPU ${r.cpu}: ${r.fields.prev_comm} -> ${r.fields.next_comm} (pid ${r.fields.next_pid})`,
    )
    break
  }
}
