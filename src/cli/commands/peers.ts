import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { hex, pairingProblems } from '../../peer/checks.js'
import { openTrace } from '../../tracedat/open-trace.js'
import type { TraceFile } from '../../tracedat/trace-file.js'
import type { Command } from '../command.js'

export const peersCommand: Command = {
  name: 'peers',
  summary: "show a host/guest session's trace ids, guests, vCPU maps and time-shift samples",
  usage: `Usage: typed-ftrace peers HOST.dat [GUEST.dat...] [--format text|json]

Prints each file's trace id, the guests the host file names with their vCPU -> host
thread maps (-1: not mapped, as for network agents), each guest file's time-shift
samples per vCPU (time, offset, scaling, fraction bits; interpolated or stepped), and
whether each guest pairs with the host (and why not).
`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { format: { type: 'string', default: 'text' } },
      allowPositionals: true,
      strict: true,
    })
    if (positionals.length < 1 || (values.format !== 'text' && values.format !== 'json')) {
      io.stderr(this.usage)
      return 2
    }
    const traces = await Promise.all(positionals.map((f) => openTrace<unknown>(f)))
    const [host, ...guests] = traces as [TraceFile<unknown>, ...TraceFile<unknown>[]]
    const report = {
      host: {
        file: basename(host.name),
        traceId: idText(host.traceId),
        guests: host
          .guests()
          .map((g) => ({ name: g.name, traceId: idText(g.traceId), vcpuCount: g.vcpuCount, cpuPid: g.cpuPid })),
      },
      guests: guests.map((g) => {
        const shift = g.options.timeShift
        return {
          file: basename(g.name),
          traceId: idText(g.traceId),
          name: host.guestCpuMap(g.traceId)?.name ?? null,
          timeShift: shift && {
            peerTraceId: idText(shift.peerTraceId),
            mode: (shift.flags & 1) !== 0 ? 'interpolate' : 'step',
            cpus: shift.cpus.map((c) =>
              c.times.map((t, i) => ({
                time: String(t),
                offset: String(c.offsets[i]),
                scaling: String(c.scalings[i]),
                fraction: String(c.fractions[i]),
              })),
            ),
          },
          pairing: pairingProblems(g, host).map((p) => ({ problem: p.problem, message: p.message })),
        }
      }),
    }
    if (values.format === 'json') {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`)
      return 0
    }
    const lines = [`${report.host.file}: host, trace id ${report.host.traceId}`]
    if (report.host.guests.length === 0) lines.push('  no guests (no GUEST option)')
    for (const g of report.host.guests) {
      const map = g.cpuPid.map((pid, vcpu) => `${vcpu}->${pid < 0 ? '?' : pid}`).join(' ')
      lines.push(
        `  guest ${g.name}: trace id ${g.traceId}, ${g.vcpuCount} vCPUs${map ? ` (vCPU->host thread: ${map})` : ''}`,
      )
    }
    for (const g of report.guests) {
      lines.push(`${g.file}: ${g.name === null ? 'not named by the host' : `guest ${g.name}`}, trace id ${g.traceId}`)
      if (!g.timeShift) lines.push('  no time-shift samples (TIME_SHIFT option)')
      else {
        lines.push(
          `  time shift against host ${g.timeShift.peerTraceId}, ${g.timeShift.mode}, ${g.timeShift.cpus.length} vCPUs`,
        )
        g.timeShift.cpus.forEach((samples, cpu) => {
          lines.push(`    vCPU ${cpu}: ${samples.length} sample${samples.length === 1 ? '' : 's'}`)
          for (const s of samples)
            lines.push(`      time ${s.time}  offset ${s.offset}  scaling ${s.scaling}  fraction ${s.fraction}`)
        })
      }
      if (g.pairing.length === 0) lines.push(`  pairs with ${report.host.file}`)
      for (const p of g.pairing) lines.push(`  does not pair (${p.problem}): ${p.message}`)
    }
    io.stdout(`${lines.join('\n')}\n`)
    return 0
  },
}

const idText = (id: bigint): string => (id === 0n ? 'none' : hex(id))
