import { openTrace, pair, session } from 'typed-ftrace'

// A host and a QEMU guest traced in one trace-cmd session (record -A), each in its own file.
const host = await openTrace('test/fixtures/peer/qemu-host.dat')
const guest = await openTrace('test/fixtures/peer/qemu-guest.dat')
console.log(host.traceId, guest.traceId)
console.log(host.guestCpuMap(guest.traceId)) // { name, traceId, vcpuCount: 2, cpuPid: [-1, -1] }: a network agent maps no vCPU

console.log(pair(guest, host)) // 'paired': the files belong together, guest times are now host times
for (const r of session(host).guest(guest).records()) {
  // host and guest merged in host time; r.hostThread: the host thread running r's vCPU, when mapped
  if (r.name === 'print') console.log(r.peer.name.padEnd(9), r.ts, r.cpu, r.hostThread, String(r.field('buf')).trim())
}
