import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The public types are pinned by test/types/*.test-d.ts: tsc checks them in the same run, and a type error
    // anywhere (tests or sources) fails it.
    typecheck: {
      enabled: true,
      include: ['test/types/**/*.test-d.ts'],
      tsconfig: 'tsconfig.json',
      ignoreSourceErrors: false,
    },
  },
});
