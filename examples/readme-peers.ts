import { openTrace, session } from 'typed-ftrace'

// A host and a guest traced in one trace-cmd session (record -A), each in its own file.
const host = await openTrace('test/fixtures/peer/net7-host.dat')
const guest = await openTrace('test/fixtures/peer/net7-guest.dat')
console.log(host.traceId, guest.traceId) // 0n: this host recorded only an instance (-B), so no TRACEID
console.log(host.guestCpuMap(guest.traceId)) // { name, traceId, vcpuCount: 2, cpuPid: [-1, -1] }: a network agent maps no vCPU

// The guest's time stamps move into host time; 'guest-list' accepts a host without a trace id.
const both = session(host).guest(guest, { check: 'guest-list' })
for (const r of both.records()) {
  // host and guest merged in host time; r.hostThread: the host thread running r's vCPU, when mapped
  if (r.name === 'print') console.log(r.peer.name.padEnd(9), r.ts, r.cpu, r.hostThread, String(r.field('buf')).trim())
}
