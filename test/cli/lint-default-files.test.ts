// `spx lint` without paths, in-process: ./processes, else (on a terminal only) the bundled processes; in CI or a
// pipe without ./processes it exits 2 (E_NO_FILES) instead of passing having checked nothing of the user's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { fakeIo as newFakeIo } from './in-process.js';
import { ROOT, tempDir } from './run-cli.js';

const fakeIo = (cwd: string, options: { tty: boolean; env?: Record<string, string> }) =>
  newFakeIo({ cwd, tty: options.tty, env: { NO_COLOR: '1', ...options.env }, now: '2026-06-01T00:00:00Z' });

const NO_FILES = 'spx: no process files: pass paths or create ./processes [E_NO_FILES]\n';

describe('spx lint without paths', () => {
  it('on a terminal without ./processes, lints the bundled processes and says so', async () => {
    const io = fakeIo(tempDir(), { tty: true });
    expect(await run(['lint', '--format', 'json'], io)).toBe(0);
    const files = (JSON.parse(io.out) as { filePath: string }[]).map((r) => r.filePath);
    expect(files.map((f) => f.split('/').at(-1)).sort()).toEqual(['enterprise.yaml', 'mid-market.yaml', 'smb.yaml']);
    expect(files.every((f) => f.startsWith(join(ROOT, 'processes')))).toBe(true);

    const stylish = fakeIo(tempDir(), { tty: true });
    expect(await run(['lint'], stylish)).toBe(0);
    expect(stylish.err).toBe('spx: no ./processes folder here: linting the processes bundled with spx\n');
  });

  it.each([
    ['stdout is not a terminal', { tty: false }],
    ['CI=true on a terminal', { tty: true, env: { CI: 'true' } }],
    ['CI=1 with a pipe', { tty: false, env: { CI: '1' } }],
  ])('exits 2 with E_NO_FILES when %s and there is no ./processes', async (_, options) => {
    const io = fakeIo(tempDir(), options);
    expect(await run(['lint'], io)).toBe(2);
    expect(io.err).toBe(NO_FILES);
    expect(io.out).toBe('');
  });

  it('CI=false on a terminal is a person: the bundled processes', async () => {
    const io = fakeIo(tempDir(), { tty: true, env: { CI: 'false' } });
    expect(await run(['lint', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out)).toHaveLength(3);
  });

  it('lints ./processes outside a terminal, and named paths always', async () => {
    const smb = readFileSync(join(ROOT, 'processes', 'smb.yaml'), 'utf8');
    const dir = tempDir({ 'processes/p.yaml': smb, 'other/q.yaml': smb });
    const io = fakeIo(dir, { tty: false, env: { CI: 'true' } });
    expect(await run(['lint', '--json'], io)).toBe(0);
    expect((JSON.parse(io.out) as { filePath: string }[]).map((r) => r.filePath)).toEqual([join(dir, 'processes', 'p.yaml')]);
    const named = fakeIo(dir, { tty: false, env: { CI: 'true' } });
    expect(await run(['lint', 'other', '--json'], named)).toBe(0);
    expect(JSON.parse(named.out)).toHaveLength(1);
  });
});
