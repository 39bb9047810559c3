// Outcomes that are not opportunities (`result: disqualified`): qualified numbers in path, next and simulate,
// checked against the hand computation in test/fixtures/disqualified.yaml; and `spx path --from`.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spxIn } from './in-process.js';
import { ROOT, tempDir } from './run-cli.js';

const FILE = 'test/fixtures/disqualified.yaml';
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));

describe('qualified opportunities', () => {
  it('a process whose losses include a disqualified outcome lints clean: it ends deals like lost (no trap-cycle)', async () => {
    const run = await spxIn(['lint', FILE]);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('the schema refuses an unknown result, naming the three it takes', async () => {
    const dir = tempDir({ 'p.yaml': readFileSync(join(ROOT, FILE), 'utf8').replace('result: disqualified', 'result: spam') });
    const run = await spxIn(['lint', 'p.yaml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/won, lost, disqualified|won", "lost", "disqualified|won \| lost \| disqualified/);
  });

  it('spx path gives the numbers for all deals and for the qualified ones (JSON)', async () => {
    const run = await spxIn(['path', FILE, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [report] = JSON.parse(run.stdout);
    close(report.winRate, 0.3);
    close(report.expectedCycleDays.anyOutcome, 5);
    close(report.qualified.disqualifiedRate, 0.4);
    close(report.qualified.winRate, 0.5);
    close(report.qualified.expectedCycleDays.won, 8);
    close(report.qualified.expectedCycleDays.anyOutcome, 7);
    expect(report.from).toBe('a');
  });

  it('spx path says it in text', async () => {
    const run = await spxIn(['path', FILE]);
    expect(run.stdout).toContain('  win rate 30.0% · expected cycle of won deals 8.0 business days\n');
    expect(run.stdout).toContain('  qualified opportunities (60.0% of deals; the rest end disqualified):\n    win rate 50.0% · expected time to an outcome 7.0 business days\n');
  });

  it('a process without disqualified outcomes: qualified numbers equal the others, and the text is unchanged', async () => {
    const run = await spxIn(['path', 'test/fixtures/known.yaml', '--json']);
    const [report] = JSON.parse(run.stdout);
    expect(report.qualified).toEqual({ disqualifiedRate: 0, winRate: report.winRate, expectedCycleDays: report.expectedCycleDays });
    expect((await spxIn(['path', 'test/fixtures/known.yaml'])).stdout).not.toContain('qualified');
  });

  it('spx next labels the qualified win probability from here', async () => {
    const run = await spxIn(['next', FILE, '--at', 'a', '--date', '2026-06-01', '--json']);
    const report = JSON.parse(run.stdout);
    close(report.winProbability, 0.3);
    close(report.qualifiedWinProbability, 0.5);
    const text = await spxIn(['next', FILE, '--at', 'a', '--date', '2026-06-01']);
    expect(text.stdout).toContain('    if it turns out to be an opportunity (does not end disqualified): 0.500\n');
  });

  it('spx simulate counts the qualified win rate: won deals over deals not disqualified', async () => {
    const run = await spxIn(['simulate', FILE, '--deals', '20000', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [report] = JSON.parse(run.stdout);
    const disqualified = report.outcomes.find((o: { outcome: string }) => o.outcome === 'not-a-fit').deals;
    const won = report.outcomes.find((o: { outcome: string }) => o.outcome === 'won').deals;
    expect(report.disqualifiedRate).toBe(disqualified / 20000);
    expect(report.qualifiedWinRate).toBe(won / (20000 - disqualified));
    close(report.exact.qualifiedWinRate, 0.5);
    expect(Math.abs(report.qualifiedWinRate - 0.5)).toBeLessThan(0.02);
  });
});

describe('spx path --from', () => {
  it('gives the numbers and the path from a later step', async () => {
    const run = await spxIn(['path', FILE, '--from', 'b', '--json']);
    const [report] = JSON.parse(run.stdout);
    expect(report.from).toBe('b');
    close(report.winRate, 0.5);
    close(report.expectedCycleDays.won, 5);
    expect(report.minimalPath.steps.map((s: { id: string }) => s.id)).toEqual(['b']);
    const text = await spxIn(['path', FILE, '--from', 'b']);
    expect(text.stdout).toContain('  from b: deals at the start of that step');
  });

  it('refuses an outcome or an unknown step (exit 2)', async () => {
    const run = await spxIn(['path', FILE, '--from', 'won']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--from won is an outcome, not a step');
  });
});
