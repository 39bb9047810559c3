// `spx init` — interactively through the built CLI in a pseudo-terminal (util-linux `script`), and from flags (in-process, one run spawned).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { BIN, spx, tempDir } from './run-cli.js';

const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

function listAll(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

// ANSI escape sequences (cursor moves, colours): ESC [ … letter.
const ANSI = new RegExp(String.raw`\u001b\[[0-9;?]*[A-Za-z]`, 'g');

/**
 * Runs `spx init` in a pseudo-terminal and answers like a person: waits for each question to appear, then
 * types. `script -e` exits with the command's exit code.
 */
function interactive(cwd: string, args = '') {
  const child = spawn('script', ['-qfec', `"${process.execPath}" "${BIN}" init ${args}`, '/dev/null'], {
    cwd,
    env: { ...process.env, TERM: 'xterm', NO_COLOR: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let seen = 0;
  const screen = () => output.replace(ANSI, '');
  return {
    screen,
    exited,
    /** Waits for `question` (after the previous one) and sends `keys`. */
    async answer(question: string, keys: string): Promise<void> {
      for (let waited = 0; waited < 10_000; waited += 25) {
        const at = screen().indexOf(question, seen);
        if (at >= 0) {
          seen = at + question.length;
          child.stdin.write(keys);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      child.kill();
      throw new Error(`never asked "${question}"; the terminal shows:\n${screen()}`);
    },
  };
}

const ENTER = '\r';
const DOWN = '\u001b[B';
const SPACE = ' ';

describe.skipIf(!HAS_SCRIPT)('spx init in a terminal', () => {
  it('asks the questions and writes files that spx lint and spx path accept', async () => {
    const dir = tempDir();
    const run = interactive(dir);
    await run.answer('Company name', `Acme${ENTER}`);
    await run.answer('Which segments', `${DOWN}${SPACE}${ENTER}`); // SMB and enterprise
    await run.answer('SMB: who takes part on the buyer side?', ENTER);
    await run.answer('SMB: who decides and signs?', ENTER);
    await run.answer('SMB: is there a free trial?', ENTER);
    await run.answer('SMB: does the buyer run a security review?', ENTER);
    await run.answer('SMB: does procurement take part', ENTER);
    await run.answer('SMB: does their legal team review the contract?', ENTER);
    await run.answer('SMB: typical deal size', `6k${ENTER}`);
    await run.answer('SMB: target cycle', `30${ENTER}`);
    await run.answer('Enterprise: who takes part on the buyer side?', ENTER);
    await run.answer('Enterprise: who decides and signs?', ENTER);
    await run.answer('Enterprise: is there a pilot', ENTER);
    await run.answer('Enterprise: does the buyer run a security review?', `n${ENTER}`);
    await run.answer('Enterprise: does procurement take part', ENTER);
    await run.answer('Enterprise: does their legal team review the contract?', ENTER);
    await run.answer('Enterprise: typical deal size', `250000${ENTER}`);
    await run.answer('Enterprise: target cycle', ENTER);
    await run.answer('Calendar: which days are workdays?', ENTER);
    await run.answer('Calendar: holidays', `2026-12-25${ENTER}`);
    await run.answer('Add a CI workflow', `${DOWN}${ENTER}`);
    expect(await run.exited, run.screen()).toBe(0);

    expect(run.screen()).toContain('spx init: wrote 4 files in .');
    expect(listAll(dir)).toEqual(['.github/workflows/spx.yml', 'processes/enterprise.yaml', 'processes/smb.yaml', 'spx.config.yaml']);
    const smb = readFileSync(join(dir, 'processes/smb.yaml'), 'utf8');
    expect(smb).toContain('title: Acme — SMB (1–49 employees)');
    expect(smb).toContain('Typical deal size 6,000 a year');
    // Mid-market was not chosen: SMB keeps its own range and the gap is said, not papered over.
    expect(run.screen()).toMatch(/warning: no process covers 50–999 employees \(Mid-market not chosen\)/);
    expect(smb).toContain('cycleDays: 30 # your target');
    expect(smb).toContain('holidays: [ 2026-12-25 ]');
    const enterprise = readFileSync(join(dir, 'processes/enterprise.yaml'), 'utf8');
    expect(enterprise).toContain('Typical deal size: 250,000 a year');
    expect(enterprise).toContain('with: [ champion, users, it, security ]'); // no security review: security joins the demos

    const lint = await spxIn(['lint'], { cwd: dir });
    expect(lint.stdout).toMatch(/segment-gap/);
    expect(lint.stdout).not.toMatch(/target-missed/);
    expect(lint.stdout).toMatch(/1 warning/);
    expect(lint.code).toBe(0);
    expect((await spxIn(['path', 'processes/smb.yaml', 'processes/enterprise.yaml'], { cwd: dir })).code).toBe(0);
  });

  it('Ctrl-C exits 130 and writes nothing', async () => {
    const dir = tempDir();
    const run = interactive(dir);
    await run.answer('Company name', `Acme${ENTER}`);
    await run.answer('Which segments', '\u0003');
    expect(await run.exited).toBe(130);
    expect(run.screen()).toContain('spx: init cancelled; nothing was written');
    expect(listAll(dir)).toEqual([]);
  });
});

describe('spx init from flags', () => {
  it('done when: init --yes then spx lint and spx path accept the files (exit 0)', () => {
    const dir = tempDir();
    const init = spx(['init', '--yes', '--segment', 'smb,mid-market,enterprise', '--company', 'Acme', '--ci', 'github'], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(listAll(dir)).toEqual(['.github/workflows/spx.yml', 'processes/enterprise.yaml', 'processes/mid-market.yaml', 'processes/smb.yaml', 'spx.config.yaml']);
    const lint = spx(['lint'], { cwd: dir });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.code).toBe(0);
    expect(spx(['lint', '--format', 'github'], { cwd: dir }).code).toBe(0);
    const files = ['processes/enterprise.yaml', 'processes/mid-market.yaml', 'processes/smb.yaml'];
    const path = spx(['path', ...files], { cwd: dir });
    expect(path.stderr).toBe('');
    expect(path.code).toBe(0);
    expect(path.stdout).toContain('Acme — Enterprise (1,000+ employees)');
  });

  it('without a terminal and without --yes, exits 2 naming the missing flags and writes nothing', async () => {
    const dir = tempDir();
    const run = await spxIn(['init', '--company', 'Acme', '--segment', 'smb', '--no-trial'], { cwd: dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toBe(
      'spx: no terminal to ask on, and these answers are missing: --roles, --decision-maker, --security-review/--no-security-review, --procurement/--no-procurement, --legal/--no-legal, --deal-size, --cycle-days, --workdays, --holidays; give them as flags, or add --yes to take the defaults [E_USAGE]\n',
    );
    expect(listAll(dir)).toEqual([]);
  });

  it('every answer as a flag needs no --yes', async () => {
    const dir = tempDir();
    const run = await spxIn(
      [
        'init', '--company', 'Acme', '--segment', 'mid-market', '--roles', 'champion,economic-buyer,users,it', '--decision-maker', 'economic-buyer',
        '--trial', '--security-review', '--no-procurement', '--legal', '--deal-size', '30000', '--cycle-days', 'auto',
        '--workdays', 'mon,tue,wed,thu,fri', '--holidays', 'none',
      ],
      { cwd: dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code, run.stderr).toBe(0);
    expect((await spxIn(['lint'], { cwd: dir })).code).toBe(0);
  });

  it('never overwrites: an existing file is untouched, exit 2 (E_FILE_EXISTS), nothing written; --force keeps FILE.bak', async () => {
    const dir = tempDir({ 'processes/smb.yaml': 'my own process\n' });
    const args = ['init', '--yes', '--segment', 'smb,enterprise', '--company', 'Acme'];
    const refused = await spxIn(args, { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'spx: processes/smb.yaml already exists; nothing was written: run again with --force to replace (each old file is kept as FILE.bak), or use --dir to scaffold elsewhere [E_FILE_EXISTS]\n',
    );
    expect(listAll(dir)).toEqual(['processes/smb.yaml']);
    expect(readFileSync(join(dir, 'processes/smb.yaml'), 'utf8')).toBe('my own process\n');

    const forced = await spxIn([...args, '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('processes/smb.yaml (replaced; the old file is kept as processes/smb.yaml.bak)');
    expect(readFileSync(join(dir, 'processes/smb.yaml.bak'), 'utf8')).toBe('my own process\n');
    expect(listAll(dir)).toEqual(['processes/enterprise.yaml', 'processes/smb.yaml', 'processes/smb.yaml.bak', 'spx.config.yaml']);
    // The backup is not a YAML file, so spx lint does not pick it up.
    expect((await spxIn(['lint'], { cwd: dir })).code).toBe(0);
  });

  it('--dry-run prints the files and writes nothing', async () => {
    const dir = tempDir();
    const run = await spxIn(['init', '--yes', '--segment', 'smb', '--company', 'Acme', '--dry-run'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^--- processes\/smb\.yaml\n# yaml-language-server: \$schema=\.\.\/node_modules\/spx\/schemas\/process\.schema\.json\n/);
    expect(run.stderr).toBe('spx: dry run: 2 files shown, nothing written\n');
    expect(listAll(dir)).toEqual([]);
  });

  it('a directory that cannot be written is a clear error, exit 2', async () => {
    const dir = tempDir({ 'not-a-dir': 'x' });
    const run = await spxIn(['init', '--yes', '--dir', 'not-a-dir/demo'], { cwd: dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^spx: .*not-a-dir: is not a directory, so nothing can be written under it; use --dir to scaffold elsewhere \[E_WRITE\]\n$/);
  });

  it('refuses a bad flag value with exit 2', async () => {
    const run = await spxIn(['init', '--yes', '--segment', 'startup'], { cwd: tempDir() });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toBe('spx: --segment: unknown value "startup"; use smb, mid-market, enterprise [E_USAGE]\n');
  });
});
