import { describe, expect, it } from 'vitest'
import { checkFilterText, FilterError } from '../../src/index.js'
import { schema } from '../../types/linux-6.1.js'

// Filter text checked against an event's format before tracefs gets it: the fields and the
// operators their types take; the rest (syntax, modifiers, values) is the kernel's.
describe('checkFilterText', () => {
  const sw = schema.get('sched', 'sched_switch')
  const refusal = (text: string): unknown => {
    try {
      checkFilterText(sw, text)
    } catch (error) {
      return error
    }
    return undefined
  }

  it('takes the event`s fields, the common ones and the names every event has', () => {
    for (const text of [
      '',
      'prev_pid > 3 && next_comm ~ "k*"',
      '!(prev_state & 1) || common_pid == 1',
      'CPU == 0 && cpu < 4 && common_cpu != 1',
      'comm == "bash" && COMM ~ "s*"',
      'common_timestamp > 0',
    ])
      expect(refusal(text), text).toBeUndefined()
    expect(() => checkFilterText(schema.get('kmem', 'kfree'), 'call_site.function == kfree')).not.toThrow()
  })

  it('names a field the event does not have (ENODEV), with the close ones', () => {
    const error = refusal('prev_pid > 3 && nxt_comm == "x"')
    expect(error).toBeInstanceOf(FilterError)
    expect(error).toMatchObject({ code: 'ENODEV', field: 'nxt_comm' })
    expect((error as Error).message).toBe("field 'nxt_comm' is not in sched/sched_switch; did you mean 'next_comm'?")
    expect(refusal('bogus.function == 1')).toMatchObject({ code: 'ENODEV', field: 'bogus.function' })
  })

  it('refuses an operator the field`s type does not take (EINVAL)', () => {
    expect(refusal('prev_pid ~ "1*"')).toMatchObject({
      code: 'EINVAL',
      field: 'prev_pid',
      message: "filter of sched/sched_switch: '~' needs a string field; 'prev_pid' is pid_t",
    })
    expect(refusal('next_comm >= "a"')).toMatchObject({
      code: 'EINVAL',
      field: 'next_comm',
      message: "filter of sched/sched_switch: '>=' cannot compare the string field 'next_comm' (use ==, != or ~)",
    })
  })

  it('leaves text it cannot split to the kernel', () => {
    expect(refusal('prev_pid >< 3')).toBeUndefined()
    expect(refusal('nosuch == (')).toBeUndefined()
  })
})
