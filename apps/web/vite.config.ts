import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development Vite serves the client and proxies the API; in production the API serves
// the built client from dist/, so one port serves everything.
const apiTarget = `http://127.0.0.1:${process.env.API_PORT ?? '3000'}`;

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    // ws: the waiting room's live connection goes through the same proxy.
    proxy: { '/api': { target: apiTarget, changeOrigin: false, ws: true } },
  },
  build: { target: 'es2022', sourcemap: true, manifest: true },
});
