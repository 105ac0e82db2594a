// The event form of hist(): run-time checks of the definition (the same the
// types make at compile time), its immutability and its offline evaluation.
import { describe, expect, it } from 'vitest'
import { hist, histTriggerText } from '../../src/index.js'
import '../../types/linux-6.1.js'

type Loose = {
  keys(...k: string[]): Loose
  values(...v: string[]): Loose
  sort(...s: string[]): Loose
  size(n: number): Loose
  name(n: string): Loose
}
const loose = (s: string, e: string) => (hist as unknown as (s: string, e: string) => Loose)(s, e)

describe('hist(system, event)', () => {
  it('builds the trigger of the example', () => {
    const sw = hist('sched', 'sched_switch')
      .keys('next_pid', 'prev_state')
      .values('prev_prio')
      .sort('hitcount.descending')
      .size(4096)
      .name('sw')
    expect(histTriggerText(sw.definition)).toBe(
      'hist:keys=next_pid,prev_state:vals=prev_prio:sort=hitcount.descending:size=4096:name=sw',
    )
    expect(histTriggerText(sw.definition, 'pause')).toBe(
      'hist:keys=next_pid,prev_state:vals=prev_prio:sort=hitcount.descending:size=4096:pause:name=sw',
    )
    expect(histTriggerText(sw.definition, 'destroy')).toMatch(/^!hist:keys=next_pid,prev_state:/)
    expect(Object.isFrozen(sw.definition)).toBe(true)
  })

  it('is immutable: a half-built hist can be branched', () => {
    const base = hist('sched', 'sched_switch').keys('next_pid')
    const a = base.values('prev_prio')
    const b = base.filter((f) => f.gt('next_prio', 100))
    expect(histTriggerText(base.definition)).toBe('hist:keys=next_pid')
    expect(histTriggerText(a.definition)).toBe('hist:keys=next_pid:vals=prev_prio')
    expect(histTriggerText(b.definition)).toBe('hist:keys=next_pid if next_prio > 100')
  })

  it('refuses what the kernel refuses, before any write', () => {
    expect(() => loose('sched', 'sched_swich')).toThrow(/sched_switch/)
    expect(() => loose('sched', 'sched_switch').keys('next_pidd')).toThrow(
      /not in sched.sched_switch; did you mean 'next_pid'/,
    )
    expect(() => loose('sched', 'sched_switch').keys('next_comm.log2')).toThrow(/not a number/)
    // The kernel's key-size limit (384 bytes): two copied strings are refused (seen on 6.1 and 6.12),
    // two char arrays and a copied string with a stack trace are taken.
    expect(() => loose('dma_fence', 'dma_fence_wait_end').keys('driver', 'timeline')).toThrow(
      /these keys would take 512 bytes, more than the 384/,
    )
    expect(() => loose('sched', 'sched_switch').keys('prev_comm', 'next_comm', 'next_pid')).not.toThrow()
    expect(() => loose('irq', 'irq_handler_entry').keys('name', 'irq')).not.toThrow()
    expect(() => loose('sched', 'sched_switch').keys('next_pid.log3')).toThrow(/Invalid field modifier/)
    expect(() => loose('sched', 'sched_switch').keys('next_pid.buckets=0')).toThrow(/buckets=N/)
    expect(() => loose('sched', 'sched_switch').keys('next_pid.execname')).toThrow(/common_pid only/)
    expect(() => loose('sched', 'sched_switch').keys('a', 'b', 'c', 'd')).toThrow(/one to three keys/)
    expect(() => loose('sched', 'sched_switch').keys('next_pid').values('next_comm')).toThrow(/not a number/)
    expect(() => loose('sched', 'sched_switch').keys('next_pid').values('prev_prio.log2')).toThrow(/values take/)
    expect(() => loose('sched', 'sched_switch').keys('next_pid').values('prev_prio', 'next_prio', 'prev_pid')).toThrow(
      /at most two values/,
    )
    expect(() => loose('sched', 'sched_switch').keys('next_pid').sort('prev_prio')).toThrow(/must be a key or a val/)
    expect(() => loose('sched', 'sched_switch').keys('next_pid').size(64)).toThrow(/128 to 131072/)
    expect(() => loose('sched', 'sched_switch').keys('next_pid').name('a:b')).toThrow()
  })

  it('computes the same histogram offline over recorded events', () => {
    const records = [
      { fields: { next_pid: 1, prev_state: 0n, prev_prio: 120, next_prio: 120 } },
      { fields: { next_pid: 1, prev_state: 0n, prev_prio: 100, next_prio: 120 } },
      { fields: { next_pid: 2, prev_state: 1n, prev_prio: 120, next_prio: 90 } },
    ]
    const h = hist('sched', 'sched_switch')
      .keys('next_pid', 'prev_state')
      .values('prev_prio')
      .sort('hitcount.descending')
      .filter((f) => f.ge('next_prio', 100))
    expect(h.over(records).rows()).toEqual([
      { key: { next_pid: 1, prev_state: 0n }, hitcount: 2, values: { prev_prio: 220n } },
    ])
  })
})
