/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The runtime serves this build from classpath:/static, so every URL stays relative to "/".
// In `npm run dev` the API calls go to a bridge running locally on its default port.
const bridge = 'http://localhost:8080';

export default defineConfig({
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      // Only @rjsf/core's test registry imports it; see src/lib/no-ajv-validator.ts.
      '@rjsf/validator-ajv8': fileURLToPath(new URL('./src/lib/no-ajv-validator.ts', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // scripts/check-bundle-size.mjs reads it to find what the sign-in page loads first.
    manifest: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/health': bridge,
      '/auth': bridge,
      '/admin': bridge,
      '/api': bridge,
      '/config': bridge,
      '/permissions': bridge,
      '/mcp': bridge,
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    css: false,
    testTimeout: 15_000,
  },
});
