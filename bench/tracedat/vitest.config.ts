import { defineConfig } from 'vitest/config'

// The reader benchmark runs as one long "test" that prints its figures (npm run bench:tracedat).
export default defineConfig({
  test: {
    include: ['bench/tracedat/*.bench-run.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
    disableConsoleIntercept: true,
    pool: 'forks',
  },
})
