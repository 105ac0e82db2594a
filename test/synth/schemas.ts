import { schemaFromDir, schemaFromTexts } from '../../src/index.js'
import type { Schema } from '../../src/index.js'
import type { SynthBuilder } from '../../src/synth/synth-builder.js'
import { newSynthBuilder } from '../../src/synth/synth-builder-impl.js'
import type { SynthOptions } from '../../src/synth/synth-builder-impl.js'
import { KERNEL_6_1, KERNEL_6_12, KERNEL_6_18 } from '../helpers/paths.js'

/**
 * The run-time builder without its types, with every check on: how JavaScript
 * callers and JSON specs reach it, for tests of what the types already refuse
 * (calls out of libtracefs' order, names the rules refuse).
 */
export function looseSynth(name: string, schema: Schema, options: SynthOptions = {}): SynthBuilder {
  return newSynthBuilder(name, schema, options)
}

/** A builder with libtracefs' checks only, not the kernel's rules: for libtracefs' behaviour on definitions the kernel refuses. */
export function libtracefsOnly(name: string, schema: Schema): SynthBuilder {
  return newSynthBuilder(name, schema, {}, false)
}

let linux61: Promise<Schema> | undefined
let linux612: Promise<Schema> | undefined
let linux618: Promise<Schema> | undefined

/** The Debian 6.1 formats (loaded once per test file). */
export function schema61(): Promise<Schema> {
  return (linux61 ??= schemaFromDir(KERNEL_6_1, { strict: true }))
}

/** The Debian 6.12 formats and README (common_stacktrace, stack variables). */
export function schema612(): Promise<Schema> {
  return (linux612 ??= schemaFromDir(KERNEL_6_12, { strict: true }))
}

/** The 6.18 formats. */
export function schema618(): Promise<Schema> {
  return (linux618 ??= schemaFromDir(KERNEL_6_18, { strict: true }))
}

const IRQ_FIELDS = `format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

\tfield:s32 caller_offs;\toffset:8;\tsize:4;\tsigned:1;
\tfield:s32 parent_offs;\toffset:12;\tsize:4;\tsigned:1;

print fmt: "caller=%pS parent=%pS", (void *)((unsigned long)(_stext) + REC->caller_offs), (void *)((unsigned long)(_stext) + REC->parent_offs)
`

/** `preemptirq/irq_disable` and `irq_enable`, as a kernel with CONFIG_PREEMPTIRQ_TRACEPOINTS writes them (neither reference kernel has them). */
export function preemptirqSchema(): Schema {
  return schemaFromTexts(
    {
      source: 'test:preemptirq',
      formats: [
        ['preemptirq', 'irq_disable', `name: irq_disable\nID: 150\n${IRQ_FIELDS}`],
        ['preemptirq', 'irq_enable', `name: irq_enable\nID: 151\n${IRQ_FIELDS}`],
      ],
    },
    { strict: true },
  )
}

const DEMO_FIELDS = `format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

\tfield:pid_t pid;\toffset:8;\tsize:4;\tsigned:1;
\tfield:gfp_t gfp;\toffset:12;\tsize:4;\tsigned:0;
\tfield:bool flag;\toffset:16;\tsize:1;\tsigned:0;
\tfield:char c;\toffset:17;\tsize:1;\tsigned:1;
\tfield:unsigned char uc;\toffset:18;\tsize:1;\tsigned:0;
\tfield:short s;\toffset:20;\tsize:2;\tsigned:1;
\tfield:unsigned short us;\toffset:22;\tsize:2;\tsigned:0;
\tfield:int i;\toffset:24;\tsize:4;\tsigned:1;
\tfield:unsigned int ui;\toffset:28;\tsize:4;\tsigned:0;
\tfield:long l;\toffset:32;\tsize:8;\tsigned:1;
\tfield:unsigned long ul;\toffset:40;\tsize:8;\tsigned:0;
\tfield:u64 u;\toffset:48;\tsize:8;\tsigned:0;
\tfield:void * ptr;\toffset:56;\tsize:8;\tsigned:0;
\tfield:char name[16];\toffset:64;\tsize:16;\tsigned:1;
\tfield:__data_loc char[] path;\toffset:80;\tsize:4;\tsigned:1;
\tfield:unsigned long args[6];\toffset:88;\tsize:48;\tsigned:0;
\tfield:guid_t guid;\toffset:136;\tsize:16;\tsigned:0;
\tfield:unsigned long mode;\toffset:152;\tsize:8;\tsigned:0;

print fmt: "pid=%d mode=%s", REC->pid, __print_flags(REC->mode, "|", { 1, "A" })
`

/** `demo/demo_start` and `demo/demo_end`: one field of every kind libtracefs treats differently. */
export function demoSchema(): Schema {
  return schemaFromTexts(
    {
      source: 'test:demo',
      formats: [
        ['demo', 'demo_start', `name: demo_start\nID: 10\n${DEMO_FIELDS}`],
        ['demo', 'demo_end', `name: demo_end\nID: 11\n${DEMO_FIELDS}`],
        ['other', 'demo_end', `name: demo_end\nID: 9\n${DEMO_FIELDS}`],
      ],
    },
    { strict: true },
  )
}
