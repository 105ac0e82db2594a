import { openTrace } from 'typed-ftrace'

const trace = await openTrace('test/fixtures/tracedat/v7-zstd.dat') // or a Buffer/Uint8Array
console.log(trace.version, trace.compression, trace.cpuCount, trace.clock, trace.uname)
for (const r of trace.records()) {
  // merged across CPUs in time order; fields decode on first use
  if (r.system === 'sched' && r.name === 'sched_switch') {
    console.log(r.ts, r.cpu, r.comm, r.field('prev_comm'), '->', r.field('next_comm'))
    break
  }
}
