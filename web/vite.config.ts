/**
 * Builds the planner's page into dist/web (gitignored), which the service serves at / (src/plugins/
 * web-page.ts). Run by `npm run build:web`, and so by prestart and pretest.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The CSP allows scripts from 'self' only for the page: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
    sourcemap: true,
  },
});
