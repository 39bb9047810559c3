// `spx init` in-process: flags → answers, defaults, the missing-flag error, Ctrl-C, and the no-loss writes.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { companyFromDir, initCommand, knownAnswers, missingFlags, withDefaults, type AskAnswers, type InitOptions } from '../../src/cli/commands/init.js';
import { SpxError } from '../../src/model/errors.js';
import { SEGMENT_DEFAULTS } from '../../src/scaffold/answers.js';
import { fakeIo as newFakeIo } from './in-process.js';
import { BIN, tempDir } from './run-cli.js';

const fakeIo = (cwd: string, tty = false) => newFakeIo({ cwd, tty, env: {}, packageRoot: '/nonexistent', now: '2026-06-01T00:00:00Z' });

function listAll(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

const ALL: InitOptions = { yes: true, company: 'Acme', segment: 'smb,mid-market,enterprise', ci: 'github' };

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SpxError);
    return `${(error as SpxError).code}: ${(error as SpxError).message}`;
  }
  throw new Error('expected a usage error');
}

describe('flags → answers', () => {
  it('parses lists, per-segment numbers, auto and none', () => {
    expect(
      knownAnswers({
        company: 'Acme',
        segment: 'enterprise, smb',
        roles: 'champion,economic-buyer',
        decisionMaker: 'economic-buyer',
        trial: false,
        legal: true,
        dealSize: 'smb=5000,enterprise=120000',
        cycleDays: '40,enterprise=auto',
        workdays: 'MON,tue',
        holidays: 'none',
      }),
    ).toEqual({
      company: 'Acme',
      segments: ['enterprise', 'smb'],
      roles: ['champion', 'economic-buyer'],
      decisionMaker: 'economic-buyer',
      trial: false,
      legalReview: true,
      dealSize: { bySegment: { smb: 5000, enterprise: 120000 } },
      cycleDays: { all: 40, bySegment: { enterprise: 'auto' } },
      workdays: ['mon', 'tue'],
      holidays: [],
    });
  });

  it('reads amounts as people write them, with commas inside numbers and between segment pairs', () => {
    expect(knownAnswers({ dealSize: '6k' }).dealSize).toEqual({ all: 6000, bySegment: {} });
    expect(knownAnswers({ dealSize: '$6,000' }).dealSize).toEqual({ all: 6000, bySegment: {} });
    expect(knownAnswers({ dealSize: '6 000' }).dealSize).toEqual({ all: 6000, bySegment: {} });
    expect(knownAnswers({ dealSize: 'smb=5,000,enterprise=1.5m' }).dealSize).toEqual({ bySegment: { smb: 5000, enterprise: 1_500_000 } });
    expect(knownAnswers({ dealSize: '20,000, enterprise = 120k' }).dealSize).toEqual({ all: 20000, bySegment: { enterprise: 120000 } });
    expect(knownAnswers({ cycleDays: '1,200' }).cycleDays).toEqual({ all: 1200, bySegment: {} });
  });

  it('refuses malformed flags with a message naming the flag and the fix', () => {
    expect(usageError(() => knownAnswers({ segment: 'smb,startup' }))).toBe('E_USAGE: --segment: unknown value "startup"; use smb, mid-market, enterprise');
    expect(usageError(() => knownAnswers({ roles: 'cfo' }))).toMatch(/^E_USAGE: --roles: unknown value "cfo"; use owner, champion/);
    expect(usageError(() => knownAnswers({ decisionMaker: 'ceo' }))).toMatch(/--decision-maker: unknown value "ceo"/);
    expect(usageError(() => knownAnswers({ dealSize: 'lots' }))).toBe('E_USAGE: --deal-size: "lots" is not a number; write digits, e.g. 6000, 6,000, 6 000, 6k, 1.5m or $6,000');
    expect(usageError(() => knownAnswers({ dealSize: '0x10' }))).toMatch(/^E_USAGE: --deal-size: "0x10" is not a number/);
    expect(usageError(() => knownAnswers({ dealSize: 'smb=1e3' }))).toMatch(/^E_USAGE: --deal-size: "1e3" is not a number/);
    expect(usageError(() => knownAnswers({ dealSize: '6,00' }))).toMatch(/^E_USAGE: --deal-size: "6,00": a comma or space separates thousands/);
    expect(usageError(() => knownAnswers({ cycleDays: '6k' }))).toBe('E_USAGE: --cycle-days: "6k" is not a number; write digits, e.g. 60, 7.5 or 1,200');
    expect(usageError(() => knownAnswers({ cycleDays: '0' }))).toBe('E_USAGE: --cycle-days: "0" is not a positive number or auto');
    expect(usageError(() => knownAnswers({ cycleDays: 'global=3' }))).toMatch(/--cycle-days: unknown segment "global"/);
    expect(usageError(() => knownAnswers({ holidays: '2026-02-30' }))).toBe('E_USAGE: --holidays: "2026-02-30" is not a calendar date; check the month and day, or none');
    expect(usageError(() => knownAnswers({ workdays: 'funday' }))).toMatch(/--workdays: unknown value "funday"/);
    expect(usageError(() => knownAnswers({ company: '  ' }))).toMatch(/--company is empty/);
  });

  it('names every missing answer; per-segment numbers count only for the chosen segments', () => {
    expect(missingFlags({})).toEqual([
      '--company',
      '--segment',
      '--roles',
      '--decision-maker',
      '--trial/--no-trial',
      '--security-review/--no-security-review',
      '--procurement/--no-procurement',
      '--legal/--no-legal',
      '--deal-size',
      '--cycle-days',
      '--workdays',
      '--holidays',
    ]);
    const known = knownAnswers({ segment: 'smb,enterprise', dealSize: 'smb=1,enterprise=2', cycleDays: 'enterprise=3' });
    expect(missingFlags(known)).toContain('--cycle-days');
    expect(missingFlags(known)).not.toContain('--deal-size');
  });

  it('--yes takes the bundled defaults and the directory name as company', () => {
    const answers = withDefaults(knownAnswers({ segment: 'mid-market', cycleDays: 'auto', trial: true }), companyFromDir('/tmp/acme-inc'));
    expect(answers.company).toBe('Acme Inc');
    expect(answers.segments).toEqual([{ segment: 'mid-market', answers: { ...SEGMENT_DEFAULTS['mid-market'], trial: true } }]);
    expect(answers.ci).toBe('none');
    expect(companyFromDir('/')).toBe('Our company');
  });
});

describe('initCommand', () => {
  it('writes the files and says what next', async () => {
    const dir = tempDir();
    const io = fakeIo(dir);
    expect(await initCommand(ALL, io)).toBe(0);
    expect(listAll(dir)).toEqual(['.github/workflows/spx.yml', 'processes/enterprise.yaml', 'processes/mid-market.yaml', 'processes/smb.yaml', 'spx.config.yaml']);
    expect(io.out).toMatch(/^spx init: wrote 5 files in \.\n {2}processes\/smb\.yaml\n/);
    expect(io.out).toContain('  spx next processes/smb.yaml --at discovery  the next step for a deal\n');
  });

  it('without a terminal, exits 2 naming the missing flags (and asks nothing)', async () => {
    const dir = tempDir();
    const ask: AskAnswers = async () => {
      throw new Error('must not ask');
    };
    await expect(initCommand({ company: 'Acme', segment: 'smb' }, fakeIo(dir), ask)).rejects.toThrow(
      'no terminal to ask on, and these answers are missing: --roles, --decision-maker, --trial/--no-trial, --security-review/--no-security-review, --procurement/--no-procurement, --legal/--no-legal, --deal-size, --cycle-days, --workdays, --holidays; give them as flags, or add --yes to take the defaults',
    );
    expect(listAll(dir)).toEqual([]);
  });

  it('with a terminal, asks the wizard for the rest', async () => {
    const dir = tempDir();
    let asked: unknown;
    const ask: AskAnswers = async (known, context) => {
      asked = { known, context };
      return withDefaults(known, 'Asked Co');
    };
    expect(await initCommand({ segment: 'smb' }, fakeIo(dir, true), ask)).toBe(0);
    expect(asked).toEqual({ known: { segments: ['smb'] }, context: { defaultCompany: expect.any(String) } });
    expect(readFileSync(join(dir, 'processes/smb.yaml'), 'utf8')).toContain('title: Asked Co — SMB (1–49 employees)');
  });

  it('Ctrl-C in the wizard exits 130 and writes nothing', async () => {
    const dir = tempDir();
    const io = fakeIo(dir, true);
    const ask: AskAnswers = async () => {
      throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    };
    expect(await initCommand({}, io, ask)).toBe(130);
    expect(io.err).toBe('\nspx: init cancelled; nothing was written\n');
    expect(listAll(dir)).toEqual([]);
  });

  it('stops before the questions when a file it will write exists', async () => {
    const dir = tempDir({ 'spx.config.yaml': 'rules: {}\n' });
    const io = fakeIo(dir, true);
    const ask: AskAnswers = async () => {
      throw new Error('must not ask');
    };
    await expect(initCommand({}, io, ask)).rejects.toThrow(expect.objectContaining({ code: 'E_FILE_EXISTS', message: expect.stringMatching(/^spx\.config\.yaml already exists; nothing was written/) }));
  });

  it('never overwrites without --force: names the conflicts in an E_FILE_EXISTS error, writes nothing at all', async () => {
    const dir = tempDir({ 'processes/smb.yaml': 'mine\n', 'spx.config.yaml': 'mine too\n' });
    const io = fakeIo(dir);
    await expect(initCommand(ALL, io)).rejects.toThrow(
      expect.objectContaining({
        code: 'E_FILE_EXISTS',
        message:
          'processes/smb.yaml, spx.config.yaml already exist; nothing was written: run again with --force to replace (each old file is kept as FILE.bak), or use --dir to scaffold elsewhere',
      }),
    );
    expect(io.err).toBe('');
    expect(listAll(dir)).toEqual(['processes/smb.yaml', 'spx.config.yaml']);
    expect(readFileSync(join(dir, 'processes/smb.yaml'), 'utf8')).toBe('mine\n');
  });

  it('--force keeps each old file as FILE.bak, and never overwrites an older backup', async () => {
    const dir = tempDir({ 'processes/smb.yaml': 'mine\n', 'spx.config.yaml': 'old config\n', 'spx.config.yaml.bak': 'older backup\n' });
    const io = fakeIo(dir);
    expect(await initCommand({ ...ALL, force: true }, io)).toBe(0);
    expect(readFileSync(join(dir, 'processes/smb.yaml.bak'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(dir, 'spx.config.yaml.bak'), 'utf8')).toBe('older backup\n');
    expect(readFileSync(join(dir, 'spx.config.yaml.bak.1'), 'utf8')).toBe('old config\n');
    expect(readFileSync(join(dir, 'processes/smb.yaml'), 'utf8')).toMatch(/^# yaml-language-server/);
    expect(io.out).toContain('  processes/smb.yaml (replaced; the old file is kept as processes/smb.yaml.bak)\n');
    expect(io.out).toContain('  spx.config.yaml (replaced; the old file is kept as spx.config.yaml.bak.1)\n');
    // No temp files left behind by the atomic writes.
    expect(listAll(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('--dry-run prints the files and writes nothing', async () => {
    const dir = tempDir();
    const io = fakeIo(dir);
    expect(await initCommand({ ...ALL, dryRun: true }, io)).toBe(0);
    expect(io.out).toContain('--- processes/smb.yaml\n# yaml-language-server: $schema=');
    expect(io.out).toContain('--- .github/workflows/spx.yml\n');
    expect(io.err).toBe('spx: dry run: 5 files shown, nothing written\n');
    expect(listAll(dir)).toEqual([]);
  });

  it('--dry-run with a conflict marks it and fails with E_FILE_EXISTS, as the real run would', async () => {
    const dir = tempDir({ 'spx.config.yaml': 'x\n' });
    const io = fakeIo(dir);
    await expect(initCommand({ ...ALL, dryRun: true }, io)).rejects.toThrow(expect.objectContaining({ code: 'E_FILE_EXISTS' }));
    expect(io.out).toContain('--- spx.config.yaml (exists)\n');
    expect(readFileSync(join(dir, 'spx.config.yaml'), 'utf8')).toBe('x\n');
  });

  it('--dir creates the directory; a path under a file is a clear E_WRITE error and writes nothing', async () => {
    const dir = tempDir({ 'a-file': 'x' });
    expect(await initCommand({ ...ALL, dir: 'new/place' }, fakeIo(dir))).toBe(0);
    expect(existsSync(join(dir, 'new/place/processes/smb.yaml'))).toBe(true);
    await expect(initCommand({ ...ALL, dir: 'a-file/sub' }, fakeIo(dir))).rejects.toThrow(/a-file: is not a directory, so nothing can be written under it; use --dir/);
    await expect(initCommand({ ...ALL, dir: 'a-file/sub' }, fakeIo(dir))).rejects.toMatchObject({ code: 'E_WRITE' });
  });

  it('a target that is a directory is an E_WRITE error', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'spx.config.yaml'));
    await expect(initCommand(ALL, fakeIo(dir))).rejects.toThrow(/spx\.config\.yaml: is a directory/);
    expect(listAll(dir)).toEqual([]);
  });

  // Root writes everywhere: as root, the same check runs through the built CLI as the user `nobody` (setpriv).
  const asRoot = process.getuid?.() === 0;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));
  it.skipIf(!asRoot || setpriv === undefined)('as root: an unwritable directory is E_WRITE for an unprivileged user (setpriv)', () => {
    const dir = tempDir();
    chmodSync(dir, 0o555);
    const run = spawnSync(
      setpriv!,
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, 'init', '--yes', '--company', 'Acme', '--segment', 'smb', '--ci', 'github'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, SPX_NO_COMPILE_CACHE: '1' } },
    );
    expect(run.stderr).toMatch(/directory is not writable; fix its permissions or use --dir.*\[E_WRITE\]\n$/);
    expect(run.status).toBe(2);
    expect(listAll(dir)).toEqual([]);
  });

  it.skipIf(asRoot)('an unwritable directory is a clear E_WRITE error and nothing is written', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o555);
    try {
      await expect(initCommand(ALL, fakeIo(dir))).rejects.toThrow(/directory is not writable; fix its permissions or use --dir/);
      expect(listAll(dir)).toEqual([]);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('prints the scaffold notes (roles added) and keeps a target the model misses, with a warning', async () => {
    const dir = tempDir();
    const io = fakeIo(dir);
    expect(await initCommand({ yes: true, company: 'Acme', segment: 'smb', legal: true, cycleDays: '5' }, io)).toBe(0);
    expect(io.out).toContain('note: smb: added buyer role legal (the legal review needs a reviewer)\n');
    expect(io.out).toMatch(
      /warning: smb: target cycle 5 business days kept as you gave it; the process as scaffolded gives E\[cycle \| won\] = \d+\.\d, so spx lint reports target-missed until you shorten the steps or calibrate their durations\n/,
    );
    expect(io.out).toMatch(/spx lint +check the processes \(it reports the warnings above\)/);
    expect(readFileSync(join(dir, 'processes/smb.yaml'), 'utf8')).toMatch(/cycleDays: 5 # your target/);
  });

  it('SMB and enterprise: warns about the head counts no process covers (stderr on a dry run)', async () => {
    const io = fakeIo(tempDir());
    expect(await initCommand({ yes: true, company: 'Acme', segment: 'smb,enterprise', dryRun: true }, io)).toBe(0);
    expect(io.err).toContain(
      "spx: warning: no process covers 50–999 employees (Mid-market not chosen); spx lint reports segment-gap until you add a process for them or widen a neighbour's appliesTo.employees\n",
    );
  });
});
