// What SECURITY.md promises, checked on the built CLI (network) and in-process (the rest): no network, no shell, no objects from YAML tags, inert
// prototype keys, and input files left exactly as they were. Each test fails if the promise breaks.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProcess } from '../../src/model/process-file.js';
import { spxIn } from '../cli/in-process.js';
import { ROOT, spx, tempDir } from '../cli/run-cli.js';

const SMB = readFileSync(join(ROOT, 'processes/smb.yaml'), 'utf8');

/** Node's built-in modules the CLI bundles may load. A new one (net, http, dns…) must be a deliberate change. */
const ALLOWED_BUILTINS = new Set([
  'buffer', 'child_process', 'crypto', 'events', 'fs', 'module', 'os', 'path', 'process', 'readline',
  'stream', 'string_decoder', 'tty', 'url', 'util', 'worker_threads', 'async_hooks',
]);
const NETWORK_BUILTINS = ['net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'inspector'];

describe('no network access', () => {
  // Every bundle the package ships: the program, the library, each command's work, the simulation worker.
  const bundles = readdirSync(join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.c?js$/.test(file) && !file.startsWith('types'))
    .map((file) => `dist/${file.split(sep).join('/')}`)
    .sort();
  it('covers the program, the library, every command and the worker', () => {
    expect(bundles).toEqual(expect.arrayContaining(['dist/cli.cjs', 'dist/core.cjs', 'dist/commands/lint.cjs', 'dist/commands/init.cjs', 'dist/simulate-worker.cjs', 'dist/forecast-worker.cjs']));
  });
  for (const bundle of bundles) {
    it(`${bundle} loads only allowed built-in modules and never calls fetch`, () => {
      const code = readFileSync(join(ROOT, bundle), 'utf8');
      // `require("x")`, and a require made with createRequire: `…)("x")` (how src/model/hash.ts loads node:crypto).
      const builtins = [...code.matchAll(/(?:require|\))\("(?:node:)?([a-z_0-9]+)"\)/g)].map((m) => m[1]!);
      if (bundle !== 'dist/index.js') expect(builtins.length).toBeGreaterThan(0);
      if (bundle === 'dist/core.cjs') expect(builtins).toContain('crypto'); // the pattern does see createRequire
      for (const name of builtins) {
        expect(NETWORK_BUILTINS).not.toContain(name);
        if (!/^(ajv|yaml)$/.test(name)) expect(ALLOWED_BUILTINS, `unexpected built-in "${name}" in ${bundle}`).toContain(name);
      }
      // However it were loaded, a networking module would be named somewhere as a string.
      expect(code).not.toMatch(new RegExp(`["'](?:node:)?(?:${NETWORK_BUILTINS.join('|')})["']`));
      expect(code).not.toMatch(/\bfetch\(|\bWebSocket\b|XMLHttpRequest/);
    });
  }

  it('every command runs with the network made unusable (a preload that fails any socket, lookup or fetch)', () => {
    const dir = tempDir({
      'no-network.cjs': `
        const deny = (what) => () => { process.stderr.write('NETWORK ATTEMPT: ' + what + '\\n'); process.exit(99); };
        require('node:net').Socket.prototype.connect = deny('net.connect');
        require('node:dns').lookup = deny('dns.lookup');
        globalThis.fetch = deny('fetch');`,
      'processes/smb.yaml': SMB,
      'deals.csv': readFileSync(join(ROOT, 'examples/deals/smb-pipeline.csv')),
    });
    const env = { NODE_OPTIONS: `--require ${join(dir, 'no-network.cjs')}` };
    const commands = [
      ['lint'],
      ['path', 'processes/smb.yaml'],
      ['next', 'processes/smb.yaml', '--at', 'demo', '--date', '2026-12-01'],
      ['simulate', 'processes/smb.yaml', '--deals', '2000', '--workers', '2'],
      ['diff', 'processes/smb.yaml', 'processes/smb.yaml'],
      ['graph', 'processes/smb.yaml'],
      ['route', '--employees', '20'],
      ['audit', 'processes/smb.yaml', 'deals.csv', '--as-of', '2026-03-02'],
      ['forecast', 'processes/smb.yaml', 'deals.csv', '--as-of', '2026-03-02', '--runs-per-deal', '20'],
      ['init', '--company', 'Acme', '--segment', 'smb', '--yes', '--dir', 'new'],
    ];
    for (const args of commands) {
      const run = spx(args, { cwd: dir, env });
      expect(run.stderr, args.join(' ')).not.toContain('NETWORK ATTEMPT');
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }
  });
});

describe('no shell', () => {
  it('src spawns only git, with an argument array and no shell option', () => {
    const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const spawning = sources.filter((f) => /from 'node:child_process'|require\(['"](node:)?child_process/.test(readFileSync(join(ROOT, 'src', f), 'utf8')));
    expect(spawning.map((f) => f.split(sep).join('/'))).toEqual(['cli/git.ts']);
    const git = readFileSync(join(ROOT, 'src/cli/git.ts'), 'utf8');
    expect([...git.matchAll(/spawnSync\(([^,]+),/g)].map((m) => m[1])).toEqual(["'git'"]);
    expect(git).not.toMatch(/shell\s*:/);
    expect(git).toMatch(/^import \{ spawnSync \} from 'node:child_process';$/m);
  });

  it.each([['$(touch pwned)'], ['HEAD;touch pwned'], ['`touch pwned`'], ['--output=pwned'], ['HEAD --output=pwned']])(
    '--base %s is a revision that does not exist, never a command (exit 2, no file made)',
    async (revision) => {
      const dir = tempDir({ 'processes/smb.yaml': SMB });
      const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
      git('init', '-q', '-b', 'main');
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'base');
      for (const command of [['diff', '--base', revision], ['lint', '--base', revision]]) {
        const run = await spxIn(command, { cwd: dir, env: { PATH: process.env['PATH'] } });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/\[E_(UNKNOWN_REVISION|USAGE)\]\n$/);
        expect(existsSync(join(dir, 'pwned'))).toBe(false);
      }
    },
  );
});

describe('YAML cannot ask for objects or reach prototypes', () => {
  it.each([
    ['!!js/function', 'x: !!js/function "function () { return 1 }"'],
    ['!!js/undefined', 'x: !!js/undefined ""'],
    ['!!python/object', 'x: !!python/object:os.system [echo]'],
    ['!!binary', 'x: !!binary aGVsbG8='],
    ['!!set', 'x: !!set { a }'],
    ['!!timestamp', 'x: !!timestamp 2026-01-01'],
    ['a local tag', 'x: !Ref other'],
  ])('%s is refused as a yaml-syntax error, before any value is built', (_, line) => {
    const loaded = loadProcess('p.yaml', `apiVersion: spx/v1\n${line}\n`);
    expect(loaded.process).toBeUndefined();
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ ruleId: 'yaml-syntax', line: 2, message: expect.stringMatching(/is not allowed: spx files are plain YAML/) })]);
  });

  it('__proto__ and constructor keys stay plain data: reported as unknown fields, Object.prototype untouched', () => {
    const text = SMB.replace('  owners: [revops@example.com]', '  owners: [revops@example.com]\n  __proto__: { polluted: true }\n  constructor: { prototype: { polluted: true } }');
    const loaded = loadProcess('p.yaml', text);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(loaded.diagnostics.map((d) => `${d.ruleId} ${d.line}:${d.column} ${d.message}`)).toEqual([
      'schema 28:3 unknown field "__proto__" in metadata; remove it or check its spelling',
      'schema 29:3 unknown field "constructor" in metadata; remove it or check its spelling',
    ]);
  });

  it('a step, a buyer role or an outcome named `constructor` is an ordinary id: the same numbers as under its own name', async () => {
    // The crm block names the step and the outcome too; a CRM stage called `constructor` is an ordinary name as well.
    const stepRenamed = SMB.replace(/^ {2}discovery:$/m, '  constructor:')
      .replace('start: discovery', 'start: constructor')
      .replace('appointmentscheduled: discovery', 'constructor: constructor');
    const roleAndOutcomeRenamed = SMB.replace(/\[owner\]/g, '[constructor]')
      .replace(/\[owner, /g, '[constructor, ')
      .replace('    owner: { title', '    constructor: { title')
      .replace(/to: lost/g, 'to: constructor')
      .replace('  lost: { result: lost', '  constructor: { result: lost')
      .replace('closedlost: lost', 'closedlost: constructor');
    const dir = tempDir({ 'smb.yaml': SMB, 'ctor.yaml': stepRenamed, 'ctor2.yaml': roleAndOutcomeRenamed });
    const numbers = async (file: string) => {
      const run = await spxIn(['path', file, '--json'], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const [result] = JSON.parse(run.stdout) as { winRate: number; cycleDays: unknown; minimalPath: { steps: string[] } }[];
      return { winRate: result!.winRate, cycleDays: result!.cycleDays, steps: result!.minimalPath.steps.length };
    };
    for (const file of ['ctor.yaml', 'ctor2.yaml']) {
      expect(await numbers(file)).toEqual(await numbers('smb.yaml'));
      expect((await spxIn(['lint', file], { cwd: dir })).code).toBe(0);
    }
  });
});

describe('input files are never modified', () => {
  it('no command changes the bytes or the modification time of the files it reads', async () => {
    const dir = tempDir({ 'processes/smb.yaml': SMB, 'spx.config.yaml': 'rules: {}\n' });
    const files = ['processes/smb.yaml', 'spx.config.yaml'].map((f) => join(dir, f));
    const before = files.map((f) => ({ bytes: readFileSync(f), mtime: statSync(f).mtimeMs }));
    for (const args of [
      ['lint', '--format', 'sarif'],
      ['path', 'processes/smb.yaml', '--by', 'time'],
      ['next', 'processes/smb.yaml', '--at', 'discovery'],
      ['simulate', 'processes/smb.yaml', '--deals', '1000'],
      ['diff', 'processes/smb.yaml', 'processes/smb.yaml'],
      ['graph', 'processes/smb.yaml', '--format', 'dot'],
      ['route', '--employees', '10'],
    ]) {
      expect((await spxIn(args, { cwd: dir })).code, args.join(' ')).toBe(0);
    }
    expect(files.map((f) => ({ bytes: readFileSync(f), mtime: statSync(f).mtimeMs }))).toEqual(before);
  });

  it('a report written with -o over an existing file needs --force and replaces it whole, never leaving a partial file', async () => {
    const dir = tempDir({ 'processes/smb.yaml': SMB, 'report.json': 'previous report' });
    expect((await spxIn(['lint', '--format', 'json', '-o', 'report.json'], { cwd: dir })).code).toBe(2);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('previous report');
    expect((await spxIn(['lint', '--format', 'json', '-o', 'report.json', '--force'], { cwd: dir })).code).toBe(0);
    // Not a regular file: never replaced, even with --force (the rename would put a file where it was).
    for (const special of ['processes', '/dev/null']) {
      const refused = await spxIn(['lint', '--format', 'json', '-o', special, '--force'], { cwd: dir });
      expect(refused).toMatchObject({ code: 2, stdout: '', stderr: `spx: ${special}: not a regular file, so spx will not replace it; omit -o to print the output, or choose another -o file [E_WRITE]\n` });
    }
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toHaveLength(1);
    writeFileSync(join(dir, 'processes/extra.yaml'), 'apiVersion: spx/v1\nkind: [');
    const failed = await spxIn(['lint', '--format', 'json', '-o', 'missing-dir/report.json'], { cwd: dir });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/\[E_WRITE\]\n$/);
    expect(existsSync(join(dir, 'missing-dir'))).toBe(false);
  });

  it('-o on a symlink whose target is missing needs --force too (the rename replaced the link without it)', async () => {
    const dir = tempDir({ 'processes/smb.yaml': SMB });
    symlinkSync(join(dir, 'nowhere.json'), join(dir, 'link.json'));
    const refused = await spxIn(['lint', '--format', 'json', '-o', 'link.json'], { cwd: dir });
    expect(refused).toMatchObject({ code: 2, stdout: '', stderr: 'spx: link.json already exists: pass --force to replace it, or choose another -o file [E_FILE_EXISTS]\n' });
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect((await spxIn(['lint', '--format', 'json', '-o', 'link.json', '--force'], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'link.json'), 'utf8'))).toHaveLength(1);
  });

  it('-o "" is a usage error (it named the working directory: ": not a regular file")', async () => {
    const dir = tempDir({ 'processes/smb.yaml': SMB });
    for (const args of [['lint', '--format', 'json'], ['audit', 'processes/smb.yaml', 'processes/smb.yaml']]) {
      const empty = await spxIn([...args, '-o', ''], { cwd: dir });
      expect(empty).toMatchObject({ code: 2, stdout: '', stderr: 'spx: -o needs a file name; omit -o to print the output [E_USAGE]\n' });
    }
  });

  it('-o - is a usage error, not a file named "-" (printing nothing where a pipe expected the output)', async () => {
    const dir = tempDir({ 'processes/smb.yaml': SMB });
    for (const args of [['graph', 'processes/smb.yaml'], ['report', 'processes/smb.yaml', '--deals', '100'], ['synthesize', 'processes/smb.yaml', '--deals', '1'], ['export', 'processes/smb.yaml', '--to', 'hubspot']]) {
      const dash = await spxIn([...args, '-o', '-'], { cwd: dir });
      expect(dash).toMatchObject({ code: 2, stdout: '', stderr: 'spx: -o - names no file: omit -o to print the output (or write -o ./- for a file named "-") [E_USAGE]\n' });
      expect(existsSync(join(dir, '-'))).toBe(false);
    }
    expect((await spxIn(['graph', 'processes/smb.yaml', '-o', './-'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, '-'), 'utf8')).toMatch(/^flowchart/);
  });
});
