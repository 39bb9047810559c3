// Every fatal error: exit 2, one line `spx: <what happened; what to do> [CODE]`, no stack unless --debug — and
// every code the source can throw is documented in the table of docs/cli/README.md.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { REPORT_HINT } from '../../src/model/errors.js';
import { ROOT, spx, tempDir } from '../cli/run-cli.js';

const SMB = readFileSync(join(ROOT, 'processes/smb.yaml'), 'utf8');
const BROKEN = readFileSync(join(ROOT, 'examples/broken.yaml'), 'utf8');

/** A directory with a valid and a broken process, a malformed config, and a git repository with one commit. */
function workspace(): string {
  const dir = tempDir({ 'smb.yaml': SMB, 'broken.yaml': BROKEN, 'bad-config.yaml': 'rules: [\n', 'out/.keep': '' });
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('add', 'smb.yaml');
  git('commit', '-q', '-m', 'base');
  return dir;
}

const CASES: readonly [code: string, args: readonly string[], hint: RegExp, env?: Record<string, string>][] = [
  ['E_USAGE', ['simulate', 'smb.yaml', '--deals', '0'], /expected a whole number from 1/],
  ['E_USAGE', ['lint', '--frmat', 'json'], /unknown option '--frmat'.*; see spx lint --help/],
  ['E_FILE_NOT_FOUND', ['path', 'nope.yaml'], /nope\.yaml: no such file or directory; check the path/],
  ['E_NO_FILES', ['lint', 'out'], /no process files here/],
  ['E_READ', ['lint', '/dev/null'], /write the process file to a regular file/],
  ['E_CONFIG', ['lint', 'smb.yaml', '--config', 'bad-config.yaml'], /bad-config\.yaml:\d+:\d+: /],
  ['E_CONFIG', ['lint', 'smb.yaml', '--config', 'missing.yaml'], /check the --config path/],
  ['E_INVALID_PROCESS', ['path', 'broken.yaml'], /fix the lint errors above first/],
  ['E_UNKNOWN_STEP', ['next', 'smb.yaml', '--at', 'nowhere'], /no such step in smb \(steps: discovery, demo, trial, closing-call\)/],
  ['E_UNKNOWN_ROLE', ['next', 'smb.yaml', '--at', 'demo', '--involved', 'ceo'], /--involved ceo .*buyer roles: owner, users/],
  ['E_BAD_DATE', ['simulate', 'smb.yaml', '--start-date', '2026-02-30'], /is not a real date; use YYYY-MM-DD/],
  ['E_WRITE', ['lint', 'smb.yaml', '-o', 'out/none/report.txt'], /cannot be written .*; check that its directory exists/],
  ['E_FILE_EXISTS', ['graph', 'smb.yaml', '-o', 'smb.yaml'], /already exists: pass --force/],
  ['E_IMPORT', ['import', 'smb.yaml', '--from', 'hubspot'], /smb\.yaml: not JSON .*expected a HubSpot pipeline/],
  ['E_UNKNOWN_REVISION', ['diff', '--base', 'no-such-branch'], /unknown revision no-such-branch: name a branch/],
  ['E_GIT', ['diff', '--base', 'main'], /git was not found on PATH: install git/, { PATH: '/nonexistent' }],
];

describe('fatal errors', () => {
  it.each(CASES)('%s: %j', (code, args, hint, env) => {
    const dir = workspace();
    const run = spx(args, { cwd: dir, env });
    expect(run.code, run.stderr).toBe(2);
    // An invalid process is the one case with more to say: its lint findings come first, the error line last.
    const errorLine = code === 'E_INVALID_PROCESS' ? `${run.stderr.trimEnd().split('\n').at(-1)}\n` : run.stderr;
    expect(errorLine).toMatch(new RegExp(`^spx: [^\\n]+ \\[${code}\\]\\n$`));
    expect(run.stderr).toMatch(hint);
  });

  it('E_NOT_GIT_REPO outside a repository', () => {
    const run = spx(['diff', '--base', 'main'], { cwd: tempDir({ 'smb.yaml': SMB }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^spx: .* is not inside a git repository: run spx from a clone, or compare two files with spx diff OLD NEW \[E_NOT_GIT_REPO\]\n$/);
  });

  it('--debug adds the stack, in source files (through the source map), after the same first line', () => {
    const dir = workspace();
    const plain = spx(['path', 'nope.yaml'], { cwd: dir });
    const debug = spx(['path', 'nope.yaml', '--debug'], { cwd: dir });
    expect(debug.code).toBe(2);
    const [first, ...stack] = debug.stderr.trimEnd().split('\n');
    expect(`${first}\n`).toBe(plain.stderr);
    expect(stack[0]).toBe('SpxError: nope.yaml: no such file or directory; check the path (quote globs so the shell leaves them to spx)');
    expect(stack.join('\n')).toMatch(/at selectFiles \(.*src\/cli\/files\.ts:\d+:\d+\)/);
  });
});

describe('E_INTERNAL: anything unexpected', () => {
  /** The CLI in-process, on the bundled processes, with a stdout that fails the way a bug would. */
  async function runWithFailingStdout(args: string[]): Promise<{ code: number; err: string }> {
    let err = '';
    const io: Io = {
      stdout: () => {
        throw new TypeError('cannot render\nthis value');
      },
      stderr: (text) => {
        err += text;
      },
      stdoutIsTTY: false,
      stdinIsTTY: false,
      env: {},
      cwd: ROOT,
      packageRoot: ROOT,
      version: '0.0.0',
      now: () => new Date('2026-11-27T00:00:00Z'),
    };
    return { code: await run(args, io), err };
  }

  it('is one line with the report hint and exit 2; --debug adds the stack', async () => {
    const plain = await runWithFailingStdout(['path', 'processes/smb.yaml']);
    expect(plain).toEqual({
      code: 2,
      err: `spx: unexpected error: cannot render this value; ${REPORT_HINT} [E_INTERNAL]\n`,
    });
    const debug = await runWithFailingStdout(['path', 'processes/smb.yaml', '--debug']);
    expect(debug.err.startsWith(plain.err)).toBe(true);
    expect(debug.err.slice(plain.err.length)).toMatch(/^TypeError: cannot render\nthis value\n\s+at /);
  });
});

describe('docs/cli/README.md documents every error code', () => {
  it('each code in SpxErrorCode has a row in its table, and the table has no others', () => {
    const declared = [...readFileSync(join(ROOT, 'src/model/errors.ts'), 'utf8').matchAll(/\| '(E_[A-Z_]+)'/g)].map((m) => m[1]).sort();
    const reference = readFileSync(join(ROOT, 'docs/cli/README.md'), 'utf8');
    const start = reference.indexOf('| code | when |');
    expect(start).toBeGreaterThan(0);
    const end = reference.indexOf('\n## ', start);
    const table = reference.slice(start, end === -1 ? undefined : end);
    const documented = [...table.matchAll(/`(E_[A-Z_]+)`/g)].map((m) => m[1]).sort();
    expect(documented).toEqual(declared);
    expect(declared.length).toBeGreaterThan(10);
  });
});
