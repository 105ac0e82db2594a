/** A spec file holding a chain: `ran` starts on the synthetic event `wakeup_lat` defined before it. */
export const CHAIN = [
  {
    name: 'wakeup_lat',
    start: 'sched/sched_waking',
    end: 'sched/sched_switch',
    steps: [{ match: ['pid', 'next_pid'], as: 'pid' }, { delta: true }],
  },
  {
    name: 'ran',
    start: 'synthetic/wakeup_lat',
    end: 'sched/sched_switch',
    steps: [
      { match: ['pid', 'prev_pid'], as: 'pid' },
      { delta: true, as: 'ran' },
    ],
  },
]
