import { expectError, expectType } from 'tsd'
import { hist } from '../dist/src/index.js'
import type { EventRecord, HistRow } from '../dist/src/index.js'
import type { Kernel } from '../dist/types/linux-6.1.js'

interface Lat {
  readonly ts: bigint
  readonly cpu: number
  readonly pid: number
  readonly fields: { readonly pid: number; readonly delta: bigint; readonly comm: string }
}
declare const lat: Lat[]

// Keys and values are the records' fields; modifiers only on numeric fields.
const h = hist(lat).keys('delta.log2', 'comm').values('pid')
expectType<HistRow<{ readonly delta: number; readonly comm: string }, { readonly pid: bigint }>[]>(h.rows())
expectType<HistRow<{ readonly pid: number; readonly delta: bigint }, {}>[]>(
  hist(lat).keys('pid', 'delta.buckets=10').rows(),
)
expectType<HistRow<{ readonly common_pid: number }, {}>[]>(hist(lat).keys('common_pid.execname').rows())
expectError(hist(lat).keys('delay'))
expectError(hist(lat).keys('comm.log2'))
expectError(hist(lat).keys('delta.log3'))
expectError(hist(lat).keys('pid').values('comm'))
expectError(hist(lat).keys('pid').values('delta.log2'))

// Sort fields are hitcount, a key or a value, with a direction.
hist(lat).keys('delta.log2').values('pid').sort('delta', 'hitcount.descending')
hist(lat).keys('delta.log2').sort('delta.log2.descending')
expectError(hist(lat).keys('delta.log2').sort('pid'))
expectError(hist(lat).keys('pid').sort('pid', 'hitcount', 'pid'))

// Untyped records take any name.
declare const loose: { fields: Record<string, unknown> }[]
hist(loose).keys('anything.log2').values('other')

// trace.dat records narrowed to one event (r.is('sched', 'sched_switch')) have that event's fields.
declare const switches: EventRecord<Kernel, 'sched', 'sched_switch'>[]
expectType<HistRow<{ readonly next_comm: string; readonly prev_state: number }, { readonly prev_prio: bigint }>[]>(
  hist(switches).keys('next_comm', 'prev_state.log2').values('prev_prio').rows(),
)
expectError(hist(switches).keys('next_pidd'))
expectError(hist(switches).keys('next_comm.log2'))
