// Types of run.mjs for the TypeScript tests.
export interface Tally {
  cases: number
  typed: number
  ok: number
  other: number
  hang: number
  oom: number
}
export function runFuzz(options: {
  cases: number
  seed: number
  jobs?: number
  timeoutMs?: number
  batch?: number
  heapMb?: number
  onCase?: (index: number, kind: string) => void
}): Promise<{ tally: Tally; bad: { seed: number; case: number; kind: string; detail: string }[] }>
