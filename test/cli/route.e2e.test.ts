// `spx route` in-process (one run through the built CLI) over the bundled processes, a directory with an industry override, overlaps, gaps and bad flags.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { ROOT, spx, tempDir } from './run-cli.js';

const BUNDLED = ['smb', 'mid-market', 'enterprise'];

/** A temporary directory holding copies of the bundled processes (and more), under `processes/` when asked. */
function repo(extra: Record<string, string> = {}, options: { withHealthcare?: boolean; under?: string } = {}): string {
  const dir = tempDir(extra);
  const target = options.under ? join(dir, options.under) : dir;
  mkdirSync(target, { recursive: true });
  for (const name of BUNDLED) copyFileSync(join(ROOT, `processes/${name}.yaml`), join(target, `${name}.yaml`));
  if (options.withHealthcare) copyFileSync(join(ROOT, 'examples/enterprise-healthcare.yaml'), join(target, 'enterprise-healthcare.yaml'));
  return dir;
}

/** A minimal valid process with the given appliesTo (flow style). */
function processFile(name: string, appliesTo: string): string {
  return [
    'apiVersion: spx/v1',
    'kind: SalesProcess',
    `metadata: { name: ${name}, version: 1.0.0, segment: other }`,
    `appliesTo: ${appliesTo}`,
    'roles: { seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true } } }',
    'start: demo',
    'steps:',
    '  demo: { title: Demo, kind: demo, owner: ae, with: [owner], duration: 1, exitCriteria: [Seen], next: [{ to: close, p: 1, within: 1 }] }',
    '  close: { title: Close, kind: close, ask: true, owner: ae, with: [owner], duration: 1, exitCriteria: [Signed], next: [{ to: won, p: 0.5 }, { to: lost, p: 0.5, reason: no-fit }] }',
    'outcomes: { won: { result: won }, lost: { result: lost } }',
    '',
  ].join('\n');
}

describe('spx route over the bundled processes', () => {
  it.each([
    [['--employees', '10'], 'smb'],
    [['--employees', '49'], 'smb'],
    [['--employees', '50'], 'mid-market'],
    [['--employees', '999', '--arr', '80000.50'], 'mid-market'],
    [['--employees', '1000'], 'enterprise'],
    [['--employees', '5000', '--industry', 'healthcare', '--region', 'emea'], 'enterprise'],
  ])('%j → %s', async (args, name) => {
    const run = await spxIn(['route', ...args, 'processes', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.result).toBe('one');
    expect(report.process).toEqual({ name, file: `processes/${name}.yaml` });
    expect(report.matches).toEqual([name]);
  });

  it('uses ./processes when DIR is not given', async () => {
    const dir = repo({}, { under: 'processes' });
    const run = await spxIn(['route', '--employees', '60'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('employees 60 → mid-market (processes/mid-market.yaml)\n    employees 60 in 50–999\n');
  });

  it('falls back to the bundled processes when there is no ./processes, and says so', () => {
    const run = spx(['route', '--employees', '10'], { cwd: tempDir() });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('spx: no ./processes folder here: routing with the processes bundled with spx\n');
    expect(run.stdout).toMatch(/^employees 10 → smb \(.*processes[/\\]smb\.yaml\)\n {4}employees 10 in up to 49\n$/);
  });

  it('lists the processes that may apply when the head count is missing (exit 1)', async () => {
    const run = await spxIn(['route', 'processes']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        '3 processes may apply to a prospect with no criteria given:',
        '  enterprise (processes/enterprise.yaml)',
        '    employees not given; this process is for 1000+',
        '  mid-market (processes/mid-market.yaml)',
        '    employees not given; this process is for 50–999',
        '  smb (processes/smb.yaml)',
        '    employees not given; this process is for up to 49',
        'give --employees to decide between them',
        '',
      ].join('\n'),
    );
  });
});

describe('spx route with an industry-specific process beside the general ones', () => {
  const dir = repo({}, { withHealthcare: true });

  it('picks the specific process for its industry and says why', async () => {
    const run = await spxIn(['route', '--employees', '5000', '--industry', 'healthcare', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `employees 5000, industry healthcare → enterprise-healthcare (${join(dir, 'enterprise-healthcare.yaml')})`,
        '    employees 5000 in 1000+',
        '    industry healthcare is listed (healthcare)',
        '    overrides enterprise (for any industry): specific to industry healthcare',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [['--employees', '5000'], 'enterprise'],
    [['--employees', '5000', '--industry', 'retail'], 'enterprise'],
    [['--employees', '20', '--industry', 'healthcare'], 'smb'],
  ])('%j → %s', async (args, name) => {
    const report = JSON.parse((await spxIn(['route', ...args, dir, '--json'])).stdout);
    expect(report.process.name).toBe(name);
  });

  it('reports the override in JSON', async () => {
    const run = await spxIn(['route', '--employees', '5000', '--industry', 'healthcare', dir, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ prospect: { employees: 5000, industry: 'healthcare' }, result: 'one', matches: ['enterprise-healthcare'], missing: [] });
    const byName = Object.fromEntries(report.processes.map((p: { name: string }) => [p.name, p]));
    expect(byName['enterprise']).toMatchObject({ status: 'overridden', specific: false, overrides: ['enterprise-healthcare'] });
    expect(byName['enterprise-healthcare']).toMatchObject({ status: 'match', specific: true, overrides: ['enterprise'] });
    expect(byName['smb']).toMatchObject({ status: 'excluded' });
    expect(byName['smb'].checks[0]).toEqual({ criterion: 'employees', verdict: 'miss', accepts: 'up to 49', reason: 'employees 5000 not in up to 49' });
  });
});

describe('spx route over overlaps and gaps', () => {
  const dir = tempDir({
    'small.yaml': processFile('small', '{ employees: { max: 60 } }'),
    'mid.yaml': processFile('mid', '{ employees: { min: 50, max: 99 } }'),
    'large.yaml': processFile('large', '{ employees: { min: 200 } }'),
  });

  it('lists both processes of an overlap and points at segment-overlap (exit 1)', async () => {
    const run = await spxIn(['route', '--employees', '55', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        '2 processes may apply to employees 55:',
        `  mid (${join(dir, 'mid.yaml')})`,
        '    employees 55 in 50–99',
        `  small (${join(dir, 'small.yaml')})`,
        '    employees 55 in up to 60',
        'their appliesTo overlap: make the ranges disjoint (spx lint reports this as segment-overlap)',
        '',
      ].join('\n'),
    );
  });

  it('says why no process covers a prospect in a gap (exit 1)', async () => {
    const run = await spxIn(['route', '--employees', '150', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        'no process applies to employees 150:',
        `  large (${join(dir, 'large.yaml')})`,
        '    employees 150 not in 200+',
        `  mid (${join(dir, 'mid.yaml')})`,
        '    employees 150 not in 50–99',
        `  small (${join(dir, 'small.yaml')})`,
        '    employees 150 not in up to 60',
        'add a process for these prospects or widen an appliesTo (spx lint reports uncovered ranges as segment-gap)',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await spxIn(['route', '--employees', '150', dir, '--json'])).stdout);
    expect(json).toMatchObject({ result: 'none', process: null, matches: [] });
  });

  it.each([
    ['40', 'small'],
    ['61', 'mid'],
    ['200', 'large'],
  ])('routes employees %s to %s', async (employees, name) => {
    const run = await spxIn(['route', '--employees', employees, dir, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).process.name).toBe(name);
  });
});

describe('spx route with a partner-sourced process (--source)', () => {
  const FILES = ['processes/', 'examples/partner-mid-market.yaml'];

  it('picks the partner process for a partner lead and says why', async () => {
    const run = await spxIn(['route', ...FILES, '--employees', '300', '--source', 'partner']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'employees 300, source partner → partner-mid-market (examples/partner-mid-market.yaml)',
        '    employees 300 in 50–999',
        '    source partner is listed (partner)',
        '    overrides mid-market (for any source): specific to source partner',
        '',
      ].join('\n'),
    );
  });

  it('keeps direct leads on the bundled mid-market process', async () => {
    const run = await spxIn(['route', ...FILES, '--employees', '300', '--source', 'inbound', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ prospect: { employees: 300, source: 'inbound' }, result: 'one', process: { name: 'mid-market' } });
  });

  it('lists both without --source, with the source as the caveat that decides (exit 1)', async () => {
    const run = await spxIn(['route', ...FILES, '--employees', '300']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        '2 processes may apply to employees 300:',
        '  mid-market (processes/mid-market.yaml)',
        '    employees 300 in 50–999',
        '  partner-mid-market (examples/partner-mid-market.yaml)',
        '    employees 300 in 50–999',
        '    source not given; this process is only for sources partner',
        'give --source to decide between them',
        '',
      ].join('\n'),
    );
    expect(JSON.parse((await spxIn(['route', ...FILES, '--employees', '300', '--json'])).stdout).missing).toEqual(['source']);
  });

  it('lints clean with the bundled processes: a partner motion is no overlap', async () => {
    const run = await spxIn(['lint', ...FILES, '--max-warnings', '0']);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });
});

describe('spx route refuses bad input', () => {
  it.each([
    [['--employees', '0'], '--employees 0: expected a whole number ≥ 1, in plain digits, e.g. --employees 250 [E_USAGE]'],
    [['--employees', '12.5'], '--employees 12.5: expected a whole number ≥ 1, in plain digits, e.g. --employees 250 [E_USAGE]'],
    [['--arr', '1,000'], '--arr 1,000: expected a number ≥ 0, in plain digits (a decimal point is fine), e.g. --arr 120000 [E_USAGE]'],
    [['--arr', '-5'], '--arr -5: expected a number ≥ 0, in plain digits (a decimal point is fine), e.g. --arr 120000 [E_USAGE]'],
    [['--industry', 'Health Care'], '--industry Health Care: give a kebab-case id as used in appliesTo, e.g. --industry healthcare [E_USAGE]'],
    [['--region', 'any'], "--region any: name the prospect's own region, or leave --region out [E_USAGE]"],
    [['--source', 'Partner'], '--source Partner: give a kebab-case id as used in appliesTo, e.g. --source partner [E_USAGE]'],
    [['--source', 'any'], "--source any: name the prospect's own source, or leave --source out [E_USAGE]"],
    [['--employees', '10', 'nowhere'], 'nowhere: no such file or directory; check the path (quote globs so the shell leaves them to spx) [E_FILE_NOT_FOUND]'],
  ])('%j exits 2 with one line', async (args, message) => {
    const run = await spxIn(['route', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`spx: ${message}\n`);
    expect(run.stdout).toBe('');
  });

  it('refuses a directory holding a process with lint errors', async () => {
    const run = await spxIn(['route', '--employees', '10', 'examples']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[E_INVALID_PROCESS]');
  });
});
