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

  it(".match(': the start event's fields and the stack, no time stamp (a key never matched)", () => {
    expect(at("match('")).toEqual(
      ['comm', 'common_flags', 'common_pid', 'common_preempt_count', 'common_stacktrace', 'common_type', 'pid', 'prio', 'target_cpu'].sort(),
    )
  }, 60_000)

  it(".match('pid', ': the end fields that can be matched with sched_waking.pid (4 bytes, signed)", () => {
    expect(at("match('pid', '")).toEqual(['common_pid', 'next_pid', 'next_prio', 'prev_pid', 'prev_prio'])
  }, 60_000)
})
