import { expectError, expectType } from 'tsd'
import { histFromSpec, synth, tracefs, TIMESTAMP_USECS } from '../dist/src/index.js'
import type {
  HandlerValue,
  HistDefinition,
  SavedFields,
  Schema,
  SnapshotTaken,
  SpecHist,
  SynthHistRow,
} from '../dist/src/index.js'
import '../dist/types/linux-6.1.js'

const base = synth('worst')
  .start('sched', 'sched_waking')
  .end('sched', 'sched_switch')
  .match('pid', 'next_pid')
  .delta(TIMESTAMP_USECS)

// save() names the end event's fields; their values are typed by that event.
const saving = base.onMax('delta').save('prev_comm', 'prev_pid').onMatch().trace()
expectType<{ prev_comm: string; prev_pid: number }>({} as SavedFields<typeof saving>)
expectType<{}>({} as SavedFields<typeof base>)
expectError(base.onMax('delta').save('prev_cmm'))

const tfs = await tracefs()
const handle = await tfs.create(saving)
const reading = await handle.readHist()
const row = reading.rows[0]!
expectType<SynthHistRow<{ prev_comm: string; prev_pid: number }>>(row)
expectType<string | undefined>(row.tracked?.saved.prev_comm)
expectType<bigint | undefined>(row.tracked?.value)
expectType<SnapshotTaken | undefined>(reading.snapshot)
expectType<readonly HandlerValue[]>(row.handlers)
expectError(row.tracked?.saved.next_pid)

// The JSON form of a hist: a definition, checked at run time only.
declare const schema: Schema
const h = histFromSpec({ event: 'sched/sched_switch', keys: ['next_pid'] }, schema)
expectType<SpecHist>(h)
expectType<HistDefinition>(h.definition)
