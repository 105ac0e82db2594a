// The kernel's rules, proven against the kernel: random definitions over the 6.1 formats (a
// fixed seed and a fresh one, generated on the host into kernel-rules-specs.json) are either
// refused by the builder or created by the kernel, every write of them. What the builder
// refuses by a kernel rule is written anyway (built without the rules) to see that the
// kernel refuses it too; the rules it keeps on purpose are listed with their reason.
import { existsSync, readFileSync } from 'node:fs'
import {
  DELIBERATE_RULES,
  KernelRuleError,
  schemaFromLive,
  synthFromSpec,
  SynthError,
  tracefs,
  TracefsError,
} from '../../dist/src/index.js'
import { synthFromSpecWithoutKernelRules } from '../../dist/src/synth/spec/from-spec.js'
import { assert, test } from './harness.mjs'

const SPECS = new URL('kernel-rules-specs.json', import.meta.url)

/** What the kernel said about a failed create: the file and the error_log message (or the errno). */
function kernelSaid(error) {
  if (!(error instanceof TracefsError)) return String(error)
  const file = error.file.replace(/events\/[^/]+\/[^/]+\//, 'events/*/')
  return `${file}: ${error.kernelMessage ?? `${error.code} (empty error_log)`}`
}

/** A libtracefs refusal's message without the path and the names in it: `field '…' is not in …`. */
function libtracefsReason(message) {
  return message
    .replace(/^(steps\[\d+\]|start|end|name)[^:]*: /, '')
    .replace(/'[^']*'/g, '…')
    .replace(/\b\w+[./]\w+\b/g, '…')
    .replace(/\([^)]*\)/g, '')
    .replace(/;.*$/, '')
    .slice(0, 90)
}

/** How long one create and destroy may take before the kernel is taken to be stuck. */
const STUCK_MS = 60_000

/** Creates and destroys a synth; undefined when the kernel took every write, else what it said. */
async function tryCreate(tfs, synth) {
  // Named on the lane's output before each write, so that a kernel that locks up (the guest
  // then writes nothing more) can be traced to the definition it was taking.
  console.log(`RULES-WRITING ${synth.definition.name}`)
  let timer
  const stuck = new Promise((_, reject) => {
    timer = setTimeout(() => {
      // A write the kernel never answers: report it, and leave (the blocked write keeps node alive).
      setTimeout(() => process.exit(1), 5_000).unref()
      reject(
        new Error(
          `the kernel did not answer within ${STUCK_MS / 1000} s creating or destroying ${synth.definition.name}: ${JSON.stringify(synth.commands(tfs.compileOptions).create.map((w) => w.text))}`,
        ),
      )
    }, STUCK_MS)
  })
  try {
    return await Promise.race([createAndDestroy(tfs, synth), stuck])
  } finally {
    clearTimeout(timer)
  }
}

async function createAndDestroy(tfs, synth) {
  let handle
  try {
    handle = await tfs.create(synth)
  } catch (error) {
    return kernelSaid(error)
  }
  await handle.destroy()
  return undefined
}

/**
 * Runs one set of specs. Returns the counts and the lists behind them:
 * - accepted: the builder took it and the kernel took every write;
 * - kernelRefused: the builder took it, the kernel refused (must be none);
 * - ruleRefused: refused by a kernel rule, and the kernel refused it too when written anyway;
 * - ruleRefusedUnwritable: refused by a kernel rule, and without the rules libtracefs' own checks refuse it as well;
 * - refusedButKernelAccepts: refused by a kernel rule the kernel does not enforce (deliberate ones are listed, others must be none);
 * - libtracefsRefused: refused by libtracefs' own checks (unknown fields, incompatible matches, ...), by errno.
 */
export async function proveRules(specs, tfs, schema) {
  const r = {
    accepted: 0,
    kernelRefused: [],
    ruleRefused: new Map(),
    ruleRefusedUnwritable: 0,
    refusedButKernelAccepts: [],
    libtracefsRefused: new Map(),
  }
  const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1)
  for (const spec of specs) {
    let synth
    try {
      synth = synthFromSpec(spec, schema)
      synth.commands(tfs.compileOptions)
    } catch (error) {
      if (error instanceof KernelRuleError) {
        let unchecked
        try {
          unchecked = synthFromSpecWithoutKernelRules(spec, schema)
          unchecked.commands(tfs.compileOptions)
        } catch (inner) {
          if (!(inner instanceof SynthError)) throw inner
          r.ruleRefusedUnwritable++
          continue
        }
        const said = await tryCreate(tfs, unchecked)
        if (said === undefined)
          r.refusedButKernelAccepts.push({
            name: spec.name,
            rule: error.rule,
            deliberate: DELIBERATE_RULES.includes(error.rule),
            why: error.message,
          })
        else bump(r.ruleRefused, `${error.rule} (kernel: ${said})`)
        continue
      }
      if (!(error instanceof SynthError)) throw error
      bump(r.libtracefsRefused, `${error.code} ${libtracefsReason(error.message)}`)
      continue
    }
    const said = await tryCreate(tfs, synth)
    if (said === undefined) r.accepted++
    else r.kernelRefused.push({ name: spec.name, said, spec: JSON.stringify(spec) })
  }
  return r
}

/** The report lines of one run. */
export function reportLines(label, specs, r) {
  const refused = specs.length - r.accepted - r.kernelRefused.length
  const lines = [
    `${label}: ${specs.length} definitions; the builder accepts ${r.accepted + r.kernelRefused.length}, refuses ${refused}`,
    `  accepted by the builder but refused by the kernel: ${r.kernelRefused.length}`,
    `  refused by the builder but accepted by the kernel: ${r.refusedButKernelAccepts.length} (${r.refusedButKernelAccepts.filter((x) => !x.deliberate).length} not on purpose)`,
  ]
  for (const x of r.kernelRefused) lines.push(`    KERNEL REFUSED ${x.name}: ${x.said}\n      ${x.spec}`)
  for (const x of r.refusedButKernelAccepts)
    lines.push(`    ${x.deliberate ? 'on purpose' : 'NOT ON PURPOSE'} ${x.name} [${x.rule}]: ${x.why}`)
  lines.push(
    `  refused by a kernel rule, written anyway, refused by the kernel: ${[...r.ruleRefused.values()].reduce((a, b) => a + b, 0)}`,
  )
  for (const [why, n] of [...r.ruleRefused].sort((a, b) => b[1] - a[1]))
    lines.push(`    ${String(n).padStart(3)}  ${why}`)
  lines.push(`  refused by a kernel rule and, without it, by libtracefs' own checks too: ${r.ruleRefusedUnwritable}`)
  // libtracefs' own checks: the builder keeps its contract on purpose (no text exists to write); the
  // kernel would refuse most of these too (unknown fields, bad names, unfinished filters).
  lines.push(
    `  refused on purpose by libtracefs' own checks (no text to write): ${[...r.libtracefsRefused.values()].reduce((a, b) => a + b, 0)}`,
  )
  for (const [why, n] of [...r.libtracefsRefused].sort((a, b) => b[1] - a[1]))
    lines.push(`    ${String(n).padStart(3)}  ${why}`)
  return lines
}

test('kernel rules: every definition is refused by the builder or taken by the kernel (fixed and fresh seed)', async ({
  log,
}) => {
  assert(existsSync(SPECS), 'kernel-rules-specs.json is missing: the host writes it before booting the lane')
  const runs = JSON.parse(readFileSync(SPECS, 'utf8'))
  const schema = await schemaFromLive()
  const tfs = await tracefs()
  const failures = []
  for (const run of runs) {
    const r = await proveRules(run.specs, tfs, schema)
    for (const line of reportLines(`seed ${run.seed} (${run.label})`, run.specs, r)) log(line)
    if (r.kernelRefused.length > 0)
      failures.push(`seed ${run.seed}: ${r.kernelRefused.length} accepted definitions refused by the kernel`)
    const notOnPurpose = r.refusedButKernelAccepts.filter((x) => !x.deliberate)
    if (notOnPurpose.length > 0)
      failures.push(
        `seed ${run.seed}: ${notOnPurpose.length} refused definitions the kernel accepts (${notOnPurpose.map((x) => x.rule).join(', ')})`,
      )
  }
  assert(failures.length === 0, failures.join('; '))
})
