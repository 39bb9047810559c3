// `spx lint` on real files — exit codes, formats, config, directives, bad input: in-process, and through the built
// CLI where the process is the point (exit codes of the binary, colour environment, pipes, file permissions).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE } from '../lint/rule-tester.js';
import { spxIn } from './in-process.js';
import { BIN, ROOT, spx, tempDir } from './run-cli.js';

const asCliRun = (run: { status: number | null; stdout: string; stderr: string }) => ({ code: run.status, stdout: run.stdout, stderr: run.stderr });

const UNSCHEDULED = BASE.replace('{ to: close, p: 0.6, within: 2 }', '{ to: close, p: 0.6 }');

describe('spx lint', () => {
  it('passes the bundled processes with no output', () => {
    const run = spx(['lint', 'processes/']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('lints ./processes by default; without one, outside a terminal, checks nothing and exits 2', async () => {
    const withLocal = tempDir({ 'processes/p.yaml': UNSCHEDULED });
    const local = await spxIn(['lint'], { cwd: withLocal });
    expect(local.code).toBe(0);
    expect(local.stdout).toContain('unscheduled-next-step');
    // stdout is a pipe here, as in CI: linting the bundled examples would pass having checked none of the team's files.
    const empty = spx(['lint'], { cwd: tempDir() });
    expect(empty).toEqual({ code: 2, stdout: '', stderr: 'spx: no process files: pass paths or create ./processes [E_NO_FILES]\n' });
  });

  it('reports a warning with exit 0, and exit 1 past --max-warnings', async () => {
    const dir = tempDir({ 'p.yaml': UNSCHEDULED });
    const run = await spxIn(['lint', 'p.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('17:9  warning');
    expect(run.stdout).toContain('unscheduled-next-step');
    expect(run.stdout).toContain('1 problem (0 errors, 1 warning)');
    const strict = await spxIn(['lint', 'p.yaml', '--max-warnings', '0'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('--max-warnings 0');
    expect((await spxIn(['lint', 'p.yaml', '--quiet'], { cwd: dir })).stdout).toBe('');
  });

  it('fails with exact positions on the broken example', async () => {
    const run = await spxIn(['lint', 'examples/broken.yaml', '--format', 'json']);
    expect(run.code).toBe(1);
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; line: number; column: number }[] }[];
    const rules = new Set(result!.messages.map((m) => m.ruleId));
    for (const id of ['unknown-reference', 'unreachable-step', 'no-next-step', 'unscheduled-next-step', 'probability-sum', 'trap-cycle', 'gate-bypass', 'decision-maker-absent', 'no-owner', 'no-buyer', 'no-exit-criteria', 'duration-order', 'lost-without-reason']) {
      expect(rules, id).toContain(id);
    }
    for (const m of result!.messages) expect(m.line).toBeGreaterThan(0);
  });

  it('applies spx-disable-next-line and reports unused directives', async () => {
    const silenced = UNSCHEDULED.replace(
      '      - { to: close, p: 0.6 }',
      '      # spx-disable-next-line unscheduled-next-step -- the owner books it\n      - { to: close, p: 0.6 }',
    );
    const unused = BASE.replace('    next:\n', '    # spx-disable-next-line no-owner\n    next:\n');
    const dir = tempDir({ 'silenced.yaml': silenced, 'unused.yaml': unused });
    expect((await spxIn(['lint', 'silenced.yaml'], { cwd: dir })).stdout).toBe('');
    const run = await spxIn(['lint', 'unused.yaml', '--format', 'json'], { cwd: dir });
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; line: number; column: number }[] }[];
    expect(result!.messages.map((m) => `${m.ruleId} ${m.line}:${m.column}`)).toEqual(['unused-disable-directive 16:5']);
  });

  it('reads spx.config.yaml upward, validates it, and honours --config', async () => {
    const dir = tempDir({
      'spx.config.yaml': 'rules:\n  unscheduled-next-step: error\n',
      'team/p.yaml': UNSCHEDULED,
      'off.yaml': 'rules:\n  unscheduled-next-step: off\n',
      'bad.yaml': 'rules:\n  unscheduled-next-step: loud\n',
    });
    const up = await spxIn(['lint', 'p.yaml'], { cwd: join(dir, 'team') });
    expect(up.code).toBe(1);
    expect(up.stdout).toContain('error');
    expect((await spxIn(['lint', 'team/p.yaml', '--config', 'off.yaml'], { cwd: dir })).code).toBe(0);
    expect((await spxIn(['lint', 'team/p.yaml', '--no-config-lookup'], { cwd: dir })).code).toBe(0);
    const bad = await spxIn(['lint', 'team/p.yaml', '--config', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^spx: bad\.yaml:2:26: .*\[E_CONFIG\]\n$/);
  });

  it("skips the config's ignore globs — a bare directory name included — in directories and globs, never in named files", async () => {
    const broken = 'apiVersion: spx/v1\nkind: [\n';
    const dir = tempDir({
      'spx.config.yaml': 'ignore: [old, "drafts/", "**/deep/*.yaml"]\n',
      'good.yaml': BASE,
      'old/a.yaml': broken,
      'drafts/b.yaml': broken,
      'team/deep/c.yaml': broken,
      'team/d.yaml': BASE.replace('name: demo', 'name: demo-d'),
    });
    const linted = async (args: string[]) => (JSON.parse((await spxIn(['lint', ...args, '--format', 'json'], { cwd: dir })).stdout) as { filePath: string }[]).map((r) => r.filePath.slice(dir.length + 1)).sort();
    expect(await linted(['.'])).toEqual(['good.yaml', 'team/d.yaml']);
    expect(await linted(['**/*.yaml'])).toEqual(['good.yaml', 'team/d.yaml']);
    expect(await linted(['old/a.yaml'])).toEqual(['old/a.yaml']);
    expect((await spxIn(['lint', '.', '--no-config-lookup'], { cwd: dir })).code).toBe(1);
  });

  it('writes the report atomically with --output-file', async () => {
    const dir = tempDir({ 'p.yaml': UNSCHEDULED });
    const run = await spxIn(['lint', 'p.yaml', '--format', 'sarif', '-o', 'out.sarif'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')).version).toBe('2.1.0');
    // An existing file is the user's: replaced only with --force, refused before linting otherwise.
    writeFileSync(join(dir, 'out.sarif'), 'mine');
    expect(await spxIn(['lint', 'p.yaml', '--format', 'sarif', '-o', 'out.sarif'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'spx: out.sarif already exists: pass --force to replace it, or choose another -o file [E_FILE_EXISTS]\n',
    });
    expect(readFileSync(join(dir, 'out.sarif'), 'utf8')).toBe('mine');
    expect((await spxIn(['lint', 'p.yaml', '--format', 'sarif', '-o', 'out.sarif', '--force'], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('prints every format', async () => {
    const dir = tempDir({ 'p.yaml': UNSCHEDULED });
    expect((await spxIn(['lint', 'p.yaml', '-f', 'github'], { cwd: dir })).stdout).toBe(
      '::warning file=p.yaml,line=17,col=9,endLine=17,endColumn=30,title=unscheduled-next-step::next step "close" has no `within`; agree when it happens (e.g. within: 3) before the meeting ends\n',
    );
    expect((await spxIn(['lint', 'p.yaml', '-f', 'junit'], { cwd: dir })).stdout).toContain('<testsuites');
    const json = JSON.parse((await spxIn(['lint', 'p.yaml', '-f', 'json'], { cwd: dir })).stdout);
    expect(json[0].messages[0]).toEqual({
      ruleId: 'unscheduled-next-step', severity: 1,
      message: 'next step "close" has no `within`; agree when it happens (e.g. within: 3) before the meeting ends',
      line: 17, column: 9, endLine: 17, endColumn: 30,
      messageId: 'noWithin', data: { to: 'close' }, path: ['steps', 'call', 'next', 0],
      ruleUrl: 'https://github.com/spx-dev/spx/blob/main/docs/rules/unscheduled-next-step.md',
    });
  });

  it('colours only when asked or on a TTY, and never with NO_COLOR', () => {
    const dir = tempDir({ 'p.yaml': UNSCHEDULED });
    expect(spx(['lint', 'p.yaml'], { cwd: dir }).stdout).not.toContain('\u001b[');
    expect(spx(['lint', 'p.yaml'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(spx(['lint', 'p.yaml', '--color'], { cwd: dir, env: { NO_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(spx(['lint', 'p.yaml'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });
});

describe('spx lint on bad input', () => {
  const oneLine = (text: string) => expect(text.trim().split('\n')).toHaveLength(1);

  it.each([
    ['a missing file', ['lint', 'nope.yaml'], /nope\.yaml: no such file or directory; check the path.* \[E_FILE_NOT_FOUND\]/],
    ['a glob matching nothing', ['lint', 'nothing/**/*.yaml'], /no process files match the pattern "nothing\/\*\*\/\*\.yaml".*\[E_NO_FILES\]/],
    ['a directory with no YAML', ['lint', 'empty-dir'], /empty-dir: no process files here.*\[E_NO_FILES\]/],
    ['an unknown format', ['lint', '--format', 'xml'], /^spx: option '-f, --format <format>' argument 'xml' is invalid\. Allowed choices are stylish, json, sarif, github, junit; see spx lint --help \[E_USAGE\]$/],
    ['a bad --max-warnings', ['lint', '--max-warnings', '-1'], /^spx: --max-warnings -1: expected a whole number ≥ 0, in plain digits, e\.g\. --max-warnings 0 \[E_USAGE\]$/],
    ['an unknown option', ['lint', '--quite'], /^spx: unknown option '--quite' \(did you mean --quiet\?\); see spx lint --help \[E_USAGE\]$/],
    ['an unknown command', ['lnt'], /^spx: unknown command 'lnt' \(did you mean lint\?\); see spx --help \[E_USAGE\]$/],
    ['a device', ['lint', '/dev/zero'], /^spx: \/dev\/zero: is not a regular file but a device, pipe or socket; write the process file to a regular file and pass that \[E_READ\]$/],
    ['a device as config', ['lint', '--config', '/dev/zero'], /^spx: \/dev\/zero: is not a regular file .*config file.*\[E_CONFIG\]$/],
  ])('%s is a usage error (exit 2, one line, no stack)', async (_, args, message) => {
    const dir = tempDir({ 'empty-dir/readme.txt': 'x' });
    const run = await spxIn(args, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd()).toMatch(message);
    oneLine(run.stderr);
  });

  it('refuses a named pipe instead of blocking on it (exit 2)', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'p.yaml')]);
    const run = spx(['lint', 'p.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^spx: p\.yaml: is not a regular file .*\[E_READ\]\n$/);
  });

  it.each([
    ['an empty file', '', 1, 1, /file is empty/],
    ['a syntax error', 'apiVersion: spx/v1\nkind: [unclosed\n', 3, 1, /fix the YAML syntax/],
    ['a duplicate key', 'apiVersion: spx/v1\napiVersion: spx/v1\n', 2, 1, /each key may appear once/],
    ['binary bytes', Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x01]), 1, 4, /binary/],
    ['non-UTF-8 bytes', Buffer.concat([Buffer.from('a: 1\nb: '), Buffer.from([0xc3, 0x28])]), 2, 4, /not valid UTF-8/],
    ['an alias bomb', `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\n`, 2, 8, /aliases expand to too many nodes/],
    ['10,000-deep nesting', `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, 1, 67, /nesting is deeper than 64 levels/],
    ['a custom tag', 'apiVersion: !!js/function "x"\n', 1, 27, /tag !!js\/function is not allowed/],
  ])('%s is one yaml-syntax finding with its position (exit 1)', async (_, contents, line, column, message) => {
    const dir = tempDir({ 'p.yaml': contents });
    const run = await spxIn(['lint', 'p.yaml', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; line: number; column: number; message: string }[] }[];
    expect(result!.messages).toHaveLength(1);
    expect(result!.messages[0]).toMatchObject({ ruleId: 'yaml-syntax', line, column });
    expect(result!.messages[0]!.message).toMatch(message);
  });

  it('refuses a 20 MB file without reading it whole', async () => {
    const dir = tempDir({ 'big.yaml': `apiVersion: spx/v1\n${'# padding padding padding\n'.repeat(800_000)}` });
    const run = await spxIn(['lint', 'big.yaml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('larger than the 8 MiB limit');
    oneLine(run.stderr || 'x');
  });

  it('reports schema problems at their keys: __proto__, unknown fields, ids with spaces, other apiVersions', async () => {
    const hostile = BASE.replace('start: call\n', 'start: call\n__proto__: { polluted: true }\n')
      .replace('    title: Ask for the order\n', '    title: Ask for the order\n    colour: blue\n')
      .replace('  call:\n', '  "call now":\n    title: x\n    next: [{ to: lost }]\n  call:\n');
    const dir = tempDir({ 'p.yaml': hostile, 'v2.yaml': BASE.replace('spx/v1', 'spx/v2') });
    const run = await spxIn(['lint', 'p.yaml', 'v2.yaml', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as { messages: { ruleId: string; line: number; column: number; message: string }[] }[];
    expect(results[0]!.messages.map((m) => `${m.ruleId} ${m.line}:${m.column}`)).toEqual(['schema 9:1', 'schema 11:3', 'schema 12:5', 'schema 26:5']);
    expect(results[1]!.messages).toMatchObject([{ ruleId: 'schema', line: 1, column: 13, message: expect.stringContaining('upgrade spx') }]);
  });

  // Root reads every file whatever its mode: as root, the check runs as the unprivileged user `nobody` (setpriv).
  const asRoot = process.getuid?.() === 0;
  const setpriv = asRoot ? ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path)) : undefined;
  it.skipIf(asRoot && setpriv === undefined)('reports an unreadable file as a fatal error (as root: needs setpriv to drop to nobody)', () => {
    const dir = tempDir({ 'p.yaml': BASE });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'p.yaml'), 0o000);
    const run =
      setpriv === undefined
        ? spx(['lint', 'p.yaml'], { cwd: dir })
        : asCliRun(
            spawnSync(setpriv, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, 'lint', 'p.yaml'], {
              cwd: dir,
              encoding: 'utf8',
              env: { ...process.env, SPX_NO_COMPILE_CACHE: '1' },
            }),
          );
    expect(run.stderr).toMatch(/^spx: p\.yaml: .*\[E_[A-Z_]+\]\n$/);
    expect(run.code).toBe(2);
  });

  it('leaves the linted file byte-identical', async () => {
    const dir = tempDir({ 'p.yaml': UNSCHEDULED });
    await spxIn(['lint', 'p.yaml', '-o', 'r.txt'], { cwd: dir });
    expect(readFileSync(join(dir, 'p.yaml'), 'utf8')).toBe(UNSCHEDULED);
  });

  /** A process with 600 findings: output that overflows a pipe's buffer. */
  const manyFindings = () => {
    const steps = Array.from({ length: 600 }, (_, i) =>
      `  s${i}:\n    title: S\n    owner: ae\n    with: [owner]\n    duration: 1\n    exitCriteria: [x]\n    next: [{ to: ${i === 599 ? 'close' : `s${i + 1}`} }]\n`,
    ).join('');
    return BASE.replace('start: call', 'start: s0').replace('steps:\n', `steps:\n${steps}`);
  };

  it('writes all of a long report to a pipe and to a file (written directly, without a stream)', async () => {
    const dir = tempDir({ 'p.yaml': manyFindings() });
    const expected = (await spxIn(['lint', 'p.yaml', '--format', 'json'], { cwd: dir })).stdout;
    expect(expected.length).toBeGreaterThan(100_000);
    expect(spx(['lint', 'p.yaml', '--format', 'json'], { cwd: dir }).stdout).toBe(expected);
    const toFile = spawnSync('bash', ['-c', `node ${JSON.stringify(BIN)} lint p.yaml --format json > out.json`], { cwd: dir, encoding: 'utf8' });
    expect(toFile.status).toBe(1);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(expected);
  });

  it('exits quietly when stdout is closed early (spx lint | head -1)', () => {
    // Enough findings to overflow the pipe buffer, so the write really fails with EPIPE.
    const dir = tempDir({ 'p.yaml': manyFindings() });
    const run = spawnSync('bash', ['-c', `node ${JSON.stringify(join(ROOT, 'bin/spx.cjs'))} lint p.yaml | head -1 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toMatch(/^exit=(0|1)$/);
  });
});

describe('spx basics', () => {
  it('prints its version and help with examples', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(spx(['--version']).stdout.trim()).toBe(pkg.version);
    const help = await spxIn(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect((await spxIn(['lint', '--help'])).stdout).toContain('spx-disable-next-line');
  });

  it('lists the rules', async () => {
    const rules = JSON.parse((await spxIn(['rules', '--format', 'json'])).stdout) as { id: string; docs: string; docsUrl: string }[];
    expect(rules.map((r) => r.id)).toContain('gate-bypass');
    expect(rules.find((r) => r.id === 'gate-bypass')).toMatchObject({
      docs: 'docs/rules/gate-bypass.md',
      docsUrl: 'https://github.com/spx-dev/spx/blob/main/docs/rules/gate-bypass.md',
    });
    expect((await spxIn(['rules'])).stdout).toContain('trap-cycle');
  });
});
