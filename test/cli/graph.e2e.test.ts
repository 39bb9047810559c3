// `spx graph` in-process (one run through the built CLI): the golden diagrams, -o files written atomically, never overwritten without --force.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { ROOT, spx, tempDir } from './run-cli.js';

const golden = (name: string) => readFileSync(join(ROOT, 'test/format/__golden__', name), 'utf8');

describe('spx graph', () => {
  it('prints Mermaid by default', () => {
    const run = spx(['graph', 'processes/smb.yaml']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(golden('smb.mmd'));
  });

  it.each([
    [['--format', 'dot'], 'enterprise.dot'],
    [['--format', 'dot', '--highlight', 'minimal-path'], 'enterprise.minimal-path.dot'],
    [['-f', 'mermaid', '--highlight', 'minimal-path'], 'enterprise.minimal-path.mmd'],
  ])('prints %j as the golden %s', async (args, file) => {
    const run = await spxIn(['graph', 'processes/enterprise.yaml', ...args]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(golden(file));
  });

  it('writes -o atomically, refuses to overwrite without --force, and replaces with it', async () => {
    const dir = tempDir();
    const first = await spxIn(['graph', join(ROOT, 'processes/mid-market.yaml'), '-o', 'mid.mmd'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(readFileSync(join(dir, 'mid.mmd'), 'utf8')).toBe(golden('mid-market.mmd'));

    writeFileSync(join(dir, 'mid.mmd'), 'my notes');
    const refused = await spxIn(['graph', join(ROOT, 'processes/mid-market.yaml'), '--format', 'dot', '-o', 'mid.mmd'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('spx: mid.mmd already exists: pass --force to replace it, or choose another -o file [E_FILE_EXISTS]\n');
    expect(readFileSync(join(dir, 'mid.mmd'), 'utf8')).toBe('my notes');

    const forced = await spxIn(['graph', join(ROOT, 'processes/mid-market.yaml'), '--format', 'dot', '-o', 'mid.mmd', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'mid.mmd'), 'utf8')).toBe(golden('mid-market.dot'));
    // No temporary file is left beside the output.
    expect(readdirSync(dir)).toEqual(['mid.mmd']);
  });

  it('reports an -o path in a missing directory as a write error', async () => {
    const dir = tempDir();
    const run = await spxIn(['graph', join(ROOT, 'processes/smb.yaml'), '-o', 'nope/smb.mmd'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\[E_WRITE\]\n$/);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });

  it('still draws a process whose gate blocks every path, but exits 1 when asked to highlight the path', async () => {
    const dir = tempDir({
      'spx.config.yaml': 'rules:\n  gate-bypass: off\n',
      'blocked.yaml': [
        'apiVersion: spx/v1',
        'kind: SalesProcess',
        'metadata: { name: blocked, version: 1.0.0, segment: smb }',
        'roles: { seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true }, legal: Legal } }',
        'start: demo',
        'steps:',
        '  demo: { title: Demo, kind: demo, owner: ae, with: [owner], duration: 1, exitCriteria: [Seen], next: [{ to: close, p: 1, within: 1 }] }',
        '  close: { title: Close, kind: close, ask: true, owner: ae, with: [owner, legal], requires: { involved: [legal] }, duration: 1, exitCriteria: [Signed], next: [{ to: won, p: 0.5 }, { to: lost, p: 0.5, reason: no-fit }] }',
        'outcomes: { won: { result: won }, lost: { result: lost } }',
        '',
      ].join('\n'),
    });
    const plain = await spxIn(['graph', 'blocked.yaml'], { cwd: dir });
    expect(plain.code).toBe(0);
    const run = await spxIn(['graph', 'blocked.yaml', '--highlight', 'minimal-path'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(plain.stdout);
    expect(run.stderr).toBe('spx: blocked.yaml: no path to won meets the gate of "close", so there is no minimal path to highlight; see spx path blocked.yaml\n');
  });

  it('refuses a process with lint errors (exit 2, findings on stderr)', async () => {
    const run = await spxIn(['graph', 'examples/broken.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[E_INVALID_PROCESS]');
    expect(run.stdout).toBe('');
  });

  it.each([
    [['processes/smb.yaml', '--format', 'svg'], /argument 'svg' is invalid/],
    [['processes/smb.yaml', '--highlight', 'everything'], /argument 'everything' is invalid/],
    [['processes/', '-o', 'all.mmd'], /-o takes one diagram, but processes\/ holds 3 process files: name one file, or print them to stdout \[E_USAGE\]/],
    [['nope.yaml'], /nope\.yaml: no such file or directory; check the path.* \[E_FILE_NOT_FOUND\]/],
    [[], /missing required argument 'files'/],
    [['processes/smb.yaml', '--lost', 'gone'], /argument 'gone' is invalid/],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await spxIn(['graph', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
