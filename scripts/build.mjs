// Builds spx: precompiled schema validators, then the bundles:
// - dist/cli.cjs: the whole CLI in one CommonJS file. One file to read, and bin/spx.js can hand it to V8
//   with a code cache (Node 20 has no module.enableCompileCache), which roughly halves start-up.
// - dist/index.js: the library API as ESM.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateValidators } from './generate-validators.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
generateValidators();
// Outputs of older layouts; current outputs are replaced atomically below, so a CLI running while we
// build (a test, another terminal) never finds a missing or half-written bundle. dist/types is tsc's.
for (const stale of ['chunks', 'cli.js']) rmSync(join(root, 'dist', stale), { recursive: true, force: true });

async function buildAtomically(options) {
  const { outputFiles } = await build({ ...options, write: false });
  for (const { path, contents } of outputFiles) {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, contents);
    renameSync(temp, path);
  }
}

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: false,
  legalComments: 'none',
  // Linked source maps: `spx --debug` turns them on, so its stack traces name our files and lines.
  sourcemap: 'linked',
  logLevel: 'warning',
};

await buildAtomically({
  ...common,
  entryPoints: { cli: 'src/cli/main.ts', 'simulate-worker': 'src/simulate/worker-entry.ts', 'forecast-worker': 'src/deals/forecast-worker-entry.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // Some ESM dependencies read import.meta.url; in a CommonJS bundle it is this file's URL.
  define: { 'import.meta.url': '__spxImportMetaUrl' },
  banner: { js: "const __spxImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await buildAtomically({
  ...common,
  entryPoints: { index: 'src/index.ts' },
  outdir: 'dist',
  format: 'esm',
  // CommonJS dependencies inside the ESM bundle call require(); give them one.
  banner: { js: "import { createRequire as __spxCreateRequire } from 'node:module'; const require = __spxCreateRequire(import.meta.url);" },
});
