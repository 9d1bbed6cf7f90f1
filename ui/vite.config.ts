import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The runtime serves this build from classpath:/static, so every URL stays relative to "/".
// In `npm run dev` the API calls go to a bridge running locally on its default port.
const bridge = 'http://localhost:8080';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/health': bridge,
      '/auth': bridge,
      '/admin': bridge,
    },
  },
});
