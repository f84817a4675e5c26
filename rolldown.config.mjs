// The CLI and the public API as one set of bundled files (dist/bundle/), built from tsc's output.
// Loading ~250 modules (a third of them zod's) cost each sockgrade process ~0.3 s; a handful of
// chunks cost a third of that. Both entries share their chunks, so an exercise module that imports
// 'sockgrade' gets the very classes and registries the CLI grading it uses.
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: { cli: 'dist/harness/cli/main.js', api: 'dist/harness/api.js' },
  platform: 'node',
  output: { dir: 'dist/bundle', cleanDir: true, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
});
