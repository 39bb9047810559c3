// bin/spx.cjs in a checkout that was never built: one line naming the fix, exit 2, no stack trace.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './run-cli.js';

describe('bin/spx.cjs without dist/', () => {
  it('says spx is not built and exits 2', () => {
    const checkout = tempDir();
    mkdirSync(join(checkout, 'bin'));
    copyFileSync(BIN, join(checkout, 'bin', 'spx.cjs'));
    copyFileSync(join(ROOT, 'package.json'), join(checkout, 'package.json'));
    const run = spawnSync(process.execPath, [join(checkout, 'bin', 'spx.cjs'), 'lint'], { encoding: 'utf8', cwd: checkout });
    expect(run).toMatchObject({ status: 2, stdout: '', stderr: 'spx is not built: run npm run build\n' });
  });
});
