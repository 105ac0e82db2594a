import { expectAssignable, expectError, expectType } from 'tsd'
import { parseSql, sql, sqlHist, sqlSynth, SqlError, SynthError } from '../dist/src/index.js'
import type {
  HistDefinition,
  SqlCondition,
  SqlResult,
  SqlStatement,
  AnySynth,
  SynthDefinition,
} from '../dist/src/index.js'
import { schema } from '../dist/types/linux-6.1.js'

// sql() gives a result told apart by `kind`: a synthetic event with JOIN, a hist without.
const r = sql('lat', 'SELECT a.pid FROM sched_waking AS a JOIN sched_switch AS b ON a.pid = b.next_pid', schema)
expectType<SqlResult>(r)
expectType<'synth' | 'hist'>(r.kind)
expectType<string>(r.echoCmd())
if (r.kind === 'synth') {
  expectType<AnySynth>(r.synth)
  expectType<SynthDefinition>(r.definition)
} else expectType<HistDefinition>(r.definition)

expectType<AnySynth>(sqlSynth('lat', 'SELECT ...', schema))
expectType<HistDefinition>(sqlHist('SELECT next_pid FROM sched_switch', schema).definition)
expectError(sql('lat', 42, schema))

// The syntax tree is plain data.
const t = parseSql('SELECT x FROM y WHERE x > 1')
expectType<SqlStatement>(t)
expectType<readonly SqlCondition[]>(t.where)
if (t.where[0]?.kind === 'compare') expectType<'==' | '!=' | '<' | '<=' | '>' | '>=' | '&' | '~'>(t.where[0].op)

// Its errors are SynthErrors with a position.
declare const e: SqlError
expectAssignable<SynthError>(e)
expectType<number>(e.position.column)
expectType<string>(e.token)
