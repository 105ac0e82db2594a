import { describe, expect, it } from 'vitest'

// Records are typed by the registered kernel: is() narrows `fields` to the event's own field
// value types. Checked with the native compiler against the package's build (`npm run build`).
describe('typed records', () => {
  it('is() narrows fields to the event; wrong events and fields are compile errors', async () => {
    // @ts-expect-error plain JavaScript helper
    const { typecheckErrors } = (await import('../../bench/lib/tsc-diagnostics.mjs')) as {
      typecheckErrors: (name: string, files: Record<string, string>) => { line: number; message: string }[]
    }
    const source = [
      "import { openTrace } from 'typed-ftrace'", // 1
      "import 'typed-ftrace/kernels/linux-6.18'",
      "const trace = await openTrace('trace.dat')",
      'for (const r of trace.records()) {',
      "  if (r.is('sched', 'sched_switch')) {", // 5
      '    const pid: number = r.fields.next_pid',
      '    const comm: string = r.fields.prev_comm',
      "    const event: 'sched_switch' = r.name",
      '    void [pid, comm, event]',
      '    void r.fields.not_a_field', // 10: error
      '  }',
      "  if (r.is('sched', 'sched_process_exec')) { const f: string = r.fields.filename; void f }",
      "  if (r.is('raw_syscalls', 'sys_enter')) { const args: bigint[] = r.fields.args; void args }",
      "  r.is('sched', 'not_an_event')", // 14: error
      '}',
      'for (const r of trace.records()) {', // before any is(): every field reads as unknown
      '  const ts: bigint = r.ts',
      '  const anything: unknown = r.fields.whatever',
      '  void [ts, anything, r.cpu, r.pid, r.comm, r.missedEvents]',
      '}',
      "trace.iterate((r) => { if (r.is('irq', 'irq_handler_entry')) { const irq: number = r.fields.irq; void irq } })",
      '',
    ].join('\n')
    const errors = typecheckErrors('typed-records', { 'use.ts': source })
    expect(errors.map((e) => e.line)).toEqual([10, 14])
    expect(errors[0]!.message).toMatch(/not_a_field/)
    expect(errors[1]!.message).toMatch(/not_an_event/)
  }, 120_000)
})
