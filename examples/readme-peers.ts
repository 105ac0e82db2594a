import { openTrace, pair, samplePath, session } from 'typed-ftrace'

// A host and a QEMU guest (Debian's 6.1 kernel) traced in one trace-cmd session (record -A),
// each in its own file.
const host = await openTrace(samplePath('qemu-host.dat'))
const guest = await openTrace(samplePath('qemu-guest.dat'))
console.log(`host trace id ${host.traceId}, guest trace id ${guest.traceId}`)

const map = host.guestCpuMap(guest.traceId) // { name, traceId, vcpuCount, cpuPid }
if (map) {
  const threads = map.cpuPid.map((pid, vcpu) => `vCPU ${vcpu} -> ${pid < 0 ? 'unmapped' : `host thread ${pid}`}`)
  console.log(`guest '${map.name}' has ${map.vcpuCount} vCPUs: ${threads.join(', ')}`)
  // This guest was reached through trace-cmd's network agent, which cannot see QEMU's vCPU threads,
  // so trace-cmd wrote -1 for each; over vsock it writes the host thread that runs each vCPU.
}

console.log(`pairing: ${pair(guest, host)}`) // 'paired': the files belong together, guest times are now host times
for (const r of session(host).guest(guest).records()) {
  // host and guest merged in host time; r.hostThread: the host thread running r's vCPU, when mapped
  if (r.name !== 'print') continue
  const where = r.hostThread === undefined ? `CPU ${r.cpu}` : `vCPU ${r.cpu} on host thread ${r.hostThread}`
  console.log(`${r.peer.name.padEnd(9)} ${r.ts} ns  ${where}: ${String(r.field('buf')).trim()}`)
}
