import { describe, expect, it } from 'vitest'
// @ts-expect-error plain JavaScript benchmark module
import { CASES, completionService } from '../../bench/completions.mjs'

// What an editor offers inside the builder's string arguments (the TypeScript 6
// language service over the built package and the full 6.18 typings): only
// valid names, and at a match's end field only the fields compatible with the
// start field (equal size and flags).
describe('completions of the typed builder', () => {
  const service = completionService()
  const at = (label: string): string[] => [...service.complete(CASES[label]).names].sort()

  it("at .start('sched', ': the events of sched", () => {
    const names = at("start('sched', '")
    expect(names).toHaveLength(26)
    expect(names).toContain('sched_waking')
    expect(names).toContain('sched_switch')
    expect(names.every((n) => n.startsWith('sched_'))).toBe(true)
  }, 60_000)

  it(".match(': the start event's fields and pseudo-fields", () => {
    expect(at("match('")).toEqual(
      ['comm', 'common_flags', 'common_pid', 'common_preempt_count', 'common_stacktrace', 'common_timestamp', 'common_timestamp.usecs', 'common_type', 'pid', 'prio', 'target_cpu'].sort(),
    )
  }, 60_000)

  it(".match('pid', ': the end fields that can be matched with sched_waking.pid (4 bytes, signed)", () => {
    expect(at("match('pid', '")).toEqual(['common_pid', 'next_pid', 'next_prio', 'prev_pid', 'prev_prio'])
  }, 60_000)

  // Error texts are types too (a parameter's type names the problem): none may be offered.
  it('offers only names at every string position, never an error text', () => {
    for (const [label, code] of Object.entries(CASES as Record<string, string>)) {
      const names: string[] = service.complete(code).names
      expect(names.length, label).toBeGreaterThan(0)
      expect(
        names.filter((n) => !/^[\w.=!<>&~|-]+$/.test(n)),
        label,
      ).toEqual([])
    }
  }, 120_000)

  it('the same through the registered 6.1 typings, the ftrace system included', () => {
    const registered = completionService({
      prefix: "import { synth } from 'typed-ftrace'\nimport 'typed-ftrace/kernels/linux-6.1'\nconst s = synth('lat')\n",
    })
    for (const code of ["s.start('", "s.start('ftrace', '", "s.start('sched', 'sched_waking').end('"]) {
      const names: string[] = registered.complete(code).names
      expect(names.length, code).toBeGreaterThan(0)
      expect(
        names.filter((n) => !/^[\w.-]+$/.test(n)),
        code,
      ).toEqual([])
    }
  }, 120_000)
})
