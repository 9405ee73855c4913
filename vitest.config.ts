import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Test files start their own nginx, redis and sidecar on free ports: two at a time fits 2 cores.
    maxWorkers: 2,
    minWorkers: 1,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
})
