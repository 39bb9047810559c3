// `spx simulate` text in-process: --percentiles, the outcomes broken down, titles in the tables.
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';

const ARGS = ['simulate', 'processes/enterprise.yaml', '--deals', '5000', '--start-date', '2026-06-01'];

describe('spx simulate --percentiles', () => {
  it('reports the percentiles asked for, in JSON and text, with their close dates', async () => {
    const json = await spxIn([...ARGS, '--percentiles', '10,25,50,90', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const [report] = JSON.parse(json.stdout);
    const ps = report.cycleDays.percentiles as { p: number; days: number }[];
    expect(ps.map((x) => x.p)).toEqual([10, 25, 50, 90]);
    // The same quantile function as the fixed ones: p50 and p90 agree exactly.
    expect(ps[2]!.days).toBe(report.cycleDays.p50);
    expect(ps[3]!.days).toBe(report.cycleDays.p90);
    expect(ps[0]!.days).toBeLessThanOrEqual(ps[1]!.days);
    expect(report.closeDates.percentiles.map((x: { p: number }) => x.p)).toEqual([10, 25, 50, 90]);
    expect(report.closeDates.percentiles[2].date).toBe(report.closeDates.p50);

    const text = await spxIn([...ARGS, '--percentiles', '10,25,50,90']);
    expect(text.stdout).toContain(`│ p10       │ ${ps[0]!.days.toFixed(1).padEnd(13)} │ ${report.closeDates.percentiles[0].date}`);
    expect(text.stdout).not.toContain('│ p95 ');
  });

  it('without the option the JSON keeps its shape', async () => {
    const [report] = JSON.parse((await spxIn([...ARGS, '--json'])).stdout);
    expect(report.cycleDays.percentiles).toBeUndefined();
    expect(report.closeDates.percentiles).toBeUndefined();
  });

  it('refuses a percentile outside (0, 100] (exit 2, one line)', async () => {
    for (const bad of ['0,50', '50,101', 'ten', '50,']) {
      const run = await spxIn([...ARGS, '--percentiles', bad]);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toMatch(/^spx: --percentiles .*: expected percentiles above 0 and at most 100, comma-separated, e\.g\. 10,25,50,90 \[E_USAGE\]\n$/);
    }
  });
});

describe('spx simulate text', () => {
  it('breaks the outcomes down and names steps by title', async () => {
    const json = JSON.parse((await spxIn([...ARGS, '--json'])).stdout)[0];
    const text = (await spxIn(ARGS)).stdout;
    const won = json.outcomes.find((o: { outcome: string }) => o.outcome === 'won');
    expect(text).toContain('Outcomes (how deals ended)');
    expect(text).toMatch(new RegExp(`│ won +│ won +│ ${won.deals.toLocaleString('en-US')} +│ ${(won.share * 100).toFixed(1)}% +│`));
    expect(text).toContain('  5,000 deals from Discovery (discovery) · seed 1');
    expect(text).toMatch(/│ Technical validation +│ \d+\.\d%/);
    expect(text).not.toMatch(/│ technical-validation +│/);
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
  });
});
