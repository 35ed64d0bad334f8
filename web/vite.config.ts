// The dashboard's build: web/ -> dist/web/, served by `customs serve` under /ui/. `npm run build` runs it
// after tsc. For development, `npx vite --config web/vite.config.ts` proxies the API to a local
// `customs serve` on port 7300.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const API = 'http://127.0.0.1:7300';

export default defineConfig({
  root: here('.'),
  base: '/ui/',
  plugins: [react()],
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One small app: a warning about chunk size would only be noise.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: { '/v1': API, '/healthz': API, '/openapi.json': API },
  },
});
