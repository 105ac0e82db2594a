import { schemaFromDir } from 'typed-ftrace'

// A tracefs mount, a saved copy of one, or a .tar.gz of that copy.
const schema = await schemaFromDir('test/fixtures/kernels/linux-6.1')
const waking = schema.get('sched', 'sched_waking')
console.log(
  waking.id,
  waking.fields.map((f) => `${f.name}: ${f.cType} -> ${f.value}`),
)
// Lookup by name alone finds the lowest-ID event of that name, as libtraceevent does.
console.log(schema.find(undefined, 'sched_switch')?.system)
