// bin/spx.cjs on Node 20 keeps V8's code cache per build and per command, in a private directory, and retires
// the caches of other builds.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spx, tempDir } from './run-cli.js';

// Node ≥ 22.1 caches compiled code itself (module.enableCompileCache) and the bin uses that instead.
const nodeCachesItself = 'enableCompileCache' in Module;

describe.skipIf(nodeCachesItself)('the code cache of bin/spx.cjs', () => {
  it('is one private file per command, written once, and replaces the caches of other builds', () => {
    const home = tempDir();
    const cacheDir = join(home, 'spx');
    mkdirSync(cacheDir);
    const stale = join(cacheDir, 'cli-0.0.1-v20.0.0-x64-1.5-lint.v8');
    writeFileSync(stale, 'old build');
    writeFileSync(join(cacheDir, 'unrelated.txt'), 'kept');
    const env = { XDG_CACHE_HOME: home };

    expect(spx(['lint', '--format', 'json'], { env }).code).toBe(0);
    expect(spx(['--version'], { env }).code).toBe(0);
    const files = readdirSync(cacheDir).sort();
    expect(files).toEqual([expect.stringMatching(/^cli-.*-lint\.v8$/), expect.stringMatching(/^cli-.*-other\.v8$/), 'unrelated.txt']);
    const lintCache = join(cacheDir, files[0]!);
    expect(statSync(lintCache).mode & 0o777).toBe(0o600);

    // A second lint run reads the cache and leaves it alone.
    const written = statSync(lintCache).mtimeMs;
    expect(spx(['lint'], { env }).code).toBe(0);
    expect(statSync(lintCache).mtimeMs).toBe(written);
  });

  it('creates its directory private to the user', () => {
    const home = tempDir();
    expect(spx(['rules'], { env: { XDG_CACHE_HOME: home } }).code).toBe(0);
    expect(statSync(join(home, 'spx')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(home, 'spx'))).toEqual([expect.stringMatching(/^cli-.*-rules\.v8$/)]);
  });

  it('SPX_NO_COMPILE_CACHE=1 writes none', () => {
    const home = tempDir();
    expect(spx(['lint'], { env: { XDG_CACHE_HOME: home, SPX_NO_COMPILE_CACHE: '1' } }).code).toBe(0);
    expect(readdirSync(home)).toEqual([]);
  });
});
