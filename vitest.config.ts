import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    // oclif writes through process.stdout; vitest must not swallow it (oclif/test issue #655).
    disableConsoleIntercept: true,
    // No test may reach the example inventory's (real) addresses: only loopback and the lab's pool (exec/fence.ts).
    env: {KOTADC_ALLOWED_NETWORKS: '127.0.0.0/8,172.30.0.0/16'},
    projects: [
      {extends: true, test: {name: 'unit', include: ['test/unit/**/*.test.ts']}},
      {
        extends: true,
        // Starts a docker engine if none answers and builds the lab image once for all lab tests.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/lab-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {extends: true, test: {name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000}},
    ],
  },
})
