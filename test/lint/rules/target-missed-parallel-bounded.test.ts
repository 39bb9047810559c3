// A parallel step whose tracks once made E[max] integrate without end: lint (target-missed), path and sensitivity finish.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spxIn } from '../../cli/in-process.js';
import { ROOT } from '../../cli/run-cli.js';

/**
 * The bundled enterprise process with its three parallel reviews replaced: a triangular estimate whose span is near the
 * underflow limit (5.3e-305 days), a fixed 0 and a PERT whose likely is next to its max. Each refined every
 * interval to depth 40 (2^40 evaluations) in E[max] and in the criticalities sensitivity uses.
 */
const enterprise = readFileSync(join(ROOT, 'processes/enterprise.yaml'), 'utf8');
const reviews: Record<string, string> = {
  '{ min: 10, likely: 20, max: 45 }': '{ min: 0, likely: 0, max: 5.3e-305, dist: triangular }',
  '{ min: 5, likely: 10, max: 30 }': '0',
  '{ min: 5, likely: 8, max: 20 }': '{ min: 0, likely: 48.25, max: 48.5 }',
};
let yaml = enterprise;
for (const [from, to] of Object.entries(reviews)) {
  expect(yaml.split(`duration: ${from}`)).toHaveLength(2);
  yaml = yaml.replace(`duration: ${from}`, `duration: ${to}`);
}
const dir = mkdtempSync(join(tmpdir(), 'spx-parallel-bounded-'));
const file = join(dir, 'enterprise.yaml');
writeFileSync(file, yaml);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Generous for a loaded machine; these runs took minutes to hours before. */
const SECONDS = 10;

describe('a parallel step with ill-conditioned tracks', () => {
  it('path prints a finite E[max] for the reviews', async () => {
    const start = performance.now();
    const { code, stdout } = await spxIn(['path', file, '--json']);
    expect(performance.now() - start).toBeLessThan(SECONDS * 1000);
    expect(code).toBe(0);
    const [result] = JSON.parse(stdout);
    const reviewsStep = result.minimalPath.steps.find((step: { id: string }) => step.id === 'reviews');
    // E[max] is the PERT's mean (0 + 4·48.25 + 48.5) / 6 = 40.25 up to the integration's 1e-11: the others end at ~0.
    expect(Math.abs(reviewsStep.expectedDays - 40.25)).toBeLessThan(1e-9);
    expect(Number.isFinite(result.expectedCycleDays.won)).toBe(true);
  });

  it('lint (target-missed computes the exact cycle) and sensitivity finish', async () => {
    const start = performance.now();
    const lint = await spxIn(['lint', file, '--format', 'json']);
    const sensitivity = await spxIn(['sensitivity', file, '--json']);
    expect(performance.now() - start).toBeLessThan(SECONDS * 1000);
    expect(lint.stderr).toBe('');
    expect(JSON.parse(lint.stdout)).toBeInstanceOf(Array);
    expect(sensitivity.code).toBe(0);
  });
});
