// Builds the declarations package consumers type against: tsc emits dist/types from src/index.ts (tsconfig.types.json),
// then every .d.ts that index.d.ts does not reach through its imports is deleted, so the package ships exactly the
// public API's types (tsc also emits files that are only imported for their values, e.g. the schema validation).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const types = join(root, 'dist', 'types');
rmSync(types, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.types.json')], { stdio: 'inherit' });

const reached = new Set();
const pending = [join(types, 'index.d.ts')];
while (pending.length > 0) {
  const file = pending.pop();
  if (reached.has(file)) continue;
  reached.add(file);
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.d.ts')));
  }
}
let pruned = 0;
for (const entry of readdirSync(types, { recursive: true, withFileTypes: true })) {
  const file = join(entry.parentPath, entry.name);
  if (entry.isFile() && !reached.has(file)) {
    rmSync(file);
    pruned++;
  }
}
// Directories left empty are harmless to npm (it packs files), but keep the tree tidy.
for (const entry of readdirSync(types, { withFileTypes: true })) {
  if (entry.isDirectory() && readdirSync(join(types, entry.name), { recursive: true }).length === 0) rmSync(join(types, entry.name), { recursive: true });
}
console.error(`dist/types: ${reached.size} declaration files (${pruned} not reachable from index.d.ts removed)`);
