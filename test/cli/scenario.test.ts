// `--set PATH=VALUE` what-ifs on path, next and simulate, in-process: the numbers equal editing the file by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyScenario, parseSetting } from '../../src/model/scenario.js';
import { spxIn } from './in-process.js';
import { ROOT, tempDir } from './run-cli.js';

/** spx in-process with the clock these tests assume: Monday 2026-06-15, noon UTC. */
const runInProcess = (argv: readonly string[], options: { cwd?: string } = {}) => spxIn(argv, { ...options, now: '2026-06-15T12:00:00Z' });

const SMB = readFileSync(join(ROOT, 'processes/smb.yaml'), 'utf8');
const edit = (text: string, from: string, to: string): string => {
  expect(text).toContain(from);
  return text.replace(from, to);
};
/** The same file edited by hand as the scenario below describes. */
const HAND_EDITED = edit(
  edit(edit(SMB, '{ to: trial, p: 0.75,', '{ to: trial, p: 0.85,'), '{ to: lost, p: 0.25, reason: no-fit }', '{ to: lost, p: 0.15, reason: no-fit }'),
  'duration: { min: 5, likely: 10, max: 14 }',
  'duration: { min: 5, likely: 7, max: 14 }',
);
const SETTINGS = ['--set', 'steps.demo.next.trial.p=0.85', '--set', 'steps.trial.duration.likely=7'];
const withoutFile = (reports: Record<string, unknown>[]) => reports.map(({ file: _file, scenario: _scenario, ...rest }) => rest);

describe('--set', () => {
  const dir = tempDir({ 'smb.yaml': SMB, 'edited.yaml': HAND_EDITED });

  it('spx path: the scenario gives exactly the numbers of the hand-edited file, and the file is untouched', async () => {
    const scenario = await runInProcess(['path', 'smb.yaml', '--json', ...SETTINGS], { cwd: dir });
    const edited = await runInProcess(['path', 'edited.yaml', '--json'], { cwd: dir });
    expect(scenario.stderr).toBe('');
    expect(scenario.code).toBe(0);
    const reports = JSON.parse(scenario.stdout);
    expect(withoutFile(reports)).toEqual(withoutFile(JSON.parse(edited.stdout)));
    expect(reports[0].scenario).toEqual([
      { path: 'steps.demo.next.trial.p', from: 0.75, to: 0.85 },
      { path: 'steps.demo.next.lost.p', from: 0.25, to: 0.15 },
      { path: 'steps.trial.duration.likely', from: 10, to: 7 },
    ]);
    expect(readFileSync(join(dir, 'smb.yaml'), 'utf8')).toBe(SMB);
    // Without --set the JSON has no scenario key at all.
    expect(JSON.parse(edited.stdout)[0]).not.toHaveProperty('scenario');
  });

  it('spx path states the scenario in text', async () => {
    const run = await runInProcess(['path', 'smb.yaml', ...SETTINGS], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  scenario: steps.demo.next.trial.p 0.75 → 0.85, steps.demo.next.lost.p 0.25 → 0.15, steps.trial.duration.likely 10 → 7 (not in the file)');
  });

  it('spx simulate and spx next: the same numbers as the hand-edited file', async () => {
    const simulated = await runInProcess(['simulate', 'smb.yaml', '--json', '--deals', '20000', '--seed', '3', ...SETTINGS], { cwd: dir });
    const editedSim = await runInProcess(['simulate', 'edited.yaml', '--json', '--deals', '20000', '--seed', '3'], { cwd: dir });
    expect(simulated.code).toBe(0);
    expect(withoutFile(JSON.parse(simulated.stdout))).toEqual(withoutFile(JSON.parse(editedSim.stdout)));
    expect(JSON.parse(simulated.stdout)[0].scenario).toHaveLength(3);
    const next = await runInProcess(['next', 'smb.yaml', '--at', 'demo', '--date', '2026-06-01', '--json', ...SETTINGS], { cwd: dir });
    const editedNext = await runInProcess(['next', 'edited.yaml', '--at', 'demo', '--date', '2026-06-01', '--json'], { cwd: dir });
    expect(withoutFile([JSON.parse(next.stdout)])).toEqual(withoutFile([JSON.parse(editedNext.stdout)]));
    expect(JSON.parse(next.stdout).scenario[0]).toEqual({ path: 'steps.demo.next.trial.p', from: 0.75, to: 0.85 });
  });

  it('adds a field the file leaves out (targets, metadata.dealValue)', async () => {
    const run = await runInProcess(['path', 'smb.yaml', '--json', '--set', 'metadata.dealValue=6000'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)[0].scenario).toEqual([{ path: 'metadata.dealValue', from: null, to: 6000 }]);
  });

  it('a path that names nothing is a usage error with the nearest valid path', async () => {
    const run = await runInProcess(['path', 'smb.yaml', '--set', 'steps.demo.next.trail.p=0.8'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('spx: --set steps.demo.next.trail.p=0.8: smb.yaml has no steps.demo.next.trail.p (did you mean steps.demo.next.trial.p?) [E_USAGE]\n');
    const typo = await runInProcess(['path', 'smb.yaml', '--set', 'steps.trial.durration.likely=3'], { cwd: dir });
    expect(typo.stderr).toContain('(did you mean steps.trial.duration.likely?) [E_USAGE]');
  });

  it('bad values are usage errors; a scenario that breaks the process is refused with its lint errors', async () => {
    expect((await runInProcess(['path', 'smb.yaml', '--set', 'steps.demo.next.trial.p=1.5'], { cwd: dir })).stderr).toBe(
      'spx: --set steps.demo.next.trial.p=1.5: p must be a number from 0 to 1 [E_USAGE]\n',
    );
    const schema = await runInProcess(['path', 'smb.yaml', '--set', 'steps.demo.duration=soon'], { cwd: dir });
    expect(schema.code).toBe(2);
    expect(schema.stderr).toMatch(/^spx: --set steps\.demo\.duration=soon: steps\.demo\.duration .*\[E_USAGE\]\n$/);
    expect((await runInProcess(['path', 'smb.yaml', '--set', 'nonsense'], { cwd: dir })).stderr).toContain('expected PATH=VALUE');
    // No deal reaches the trial any more: unreachable-step and friends, then one clear line.
    const broken = await runInProcess(['path', 'smb.yaml', '--set', 'steps.demo.next.trial.p=0'], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('unreachable-step');
    expect(broken.stderr).toContain('with --set steps.demo.next.trial.p=0, the process has the lint errors above; change the scenario [E_INVALID_PROCESS]');
  });
});

describe('applyScenario', () => {
  it('keeps comments (and so spx-disable directives) and renormalises the other transitions', () => {
    const { text, changes } = applyScenario('smb.yaml', SMB, [parseSetting('steps.discovery.next.demo.p=0.9')]);
    expect(text).toContain('# yaml-language-server');
    expect(text).toContain('{ to: demo, p: 0.9, within: { min: 1, likely: 2, max: 5 } }');
    expect(text).toContain('{ to: lost, p: 0.1, reason: not-qualified }');
    expect(changes).toHaveLength(2);
  });
});
