import { defineConfig } from 'vitest/config';

/**
 * One vitest project per test tier (DESIGN.md §8). `npm test` runs them all;
 * `vitest run --project unit` runs one tier. Coverage of the pure core is enforced at 100%.
 */
export default defineConfig({
  test: {
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['functions/core/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 100, branches: 100, functions: 100, statements: 100 },
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/functions/core/**/*.test.ts', 'test/functions/handlers/**/*.test.ts', 'test/functions/app/**/*.test.ts', 'test/cli/**/*.unit.test.ts', 'test/static/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
        },
      },
      {
        test: {
          name: 'adapters',
          include: ['test/functions/adapters/**/*.test.ts', 'test/infra/local/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'statemachine',
          include: ['test/statemachines/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/aws/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/cli/**/*.e2e.test.ts'],
          setupFiles: ['test/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
