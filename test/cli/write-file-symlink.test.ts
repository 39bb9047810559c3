// -o --force (and every atomic write) through a symlink: the file it points to is replaced, as a shell's `>` writes;
// a dangling link is written through to its target; a target whose directory is read-only is one clear line.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeFileAtomic, writeFileAtomicChunks } from '../../src/cli/write-file.js';
import { spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

/** Directories whose new files fail as on a read-only directory (EACCES), whoever runs the tests (root too). */
const readOnly = new Set<string>();
const refuse = (path: fs.PathLike): void => {
  if (readOnly.has(join(String(path), '..'))) throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' });
};
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    openSync: (path: fs.PathLike, ...rest: unknown[]) => (refuse(path), (real.openSync as (...args: unknown[]) => number)(path, ...rest)),
    writeFileSync: (path: fs.PathOrFileDescriptor, ...rest: unknown[]) => (typeof path === 'number' ? undefined : refuse(path as fs.PathLike), (real.writeFileSync as (...args: unknown[]) => void)(path, ...rest)),
  };
});

describe('atomic writes through a symlink', () => {
  it('a dangling symlink with --force is written through to its target, the link kept', async () => {
    const dir = tempDir({});
    fs.mkdirSync(join(dir, 'reports'));
    fs.symlinkSync('reports/graph.txt', join(dir, 'out.txt'));
    const refused = await spxIn(['graph', 'processes/smb.yaml', '-o', join(dir, 'out.txt')]);
    expect(refused.stderr).toMatch(/out\.txt already exists: pass --force/);
    const run = await spxIn(['graph', 'processes/smb.yaml', '-o', join(dir, 'out.txt'), '--force']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(fs.lstatSync(join(dir, 'out.txt')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(join(dir, 'reports', 'graph.txt'), 'utf8')).toContain('Discovery call');
  });

  it.each([
    ['writeFileAtomic', (path: string) => writeFileAtomic(path, 'new')],
    ['writeFileAtomicChunks', (path: string) => writeFileAtomicChunks(path, (write) => write('new'))],
  ])('%s: a link target whose directory is not writable is one line saying so; nothing changes', (_name, writeTo) => {
    const dir = tempDir({ 'locked/report.txt': 'old' });
    const link = join(dir, 'report.txt');
    fs.symlinkSync(join(dir, 'locked', 'report.txt'), link);
    readOnly.add(join(dir, 'locked'));
    try {
      expect(() => writeTo(link)).toThrow(
        `${link}: a symlink to ${join(dir, 'locked', 'report.txt')}, whose directory is not writable (EACCES): spx writes atomically, through a temporary file beside the file it replaces; make that directory writable or choose another -o file`,
      );
      expect(fs.readFileSync(join(dir, 'locked', 'report.txt'), 'utf8')).toBe('old');
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      expect(fs.readdirSync(dir).sort()).toEqual(['locked', 'report.txt']);
    } finally {
      readOnly.clear();
    }
  });
});
