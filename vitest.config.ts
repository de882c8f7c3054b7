import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const alias = {
  '@': fileURLToPath(new URL('./src', import.meta.url)),
  '@contract': fileURLToPath(new URL('./server/contract', import.meta.url)),
};

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [react()],
        resolve: { alias },
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/testing/setup.ts'],
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/**/*.test.ts'],
          // One migrated PGlite database, copied by every file instead of each running initdb.
          globalSetup: ['server/src/testing/pglite-template.global.ts'],
          // Each file boots its own database; PGlite start-up dominates, so allow for it.
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
