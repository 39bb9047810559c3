// bin/spx.cjs on Node 20 keeps V8's code cache per build, command and bundle, in a private directory, and retires
// the caches of other builds.
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, spx, tempDir } from './run-cli.js';

const { version: VERSION } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

// Node ≥ 22.1 caches compiled code itself (module.enableCompileCache) and the bin uses that instead.
const nodeCachesItself = 'enableCompileCache' in Module;

describe.skipIf(nodeCachesItself)('the code cache of bin/spx.cjs', () => {
  it('is one private file per command and bundle it loads, written once; caches of other builds go after a week unused', () => {
    const home = tempDir();
    const cacheDir = join(home, 'spx');
    mkdirSync(cacheDir);
    const stale = join(cacheDir, 'cli-0.0.1-v20.0.0-x64-1.5-lint.v8');
    writeFileSync(stale, 'old build');
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(stale, eightDaysAgo, eightDaysAgo);
    // Another install's cache, in use this week: kept.
    writeFileSync(join(cacheDir, 'cli-0.0.2-v20.0.0-x64-2.5-lint.v8'), 'another install');
    writeFileSync(join(cacheDir, 'unrelated.txt'), 'kept');
    const env = { XDG_CACHE_HOME: home };

    expect(spx(['lint', '--format', 'json'], { env }).code).toBe(0);
    expect(spx(['--version'], { env }).code).toBe(0);
    const files = readdirSync(cacheDir).sort();
    // lint loads the program, the library and its own work; --version only the program.
    expect(files).toEqual([
      'cli-0.0.2-v20.0.0-x64-2.5-lint.v8',
      expect.stringMatching(new RegExp(`^cli-${VERSION}-.*-lint-commands-lint\\.v8$`)),
      expect.stringMatching(new RegExp(`^cli-${VERSION}-.*-lint-core\\.v8$`)),
      expect.stringMatching(new RegExp(`^cli-${VERSION}-.*-lint\\.v8$`)),
      expect.stringMatching(new RegExp(`^cli-${VERSION}-.*-other\\.v8$`)),
      'unrelated.txt',
    ]);
    const lintCache = join(cacheDir, files[3]!);
    for (const file of files.slice(1, 5)) expect(statSync(join(cacheDir, file)).mode & 0o777).toBe(0o600);

    // A second lint run reads the cache and leaves it alone.
    const written = statSync(lintCache).mtimeMs;
    expect(spx(['lint'], { env }).code).toBe(0);
    expect(statSync(lintCache).mtimeMs).toBe(written);
  });

  it('creates its directory private to the user', () => {
    const home = tempDir();
    expect(spx(['rules'], { env: { XDG_CACHE_HOME: home } }).code).toBe(0);
    expect(statSync(join(home, 'spx')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(home, 'spx')).sort()).toEqual([
      expect.stringMatching(/^cli-.*-rules-commands-rules\.v8$/),
      expect.stringMatching(/^cli-.*-rules-core\.v8$/),
      expect.stringMatching(/^cli-.*-rules\.v8$/),
    ]);
  });

  it('SPX_NO_COMPILE_CACHE=1 writes none', () => {
    const home = tempDir();
    expect(spx(['lint'], { env: { XDG_CACHE_HOME: home, SPX_NO_COMPILE_CACHE: '1' } }).code).toBe(0);
    expect(readdirSync(home)).toEqual([]);
  });
});
