import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const apiTarget = `http://127.0.0.1:${process.env['PORT'] ?? '3000'}`;

export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
    // Everything is served from our origin: no inline scripts (CSP), no assets inlined as data: URLs for scripts.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': { target: apiTarget, ws: true } },
  },
});
