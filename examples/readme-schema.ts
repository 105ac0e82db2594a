import { samplePath, schemaFromDir } from 'typed-ftrace'

// A tracefs mount, a saved copy of one, or a .tar.gz of that copy (here Debian's 6.1 kernel).
const schema = await schemaFromDir(samplePath('linux-6.1-formats.tar.gz'))
const waking = schema.get('sched', 'sched_waking')
console.log(`sched/sched_waking has ID ${waking.id}; its fields:`)
for (const f of waking.fields) console.log(`  ${f.name}: ${f.cType} -> ${f.value}`)
// Lookup by name alone finds the lowest-ID event of that name, as libtraceevent does.
console.log(`'sched_switch' alone is found in system ${schema.find(undefined, 'sched_switch')?.system}`)
