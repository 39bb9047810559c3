// The CLI is built on the library: src/cli imports the core only through src/index.ts (type imports included),
// so everything a command does is reachable from the public API.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const CLI = join(SRC, 'cli');
const INDEX = join(SRC, 'index.ts');

/** Every module specifier in `source`: static imports and exports (type-only too) and dynamic import(). */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g)) found.push(match[1]!);
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

/** Why `specifier`, imported by `file` in src/cli, is not allowed; undefined when it is. */
export function violation(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return undefined;
  if (!specifier.startsWith('.')) return undefined; // a package
  const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
  if (target === INDEX) return undefined;
  if (!relative(CLI, target).startsWith('..')) return undefined; // within src/cli
  return `${relative(SRC, file)} imports ${specifier}: import the core through src/index.ts`;
}

function cliFiles(): string[] {
  return readdirSync(CLI, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('src/cli imports the core only through src/index.ts', () => {
  it('holds for every file in src/cli', () => {
    const files = cliFiles();
    expect(files.length).toBeGreaterThan(10);
    const problems = files.flatMap((file) => specifiers(readFileSync(file, 'utf8')).flatMap((s) => violation(file, s) ?? []));
    expect(problems).toEqual([]);
  });

  it('finds value, type, re-export and dynamic imports of core paths', () => {
    const file = join(CLI, 'commands', 'example.ts');
    const source = [
      "import { lint } from '../../lint/engine.js';",
      "import type { Process } from '../../model/types.js';",
      "export { route } from '../../analysis/route.js';",
      "const m = await import('../../simulate/simulate.js');",
      "import { run } from '../../index.js';",
      "import { chalkFor } from '../io.js';",
      "import { join } from 'node:path';",
      "import { Command } from 'commander';",
    ].join('\n');
    expect(specifiers(source).map((s) => violation(file, s)).filter(Boolean)).toHaveLength(4);
  });
});
