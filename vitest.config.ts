import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The examples import the package by name, as a user would; here that is the library's source,
  // so tests need no build (Node itself resolves `hookbench` to dist/ through package.json exports).
  resolve: { alias: [{ find: /^hookbench$/, replacement: fileURLToPath(new URL('./electron/lib/index.ts', import.meta.url)) }] },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
