import { basename } from 'node:path'
import { hex, pairingProblems } from '../../peer/checks.js'
import { openTrace } from '../../tracedat/open-trace.js'
import type { TraceFile } from '../../tracedat/trace-file.js'
import { defineCommand } from '../command.js'
import type { Command } from '../command.js'
import { ExitCode, oneLine } from '../failure.js'
import { traceInput } from '../files.js'

export const peersCommand: Command = defineCommand({
  name: 'peers',
  summary: "show a host/guest session's trace ids, guests, vCPU maps and time-shift samples",
  synopsis: ['peers HOST.dat [GUEST.dat...] [--format text|json]'],
  positionals: [
    ['HOST.dat', "the host's trace.dat file"],
    ['GUEST.dat', 'trace.dat files of its guests'],
  ],
  arity: [1, Infinity],
  options: {
    format: { type: 'string', choices: ['text', 'json'], default: 'text', help: 'text, or one JSON document' },
  },
  notes: `Prints each file's trace id, the guests the host file names with their vCPU -> host
thread maps (-1: not mapped, as for network agents), each guest file's time-shift
samples per vCPU (time, offset, scaling, fraction bits; interpolated or stepped), and
whether each guest pairs with the host (and why not). Exits 1 when a guest does not pair.`,
  async run({ values, positionals }, io) {
    const traces = await Promise.all(positionals.map((f) => openTrace<unknown>(traceInput(f))))
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
    const unpaired = report.guests.filter((g) => g.pairing.length > 0)
    const verdict = () => {
      if (unpaired.length === 0) return ExitCode.OK
      io.stderr(
        `typed-ftrace peers: ${unpaired.length} of ${report.guests.length} guest file${report.guests.length === 1 ? '' : 's'} do${unpaired.length === 1 ? 'es' : ''} not pair with ${report.host.file} (${unpaired.map((g) => `${g.file}: ${g.pairing[0]!.problem}`).join(', ')})\n`,
      )
      return ExitCode.NEGATIVE
    }
    if (values.format === 'json') {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`)
      return verdict()
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
    // Names come from the files: shown escaped, one line each.
    io.stdout(`${lines.map((l) => oneLine(l, 100_000)).join('\n')}\n`)
    return verdict()
  },
})

const idText = (id: bigint): string => (id === 0n ? 'none' : hex(id))
