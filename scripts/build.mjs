// Builds spx: precompiled schema validators, then the bundles:
// - dist/cli.cjs: the whole CLI in one CommonJS file. One file to read, and bin/spx.js can hand it to V8
//   with a code cache (Node 20 has no module.enableCompileCache), which roughly halves start-up.
// - dist/index.js: the library API as ESM.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateValidators } from './generate-validators.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
generateValidators();
// Stale outputs would pile up between builds; dist/types (from tsc) is left alone.
for (const stale of ['chunks', 'cli.js', 'cli.cjs', 'index.js']) rmSync(join(root, 'dist', stale), { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: false,
  legalComments: 'none',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // Some ESM dependencies read import.meta.url; in a CommonJS bundle it is this file's URL.
  define: { 'import.meta.url': '__spxImportMetaUrl' },
  banner: { js: "const __spxImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await build({
  ...common,
  entryPoints: { index: 'src/index.ts' },
  outdir: 'dist',
  format: 'esm',
  // CommonJS dependencies inside the ESM bundle call require(); give them one.
  banner: { js: "import { createRequire as __spxCreateRequire } from 'node:module'; const require = __spxCreateRequire(import.meta.url);" },
});
