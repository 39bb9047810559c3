// `spx diff` and `spx lint --base` in temporary git repositories, and their errors: in-process (git still runs for
// real), with one comparison through the built CLI.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { ROOT, spx, tempDir } from './run-cli.js';

/** git, isolated from the machine's configuration, with an identity for commits. */
const GIT_ENV: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'spx tests',
  GIT_AUTHOR_EMAIL: 'spx@example.com',
  GIT_COMMITTER_NAME: 'spx tests',
  GIT_COMMITTER_EMAIL: 'spx@example.com',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const V1 = readFileSync(join(ROOT, 'examples/diff/enterprise-v1.yaml'), 'utf8');
const V2 = readFileSync(join(ROOT, 'examples/diff/enterprise-v2.yaml'), 'utf8');
const run = (cwd: string, ...args: string[]) => spxIn(args, { cwd, env: { PATH: process.env['PATH'], ...GIT_ENV } });
/** The built CLI, in a real working directory: kept for the first comparison, the rest runs in-process. */
const spawned = (cwd: string, ...args: string[]) => spx(args, { cwd, env: GIT_ENV });

/**
 * A repository with two commits. HEAD~1: processes/enterprise.yaml (v1), processes/smb.yaml, processes/notes.yaml
 * (not a process). HEAD: enterprise is v2 (a security review, minor bump), smb deleted, mid-market added, notes edited.
 */
function repository(): string {
  const dir = tempDir({ 'processes/enterprise.yaml': V1, 'processes/notes.yaml': 'owner: revops\n' });
  copyFileSync(join(ROOT, 'processes/smb.yaml'), join(dir, 'processes/smb.yaml'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'v1');
  writeFileSync(join(dir, 'processes/enterprise.yaml'), V2);
  rmSync(join(dir, 'processes/smb.yaml'));
  copyFileSync(join(ROOT, 'processes/mid-market.yaml'), join(dir, 'processes/mid-market.yaml'));
  writeFileSync(join(dir, 'processes/notes.yaml'), 'owner: sales-ops\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'v2');
  return dir;
}

describe('spx diff --base', () => {
  const repo = repository();

  it('compares every process file changed since the base, added and deleted ones included', () => {
    const result = spawned(repo, 'diff', '--base', 'HEAD~1');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('processes/enterprise.yaml · enterprise 1.0.0 → 1.1.0\n');
    expect(result.stdout).toContain('  + step security-review added ');
    // Wrapped to stay within 100 columns.
    expect(result.stdout).toContain('  impact: minimal path: +1 step (security-review), expected cycle +14.0 business days,\n          win rate -1.1 points\n');
    expect(result.stdout).toContain('  1 added, 7 changed, 0 removed — needs minor, declared minor ✓\n');
    expect(result.stdout).toContain('processes/mid-market.yaml · new process mid-market 1.1.0\n');
    expect(result.stdout).toContain('processes/smb.yaml · deleted process smb 1.1.0\n');
    expect(result.stdout).not.toContain('notes.yaml');
    expect(result.stdout.endsWith('3 process files: 1 changed, 1 new, 1 deleted — versions ok ✓\n')).toBe(true);
  });

  it("skips the files the config's ignore globs skip, deleted ones included, as spx lint does", async () => {
    writeFileSync(join(repo, 'spx.config.yaml'), 'ignore: ["processes/smb.yaml", "**/mid-*.yaml"]\n');
    try {
      const result = await run(repo, 'diff', '--base', 'HEAD~1', '--json');
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as { files: { file: string }[] }).files.map((entry) => entry.file)).toEqual(['processes/enterprise.yaml']);
      expect((await run(repo, 'diff', '--base', 'HEAD~1', '--json', '--no-config-lookup')).stdout).toContain('processes/smb.yaml');
    } finally {
      rmSync(join(repo, 'spx.config.yaml'));
    }
  });

  it('compares one named file with its version at the base, from a subdirectory too, as JSON', async () => {
    for (const [cwd, file] of [[repo, 'processes/enterprise.yaml'], [join(repo, 'processes'), 'enterprise.yaml']] as const) {
      const result = await run(cwd, 'diff', file, '--base', 'HEAD~1', '--json');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const json = JSON.parse(result.stdout);
      expect(json.base).toBe('HEAD~1');
      expect(json.files).toHaveLength(1);
      expect(json.files[0]).toMatchObject({
        file,
        status: 'modified',
        old: { file: 'HEAD~1:processes/enterprise.yaml', version: '1.0.0' },
        new: { file, version: '1.1.0' },
        needed: 'minor',
        declared: 'minor',
        ok: true,
        counts: { added: 1, changed: 7, renamed: 0, removed: 0 },
      });
      expect(json.files[0].changes.find((c: { message: string }) => c.message === 'step security-review added')).toMatchObject({ line: 77, column: 3, side: 'new' });
      expect(json.files[0].impact.minimalPath.added).toEqual(['security-review']);
    }
  });

  it('renders markdown for a PR comment and annotations for GitHub', async () => {
    const markdown = await run(repo, 'diff', '--base', 'HEAD~1', '--format', 'markdown');
    expect(markdown.code).toBe(0);
    expect(markdown.stdout.startsWith('<!-- spx-diff -->\n### spx diff against `HEAD~1`\n')).toBe(true);
    expect(markdown.stdout).toContain('| `processes/enterprise.yaml` | 1.0.0 → 1.1.0 | 1 added, 7 changed, 0 removed | minor | minor | ✅ |');
    expect(markdown.stdout).toContain('```mermaid\nflowchart TB\n');
    expect(markdown.stdout).toContain('  class s_security_review added\n');
    const github = await run(repo, 'diff', '--base', 'HEAD~1', '--format', 'github');
    expect(github.code).toBe(0);
    // Both versions were raised enough (or the file is gone): notices, nothing to fix.
    expect(github.stdout).toContain('::notice file=processes/enterprise.yaml,line=77,col=3,title=spx diff%3A needs minor::step security-review added\n');
    expect(github.stdout).toContain('::notice file=processes/smb.yaml,title=spx diff%3A needs major::process smb removed (file deleted)');
    expect(github.stdout).not.toContain('::warning');
  });

  it('--fail-on sets the exit code: 1 when triggered, 0 otherwise', async () => {
    const minor = await run(repo, 'diff', '--base', 'HEAD~1', '--fail-on', 'minor');
    expect(minor.code).toBe(1);
    expect(minor.stderr.split('\n')).toEqual([
      'spx: processes/enterprise.yaml: the changes need a minor bump (--fail-on minor)',
      'spx: processes/mid-market.yaml: the changes need a minor bump (--fail-on minor)',
      'spx: processes/smb.yaml: the changes need a major bump (--fail-on minor)',
      '',
    ]);
    expect((await run(repo, 'diff', 'processes/enterprise.yaml', '--base', 'HEAD~1', '--fail-on', 'major')).code).toBe(0);
    expect((await run(repo, 'diff', '--base', 'HEAD~1', '--fail-on', 'bump')).code).toBe(0);
  });

  it('reads the working tree: an uncommitted under-bump fails --fail-on bump, and an untracked process counts as added', async () => {
    const dir = repository();
    writeFileSync(join(dir, 'processes/enterprise.yaml'), V2.replace('version: 1.1.0', 'version: 1.0.1'));
    copyFileSync(join(ROOT, 'processes/smb.yaml'), join(dir, 'processes/small.yaml'));
    const result = await run(dir, 'diff', '--base', 'HEAD~1', '--fail-on', 'bump');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  1 added, 7 changed, 0 removed — needs minor, declared patch ✗\n  set metadata.version to 1.1.0 or higher\n');
    expect(result.stdout).toContain('processes/small.yaml · new process smb 1.1.0\n');
    expect(result.stderr).toBe(
      'spx: processes/enterprise.yaml: the changes need a minor bump but the version declares patch; set metadata.version to 1.1.0 or higher (--fail-on bump)\n',
    );
  });

  it('follows a file git sees as moved', async () => {
    const dir = repository();
    git(dir, 'mv', 'processes/enterprise.yaml', 'processes/enterprise-2026.yaml');
    const result = await run(dir, 'diff', '--base', 'HEAD', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).files).toMatchObject([
      { file: 'processes/enterprise-2026.yaml', status: 'modified', old: { file: 'HEAD:processes/enterprise.yaml' }, changes: [], summary: 'no changes — no bump needed ✓' },
    ]);
  });

  it('says so when no process file changed', async () => {
    const result = await run(repo, 'diff', '--base', 'HEAD');
    expect(result).toEqual({ code: 0, stdout: 'no process files changed since HEAD\n', stderr: '' });
  });
});

describe('spx diff OLD NEW', () => {
  it('compares two files without git', async () => {
    const result = await spxIn(['diff', 'examples/diff/enterprise-v1.yaml', 'examples/diff/enterprise-v2.yaml']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('examples/diff/enterprise-v2.yaml · enterprise 1.0.0 → 1.1.0\n')).toBe(true);
    expect(result.stdout.endsWith('  1 added, 7 changed, 0 removed — needs minor, declared minor ✓\n')).toBe(true);
  });
});

describe('spx lint --base', () => {
  it('passes a version raised enough and fails one that is not, at metadata.version', async () => {
    const dir = repository();
    const ok = await run(dir, 'lint', '--base', 'HEAD~1', 'processes/enterprise.yaml', '--format', 'json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)[0].messages.filter((m: { ruleId: string }) => m.ruleId === 'version-not-bumped')).toEqual([]);

    writeFileSync(join(dir, 'processes/enterprise.yaml'), V2.replace('version: 1.1.0', 'version: 1.0.1'));
    const under = await run(dir, 'lint', '--base', 'HEAD~1', 'processes/enterprise.yaml');
    expect(under.code).toBe(1);
    expect(under.stdout).toMatch(
      /\n {2}22:12 {2}error {4}version 1\.0\.0 → 1\.0\.1 is a patch bump, but the changes since the base need a minor bump \(step security-review added, and 7 more changes\); set metadata\.version to 1\.1\.0 +version-not-bumped\n/,
    );
  });

  it('does not check files new since the base, nor files outside the repository', async () => {
    const dir = repository();
    const result = await run(dir, 'lint', '--base', 'HEAD~1', 'processes/mid-market.yaml', join(ROOT, 'processes/smb.yaml'), '--format', 'json');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('version-not-bumped');
  });

  it('refuses a base outside a repository', async () => {
    const dir = tempDir({ 'p.yaml': V1 });
    const result = await run(dir, 'lint', '--base', 'HEAD~1', 'p.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`spx: ${dir} is not inside a git repository: run spx from a clone, or compare two files with spx diff OLD NEW [E_NOT_GIT_REPO]\n`);
  });
});

describe('spx diff errors (exit 2, one line)', () => {
  const repo = repository();

  it('outside a git repository', async () => {
    const dir = tempDir({ 'p.yaml': V1 });
    expect(await run(dir, 'diff', '--base', 'main')).toEqual({
      code: 2,
      stdout: '',
      stderr: `spx: ${dir} is not inside a git repository: run spx from a clone, or compare two files with spx diff OLD NEW [E_NOT_GIT_REPO]\n`,
    });
  });

  it('an unknown revision', async () => {
    expect(await run(repo, 'diff', '--base', 'no-such-branch')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'spx: unknown revision no-such-branch: name a branch, tag or commit that exists here (for a remote branch, git fetch it first) [E_UNKNOWN_REVISION]\n',
    });
    expect((await run(repo, 'diff', '--base', '--all')).code).toBe(2);
  });

  it('a shallow clone that lacks the base', async () => {
    const parent = tempDir();
    git(parent, 'clone', '-q', '--depth', '1', `file://${repo}`, 'clone');
    const result = await run(join(parent, 'clone'), 'diff', '--base', 'HEAD~1');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'spx: revision HEAD~1 is not in this shallow clone: fetch more history: git fetch --deepen=100 (or fetch-depth: 0 on actions/checkout), or check the name [E_SHALLOW_CLONE]\n',
    );
  });

  it('a named file absent on one side', async () => {
    expect((await run(repo, 'diff', 'processes/mid-market.yaml', '--base', 'HEAD~1')).stderr).toBe(
      'spx: processes/mid-market.yaml does not exist at HEAD~1: it is new; run spx diff --base HEAD~1 without naming it to see it as an added process [E_FILE_NOT_FOUND]\n',
    );
    expect((await run(repo, 'diff', 'processes/smb.yaml', '--base', 'HEAD~1')).stderr).toBe(
      'spx: processes/smb.yaml exists at HEAD~1 but not in the working tree: it was deleted; run spx diff --base HEAD~1 without naming it to see it as a deleted process [E_FILE_NOT_FOUND]\n',
    );
    expect((await run(repo, 'diff', 'processes/never.yaml', '--base', 'HEAD~1')).stderr).toBe('spx: processes/never.yaml: no such file or directory; check the path [E_FILE_NOT_FOUND]\n');
  });

  it('either side invalid: its lint errors on stderr', async () => {
    const dir = repository();
    writeFileSync(join(dir, 'processes/enterprise.yaml'), V2.replace('start: discovery', 'start: nowhere'));
    const now = await run(dir, 'diff', 'processes/enterprise.yaml', '--base', 'HEAD~1');
    expect(now.code).toBe(2);
    expect(now.stdout).toBe('');
    expect(now.stderr).toContain('unknown-reference');
    expect(now.stderr.endsWith('spx: processes/enterprise.yaml: fix the lint errors above first (spx lint) [E_INVALID_PROCESS]\n')).toBe(true);

    writeFileSync(join(dir, 'processes/enterprise.yaml'), V1.replace('start: discovery', 'start: nowhere'));
    git(dir, 'commit', '-q', '-am', 'broken');
    writeFileSync(join(dir, 'processes/enterprise.yaml'), V2);
    const before = await run(dir, 'diff', 'processes/enterprise.yaml', '--base', 'HEAD');
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('HEAD:processes/enterprise.yaml\n');
    expect(before.stderr.endsWith('spx: HEAD:processes/enterprise.yaml: the base version does not pass lint; compare with another --base [E_INVALID_PROCESS]\n')).toBe(true);
  });

  it('the wrong number of files without --base', async () => {
    expect(await spxIn(['diff', 'examples/diff/enterprise-v1.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'spx: name two process files (spx diff OLD NEW), or compare with git: spx diff --base REV [paths…] [E_USAGE]\n',
    });
  });

  it('a bad --fail-on level', async () => {
    const result = await spxIn(['diff', 'examples/diff/enterprise-v1.yaml', 'examples/diff/enterprise-v2.yaml', '--fail-on', 'huge']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--fail-on <level>' argument 'huge' is invalid");
  });
});
