import { describe, expect, it } from 'vitest'
// @ts-expect-error plain JavaScript benchmark module
import { CASES, completionService, LIVE_CASES, livePrefix } from '../../bench/completions.mjs'

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

// Completions follow the kernel of the typings: 6.1's README names the stack 'stacktrace', a hist
// key alone, so common_stacktrace is offered nowhere; 6.12 has it as a key and a value.
describe('completions follow the kernel of the typings', () => {
  const chain = "s.start('sched', 'sched_waking').end('sched', 'sched_switch')"
  const names = (service: { complete(code: string): { names: string[] } }, code: string) =>
    [...service.complete(code).names].sort()

  it('6.1: no common_stacktrace at .match(, .startField( or .save(', () => {
    const service = completionService({ kernel: 'linux-6.1' })
    const match = names(service, `${chain}.match('`)
    expect(match).toContain('pid')
    expect(match).not.toContain('common_stacktrace')
    expect(match.filter((n) => n.startsWith('common_timestamp'))).toEqual([])
    const copied = names(service, `${chain}.match('pid', 'next_pid').startField('`)
    expect(copied).toContain('common_timestamp')
    expect(copied).not.toContain('common_stacktrace')
    const saved = names(service, `${chain}.match('pid', 'next_pid').delta().onMax('delta').save('`)
    expect(saved).toContain('prev_comm')
    expect(saved).not.toContain('common_stacktrace')
  }, 60_000)

  it('6.12: common_stacktrace at .match( and .startField(', () => {
    const service = completionService({ kernel: 'linux-6.12' })
    expect(names(service, `${chain}.match('`)).toContain('common_stacktrace')
    expect(names(service, `${chain}.match('pid', 'next_pid').startField('`)).toContain('common_stacktrace')
  }, 60_000)
})

// The live backend's event methods complete like the builder: systems, then the events of the
// chosen system, then in a typed filter the fields its operator takes.
describe('completions of the live backend', () => {
  const service = completionService({ prefix: livePrefix() })
  const at = (label: string): string[] => [...service.complete(LIVE_CASES[label]).names].sort()

  it("at .enable(' and .records(': the kernel's systems", () => {
    const systems = at("enable('")
    expect(systems.length).toBeGreaterThan(90)
    expect(systems).toContain('sched')
    expect(systems).toContain('raw_syscalls')
    expect(at("records('")).toEqual(systems)
  }, 60_000)

  it("at .enable('sched', ' and .records('sched', ': the events of sched", () => {
    const events = at("enable('sched', '")
    expect(events).toHaveLength(26)
    expect(events.every((n) => n.startsWith('sched_'))).toBe(true)
    expect(at("records('sched', '")).toEqual(events)
  }, 60_000)

  it("in setFilter's typed filter: the fields each operator takes", () => {
    expect(at("setFilter(…, f.gt('")).toEqual(
      [
        'common_flags',
        'common_pid',
        'common_preempt_count',
        'common_timestamp',
        'common_timestamp.usecs',
        'common_type',
        'next_pid',
        'next_prio',
        'prev_pid',
        'prev_prio',
        'prev_state',
      ].sort(),
    )
    expect(at("setFilter(…, f.glob('")).toEqual(['next_comm', 'prev_comm'])
  }, 60_000)

  it('offers only names at every string position, never an error text', () => {
    for (const [label, code] of Object.entries(LIVE_CASES as Record<string, string>)) {
      const names: string[] = service.complete(code).names
      expect(names.length, label).toBeGreaterThan(0)
      expect(
        names.filter((n) => !/^[\w.-]+$/.test(n)),
        label,
      ).toEqual([])
    }
  }, 120_000)
})
