/**
 * Loads the shipped Linux 6.1 schema and prints a summary of it: how many
 * systems and events it has, and the fields of `sched/sched_waking`.
 */
import { flagNames, registeredSchema } from '../src/index.js'
import '../types/linux-6.1.js'

export function kernelSummary(): string {
  const schema = registeredSchema()!
  const lines = [`Linux ${schema.kernelRelease}: ${schema.systems.length} systems, ${schema.size} events`]
  const waking = schema.get('sched', 'sched_waking')
  lines.push(`sched/sched_waking (ID ${waking.id}):`)
  for (const f of waking.fields) {
    const flags = flagNames(f.flags)
    lines.push(
      `  ${f.name.padEnd(22)} ${f.cType.padEnd(16)} ${String(f.size).padStart(2)} bytes  ${f.value.padEnd(8)}${flags ? ` [${flags}]` : ''}`,
    )
  }
  return lines.join('\n')
}
