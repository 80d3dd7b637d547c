// Builds the console (console/src, Preact) into dist/console, served by the server at /_local/console.
// Everything is bundled: no CDN, no external font.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/_local/console/',
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
  },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
});
