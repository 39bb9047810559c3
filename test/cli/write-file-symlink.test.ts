// -o --force (and every atomic write) through a symlink: the file it points to is replaced, as a shell's `>` writes;
// a dangling link is written through to its target; a target whose directory is read-only is one clear line.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputTarget, writeFileAtomic, writeFileAtomicChunks } from '../../src/cli/write-file.js';
import { spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

/**
 * A file in a directory where new files fail (EACCES): a chmod 555 directory, or for root (whom modes do not stop)
 * a path in sysfs; undefined where neither is available. The tests mock nothing (workers share modules).
 */
function inReadOnlyDirectory(dir: string): string | undefined {
  if (process.getuid?.() !== 0) {
    const locked = join(dir, 'locked');
    fs.mkdirSync(locked);
    fs.writeFileSync(join(locked, 'report.txt'), 'old');
    fs.chmodSync(locked, 0o555);
    return join(locked, 'report.txt');
  }
  return fs.existsSync('/sys/kernel') ? '/sys/spx-test-report.txt' : undefined;
}

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

  it('a relative link inside a linked directory lands where the kernel resolves it, from the real directory', () => {
    const dir = tempDir({});
    fs.mkdirSync(join(dir, 'real', 'sub'), { recursive: true });
    fs.symlinkSync(join(dir, 'real', 'sub'), join(dir, 'linked'));
    fs.symlinkSync('../x.txt', join(dir, 'real', 'sub', 'out.txt'));
    fs.writeFileSync(join(dir, 'real', 'x.txt'), 'old');
    writeFileAtomic(join(dir, 'linked', 'out.txt'), 'new');
    expect(fs.readFileSync(join(dir, 'real', 'x.txt'), 'utf8')).toBe('new');
    expect(fs.readFileSync(join(dir, 'linked', 'out.txt'), 'utf8')).toBe('new');
    expect(fs.existsSync(join(dir, 'x.txt'))).toBe(false);
  });

  it('`..` after a link steps up from where the link leads, in a link\'s text and in the -o path, as the system resolves it', () => {
    const dir = tempDir({});
    fs.mkdirSync(join(dir, 'real', 'sub'), { recursive: true });
    fs.mkdirSync(join(dir, 'elsewhere', 'deep'), { recursive: true });
    fs.symlinkSync(join(dir, 'elsewhere', 'deep'), join(dir, 'real', 'sub', 'lnk'));
    fs.symlinkSync('lnk/../x.txt', join(dir, 'real', 'sub', 'out.txt'));
    writeFileAtomic(join(dir, 'real', 'sub', 'out.txt'), 'through the link');
    expect(fs.readFileSync(join(dir, 'elsewhere', 'x.txt'), 'utf8')).toBe('through the link');
    expect(fs.existsSync(join(dir, 'real', 'sub', 'x.txt'))).toBe(false);
    const target = outputTarget(join(dir, 'real', 'sub'), 'lnk/../z.txt', false);
    writeFileAtomic(target, 'the -o path');
    expect(fs.readFileSync(join(dir, 'elsewhere', 'z.txt'), 'utf8')).toBe('the -o path');
    expect(fs.existsSync(join(dir, 'real', 'z.txt'))).toBe(false);
  });

  it.each([
    ['writeFileAtomic', (path: string) => writeFileAtomic(path, 'new')],
    ['writeFileAtomicChunks', (path: string) => writeFileAtomicChunks(path, (write) => write('new'))],
  ])('%s: a link target whose directory is not writable is one line saying so; nothing changes', (_name, writeTo) => {
    const dir = tempDir({});
    const target = inReadOnlyDirectory(dir);
    if (target === undefined) return;
    const link = join(dir, 'report.txt');
    fs.symlinkSync(target, link);
    expect(() => writeTo(link)).toThrow(
      `${link}: a symlink to ${target}, whose directory is not writable (EACCES): spx writes atomically, through a temporary file beside the file it replaces; make that directory writable or choose another -o file`,
    );
    if (fs.existsSync(target)) expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(dir).filter((name) => name !== 'locked')).toEqual(['report.txt']);
  });
});
