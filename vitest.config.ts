// Tests run against the TypeScript sources; the schema validators are generated first (as the build does).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'threads',
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core CI machine, which leaves a
    // core idle while a test waits on a spawned CLI, git or the browser. Two workers use both.
    maxWorkers: 2,
    // Test files share their worker's module cache instead of re-importing spx (and its lazily loaded commands) per
    // file: a third of the suite's time. The tests keep no module state and mock nothing; checked with
    // --sequence.shuffle.files to pass in any order.
    isolate: false,
  },
});
