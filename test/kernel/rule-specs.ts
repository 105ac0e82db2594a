import type { KernelRule } from '../../src/index.js'
import type { Spec } from '../oracle/gen-specs.js'

const wake = { start: 'sched/sched_waking', end: 'sched/sched_switch' }
const sw = { start: 'sched/sched_switch', end: 'sched/sched_switch' }
const keyed = { match: ['pid', 'next_pid'], as: 'pid' }

/**
 * One definition per kernel rule, each breaking the rule its description
 * names (`accepted`: one the builder takes, in a text the kernel would misread
 * as libtracefs writes it). The kernel lane writes them anyway to see the
 * kernel refuse each, or take it for the rules kept on purpose.
 */
export const RULE_SPECS: readonly (Spec & { readonly description: KernelRule | 'accepted' })[] = [
  { description: 'no-fields', name: 'r_no_fields', ...wake, steps: [{ match: ['pid', 'next_pid'] }] },
  {
    description: 'field-type',
    name: 'r_field_type',
    start: 'sock/inet_sock_set_state',
    end: 'sock/inet_sock_set_state',
    steps: [
      { match: 'sport', as: 'sport' },
      { startField: 'saddr', as: 'addr' },
    ],
  },
  {
    description: 'param-type',
    name: 'r_param_type',
    start: 'timer/hrtimer_start',
    end: 'sched/sched_switch',
    steps: [{ match: ['was_armed', 'common_preempt_count'], as: 'armed' }],
  },
  {
    description: 'too-many-keys',
    name: 'r_keys',
    ...sw,
    steps: [{ match: 'next_pid' }, { match: 'prev_pid' }, { match: 'next_prio' }, { match: 'prev_prio', as: 'p' }],
  },
  {
    description: 'key-size',
    name: 'r_key_size',
    start: 'dma_fence/dma_fence_wait_end',
    end: 'dma_fence/dma_fence_wait_start',
    steps: [{ match: 'driver', as: 'drv' }, { match: 'timeline' }],
  },
  {
    description: 'repeated-key',
    name: 'r_repeated',
    ...sw,
    steps: [{ match: 'next_pid', as: 'p' }, { match: 'next_pid' }],
  },
  {
    description: 'key-type',
    name: 'r_key_type',
    start: 'raw_syscalls/sys_enter',
    end: 'raw_syscalls/sys_enter',
    steps: [{ match: 'id', as: 'id' }, { match: 'args' }],
  },
  { description: 'variable-type', name: 'r_comm', ...wake, steps: [keyed, { endField: 'COMM', as: 'who' }] },
  {
    description: 'variable-type',
    name: 'r_save_type',
    start: 'neigh/neigh_create',
    end: 'neigh/neigh_create',
    steps: [{ match: 'entries', as: 'e' }, { delta: 'TIMESTAMP' }, { onMax: 'delta', save: ['primary_key6'] }],
  },
  {
    description: 'too-many-variables',
    name: 'r_vars',
    ...sw,
    steps: [
      { match: 'next_pid', as: 'p' },
      ...Array.from({ length: 16 }, (_, i) => ({ endField: 'next_prio', as: `v${i}` })),
    ],
  },
  {
    description: 'too-many-variables',
    name: 'r_refs',
    ...wake,
    steps: [keyed, ...Array.from({ length: 8 }, (_, i) => ({ startField: 'prio', as: `p${i}` }))],
  },
  {
    description: 'ftrace-event',
    name: 'r_ftrace',
    start: 'ftrace/hwlat',
    end: 'sched/sched_switch',
    steps: [{ match: ['common_pid', 'next_pid'], as: 'pid' }],
  },
  { description: 'filter-value', name: 'r_filter', ...wake, steps: [keyed, { startFilter: ['comm', '==', 'bash'] }] },
  {
    description: 'handler-variable',
    name: 'r_handler',
    ...wake,
    steps: [keyed, { endField: 'next_comm', as: 'c' }, { onMax: 'c', save: ['prev_prio'] }],
  },
  {
    description: 'one-save',
    name: 'r_saves',
    ...wake,
    steps: [keyed, { delta: true }, { onMax: 'delta', save: ['prev_prio'] }, { onChange: 'pid', save: ['prev_pid'] }],
  },
  {
    description: 'too-many-actions',
    name: 'r_actions',
    ...wake,
    steps: [keyed, { delta: true }, ...Array.from({ length: 9 }, () => ({ onMax: 'delta', trace: true }))],
  },
  { description: 'action-name', name: 'r', ...wake, steps: [keyed] },
  // Refused where the kernel's README shows no stack variables (6.1); the 6.12 lane takes it.
  { description: 'stacktrace', name: 'r_stack', ...wake, steps: [keyed, { startField: 'STACKTRACE', as: 'st' }] },
  {
    description: 'timestamp-units',
    name: 'r_units',
    ...wake,
    steps: [keyed, { compare: ['TIMESTAMP', 'TIMESTAMP_USECS'], calc: 'delta-end', as: 'd' }],
  },
  {
    description: 'timestamp-key',
    name: 'r_ts_key',
    ...wake,
    steps: [keyed, { match: ['TIMESTAMP_USECS', 'TIMESTAMP_USECS'] }, { delta: true }],
  },
  {
    description: 'common-name',
    name: 'r_common',
    ...wake,
    steps: [keyed, { startField: 'common_pid' }],
  },
  {
    description: 'accepted',
    name: 'r_key_name',
    ...wake,
    steps: [{ match: ['pid', 'next_pid'], as: 'key' }, { delta: true }],
  },
  {
    description: 'accepted',
    name: 'r_save_name',
    ...wake,
    steps: [{ match: ['pid', 'next_pid'], as: 'prev_prio' }, { delta: true }, { onMax: 'delta', save: ['prev_prio'] }],
  },
]
