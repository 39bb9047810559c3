// `spx next` in-process: the history the process guarantees, the recovery for an unmet gate, and --by probability.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spxIn } from './in-process.js';
import { ROOT, tempDir } from './run-cli.js';

const GATED = 'test/fixtures/gate-warning/branching-gate.yaml';
const GATED_CONFIG = 'test/fixtures/gate-warning/spx.config.yaml';

describe('spx next: guaranteed history', () => {
  it('from executive-alignment gives the contract step with its date: every path there passes the reviews', async () => {
    const run = await spxIn(['next', 'processes/enterprise.yaml', '--at', 'executive-alignment', '--date', '2026-06-01', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.history.guaranteed).toEqual({
      completed: ['discovery', 'solution-demos', 'technical-validation', 'reviews'],
      involved: ['champion', 'users', 'it', 'security', 'legal', 'procurement', 'finance'],
    });
    // within { min: 1, likely: 2, max: 5 } → PERT mean 2.333…, so 3 business days after Mon 2026-06-01.
    expect(report.next).toMatchObject({ id: 'contract', holdBy: '2026-06-04' });
    expect(report.next.withinDays).toBeCloseTo(14 / 6, 12);
  });

  it('says so in text, one line per fact, within 100 columns', async () => {
    const run = await spxIn(['next', 'processes/enterprise.yaml', '--at', 'executive-alignment', '--date', '2026-06-01']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  every path here passes: discovery, solution-demos, technical-validation, reviews\n');
    expect(run.stdout).toContain('  next step: Ask for the signed contract (contract)\n    hold it by 2026-06-04');
    expect(run.stdout).toContain('  remaining path (by steps): 1 step, ');
    for (const line of run.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('--involved and --completed add to the guaranteed history', async () => {
    const run = await spxIn(['next', GATED, '--config', GATED_CONFIG, '--at', 'alignment', '--involved', 'economic-buyer', '--date', '2026-06-01', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.history).toEqual({
      guaranteed: { completed: ['discovery'], involved: ['champion'] },
      completed: ['discovery'],
      involved: ['champion', 'economic-buyer'],
    });
    expect(report.next.id).toBe('ask');
  });
});

describe('spx next: a gate really unmet', () => {
  it('names the flag that would record it and the shortest way back that meets it (exit 1)', async () => {
    const run = await spxIn(['next', GATED, '--config', GATED_CONFIG, '--at', 'alignment', '--date', '2026-06-01']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no way forward from "alignment" meets the gate of "ask"');
    expect(run.stdout).toContain('    missing: role economic-buyer\n');
    expect(run.stdout).toContain('if it did happen, record it: spx next … --involved economic-buyer');
    expect(run.stdout).toContain('    hold Business case (business-case) with economic-buyer next\n');
    // business-case 3 + (2 + 1) + (1 + 2) + 3 = 12; 1 · 0.9 · 0.5 = 0.45.
    expect(run.stdout).toContain('    then 3 steps in all, 12.0 business days expected, probability of this path 0.450\n');
  });

  it('gives the same as JSON', async () => {
    const run = await spxIn(['next', GATED, '--config', GATED_CONFIG, '--at', 'alignment', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.blocked).toEqual({ askStep: 'ask', missingInvolved: ['economic-buyer'], missingCompleted: [] });
    expect(report.recordWith).toEqual(['--involved economic-buyer']);
    expect(report.recovery.steps.map((s: { id: string }) => s.id)).toEqual(['business-case', 'alignment', 'ask']);
    expect(report.recovery.expectedDays).toBe(12);
    expect(report.recovery.probability).toBeCloseTo(0.45, 12);
  });
});

describe('spx next --by probability', () => {
  it('labels the exact win probability from here apart from the chosen path’s own', async () => {
    const run = await spxIn(['next', 'processes/enterprise.yaml', '--at', 'discovery', '--by', 'probability', '--date', '2026-06-01']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  remaining path (by probability): 5 steps');
    // w(discovery) = 0.235…: the process win rate, since discovery is the start; the path: 0.5 · 0.65 · 0.8 · 0.85 · 0.9 · 0.85.
    expect(run.stdout).toContain('  win probability from here (exact, every way the deal can go): 0.235\n');
    expect(run.stdout).toContain(`  probability of this path alone: ${(0.5 * 0.65 * 0.8 * 0.85 * 0.9 * 0.85).toFixed(3)}\n`);
  });
});

describe('per-file commands and cross-file rules', () => {
  it('spx path analyses two versions of one process side by side (duplicate-process gates spx lint only)', async () => {
    const v1 = readFileSync(join(ROOT, 'processes/smb.yaml'), 'utf8');
    const dir = tempDir({ 'v1.yaml': v1, 'v2.yaml': v1.replace('version: 1.1.0', 'version: 1.2.0') });
    const run = await spxIn(['path', 'v1.yaml', 'v2.yaml', '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as { process: string; version: string }[];
    expect(reports.map((r) => `${r.process} ${r.version}`)).toEqual(['smb 1.1.0', 'smb 1.2.0']);
    const lint = await spxIn(['lint', 'v1.yaml', 'v2.yaml'], { cwd: dir });
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('duplicate-process');
  });
});

describe('spx path --by probability', () => {
  it('names the most likely path and its probability', async () => {
    const run = await spxIn(['path', 'processes/enterprise.yaml', '--by', 'probability', '--json']);
    const [report] = JSON.parse(run.stdout);
    expect(report.minimalPath.by).toBe('probability');
    expect(report.minimalPath.probability).toBeCloseTo(0.5 * 0.65 * 0.8 * 0.85 * 0.9 * 0.85, 12);
    const text = await spxIn(['path', 'processes/enterprise.yaml', '--by', 'probability']);
    expect(text.stdout).toContain('  most likely path (by probability): 6 steps, ');
  });
});
