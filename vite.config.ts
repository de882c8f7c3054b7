import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      '@contract': fileURLToPath(new URL('./server/contract', import.meta.url)),
    },
  },
  build: {
    // The size check (scripts/size-check.ts) reads the manifest to know which chunks a route needs.
    manifest: true,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
    },
  },
});
