// `spx sensitivity` in-process: ranked levers, capacity and the pipeline for a target, checked against exact values.
import { describe, expect, it } from 'vitest';
import { computeSensitivity } from '../../src/analysis/sensitivity.js';
import { loadProcess } from '../../src/model/process-file.js';
import { spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

/** spx in-process with the clock these tests assume: Monday 2026-06-15, noon UTC. */
const runInProcess = (argv: readonly string[], options: { cwd?: string } = {}) => spxIn(argv, { ...options, now: '2026-06-15T12:00:00Z' });

// a (ae, 2 days) → b 0.5 (1 day later) | lost; b (se, 3 days) → won 0.8 | lost. W = 0.4, E[cycle | won] = 6.
const CHAIN = `apiVersion: spx/v1
kind: SalesProcess
metadata: { name: chain, version: 1.0.0, segment: other, dealValue: 100000 }
roles:
  seller: { ae: Account executive, se: Solutions engineer }
  buyer: { owner: { title: Owner, decisionMaker: true } }
start: a
steps:
  a:
    kind: demo
    owner: ae
    with: [owner]
    duration: 2
    exitCriteria: [Fit]
    next:
      - { to: b, p: 0.5, within: 1 }
      - { to: lost, p: 0.5 }
  b:
    kind: close
    ask: true
    owner: se
    with: [owner]
    duration: 3
    exitCriteria: [Signed]
    next:
      - { to: won, p: 0.8 }
      - { to: lost, p: 0.2 }
outcomes: { won: { result: won }, lost: { result: lost } }
`;
// One step of exactly 10 business days, won half the time: every won cycle is 10 days.
const TEN_DAYS = `apiVersion: spx/v1
kind: SalesProcess
metadata: { name: ten, version: 1.0.0, segment: other }
roles:
  seller: { ae: Account executive }
  buyer: { owner: { title: Owner, decisionMaker: true } }
start: meet
steps:
  meet:
    kind: demo
    owner: ae
    with: [owner]
    duration: 0
    exitCriteria: [Met]
    next:
      - { to: a, within: 0 }
  a:
    kind: close
    ask: true
    owner: ae
    with: [owner]
    duration: 10
    exitCriteria: [Signed]
    next:
      - { to: won, p: 0.5 }
      - { to: lost, p: 0.5 }
outcomes: { won: { result: won }, lost: { result: lost } }
`;

const dir = tempDir({ 'chain.yaml': CHAIN, 'ten.yaml': TEN_DAYS });

describe('spx sensitivity', () => {
  it('ranks the levers by their linear effect and gives the exact derivatives as JSON', async () => {
    const run = await runInProcess(['sensitivity', 'chain.yaml', '--json', '--opportunities', '10'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout);
    expect(report).toMatchObject({ file: 'chain.yaml', process: 'chain', version: '1.0.0', winRate: 0.4, step: { points: 0.05, days: 5 }, target: null });
    expect(report.expectedCycleDays).toBeCloseTo(6, 12);
    // d W / d p(a→b) = w(b) = 0.8 → +4 points; d W / d p(b→won) = visits(b) = 0.5 → +2.5 points.
    const round = (x: number) => Math.round(x * 1e12) / 1e12;
    expect(report.ranked.winRate.map((r: { lever: { step: string }; winRate: number; change: number }) => [r.lever.step, r.change, round(r.winRate)])).toEqual([
      ['a', 0.05, 0.04],
      ['b', 0.05, 0.025],
    ]);
    // Every won deal passes a (2 days), the 1-day wait and b (3 days): cutting each by up to 5 days cuts the cycle as much.
    expect(report.ranked.cycle.map((r: { lever: { kind: string; step: string }; cycleDays: number }) => [r.lever.kind, r.lever.step, round(r.cycleDays)])).toEqual([
      ['duration', 'b', -3],
      ['duration', 'a', -2],
      ['within', 'a', -1],
    ]);
    const { process } = loadProcess('chain.yaml', CHAIN);
    expect(report.levers).toEqual(JSON.parse(JSON.stringify(computeSensitivity(process!).levers)));
    // ae: 2 days per deal, 2 per won deal; se: 0.5 · 3 = 1.5 per deal, 3 per won deal; 10 deals a month.
    const capacity = report.capacity.roles.map((r: Record<string, number>) => ({ ...r, daysPerWonDeal: round(r['daysPerWonDeal']!) }));
    expect(report.capacity.opportunitiesPerMonth).toBe(10);
    expect(capacity).toEqual([
      { role: 'ae', title: 'Account executive', daysPerDeal: 2, daysPerWonDeal: 2, daysPerMonth: 20 },
      { role: 'se', title: 'Solutions engineer', daysPerDeal: 1.5, daysPerWonDeal: 3, daysPerMonth: 15 },
    ]);
  });

  it('reads as sentences at 100 columns', async () => {
    const run = await runInProcess(['sensitivity', 'chain.yaml', '--top', '1'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('   1. raise a → b by 5 points: win rate +4.0 points\n');
    expect(run.stdout).toContain('   1. cut b (b) by 3 days: cycle −3.0 days\n');
    expect(run.stdout).not.toContain('   2. ');
    expect(run.stdout).toContain('Solutions engineer (se)');
    expect(Math.max(...run.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it('--by win-rate leaves the cycle ranking out; --set states the scenario', async () => {
    const run = await runInProcess(['sensitivity', 'chain.yaml', '--json', '--by', 'win-rate', '--set', 'steps.a.next.b.p=0.6'], { cwd: dir });
    const [report] = JSON.parse(run.stdout);
    expect(report.ranked.cycle).toBeNull();
    expect(report.winRate).toBeCloseTo(0.48, 15);
    expect(report.scenario).toEqual([
      { path: 'steps.a.next.b.p', from: 0.5, to: 0.6 },
      { path: 'steps.a.next.lost.p', from: 0.5, to: 0.4 },
    ]);
  });

  it('ranks by the qualified win rate where deals end disqualified, and says so', async () => {
    // test/fixtures/disqualified.yaml: W = 0.3, D = 0.4, Q = 0.5. a → b can only take from a disqualified transition,
    // so it is no lever; b → won takes from lost: dW = visits(b) = 0.6, dQ = 0.6 · 0.6 / 0.6² = 1 per unit of p.
    const file = 'test/fixtures/disqualified.yaml';
    const json = await runInProcess(['sensitivity', file, '--json', '--by', 'win-rate']);
    expect(json.stderr).toBe('');
    const [report] = JSON.parse(json.stdout);
    expect(report).toMatchObject({ winRate: 0.3, disqualifiedRate: 0.4, qualifiedWinRate: 0.5, ranked: { winRateBy: 'qualifiedWinRate', cycle: null } });
    expect(report.ranked.winRate).toHaveLength(1);
    const [best] = report.ranked.winRate;
    expect(best.lever).toMatchObject({ step: 'b', to: 'won', winRate: 0.6, disqualifiedRate: 0 });
    expect(best.lever.qualifiedWinRate).toBeCloseTo(1, 15);
    expect(best.change).toBe(0.05);
    expect(best.winRate).toBeCloseTo(0.03, 15);
    expect(best.qualifiedWinRate).toBeCloseTo(0.05, 15);
    const text = await runInProcess(['sensitivity', file, '--by', 'win-rate']);
    expect(text.stdout).toContain('  qualified win rate 50.0% (40.0% of deals end disqualified: not opportunities)\n');
    expect(text.stdout).toContain('What raises the qualified win rate most\n');
    expect(text.stdout).toContain('   1. raise b → won by 5 points: qualified win rate +5.0 points (win rate +3.0 points)\n');
    expect(text.stdout).not.toContain('raise a → b');
    expect(text.stdout).toContain('  win rate of the deals that do not end disqualified; disqualified transitions give no mass\n');
    expect(Math.max(...text.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    // Without disqualified outcomes the ranking stays by the win rate, and the qualified numbers equal it.
    const chain = JSON.parse((await runInProcess(['sensitivity', 'chain.yaml', '--json'], { cwd: dir })).stdout)[0];
    expect(chain).toMatchObject({ disqualifiedRate: 0, qualifiedWinRate: 0.4, ranked: { winRateBy: 'winRate' } });
    expect(chain.ranked.winRate.every((r: { winRate: number; qualifiedWinRate: number }) => r.winRate === r.qualifiedWinRate)).toBe(true);
  });

  it('plans the opportunities a month a bookings target needs', async () => {
    // July 2026 has 23 business days; a deal started on the i-th (from 0) has 22 − i after it, so it is won in
    // time when 10 ≤ 22 − i: 13 of the 23 start days. q = 0.5 · 13/23; 10 won deals needed.
    const run = await runInProcess(['sensitivity', 'ten.yaml', '--json', '--target', '1000000', '--deal-value', '100000', '--by-month', '2026-07', '--from-month', '2026-07', '--deals', '20000'], { cwd: dir });
    expect(run.stderr).toBe('');
    const { target } = JSON.parse(run.stdout)[0];
    const q = (0.5 * 13) / 23;
    expect(target.months).toEqual([{ month: '2026-07', startDays: 23, closesInTime: q }]);
    expect(target.wonDealsNeeded).toBe(10);
    expect(target.expectedPerMonth).toBeCloseTo(10 / q, 12);
    // The smallest n with P(Binomial(n, q) ≥ 10) ≥ 0.5 (0.9), summed directly.
    const reach = (n: number) => {
      let below = 0;
      let pmf = (1 - q) ** n;
      for (let j = 0; j < 10; j++) {
        below += pmf;
        pmf *= ((n - j) / (j + 1)) * (q / (1 - q));
      }
      return 1 - below;
    };
    const smallest = (level: number) => {
      let n = 0;
      while (reach(n) < level) n++;
      return n;
    };
    expect(target.p50PerMonth).toBe(smallest(0.5));
    expect(target.p90PerMonth).toBe(smallest(0.9));
    expect(target.countMethod).toBe('exact');
  });

  it('starts this month from today by default, and reads the deal value from the file', async () => {
    // The fake clock is 2026-06-15 (a Monday): 12 business days left in June.
    const run = await runInProcess(['sensitivity', 'chain.yaml', '--json', '--target', '500000', '--by-month', '2026-08', '--deals', '10000'], { cwd: dir });
    const { target } = JSON.parse(run.stdout)[0];
    expect(target.dealValue).toBe(100000);
    expect(target.months.map((m: { month: string; startDays: number }) => [m.month, m.startDays])).toEqual([['2026-06', 12], ['2026-07', 23], ['2026-08', 21]]);
    const text = await runInProcess(['sensitivity', 'chain.yaml', '--target', '500000', '--by-month', '2026-08', '--deals', '10000'], { cwd: dir });
    expect(text.stdout).toContain('Pipeline for 500,000 booked by the end of 2026-08');
  });

  it('usage errors are one line with E_USAGE', async () => {
    const cases: [string[], string][] = [
      [['--target', '100'], '--target needs --by-month YYYY-MM'],
      [['--by-month', '2026-12'], 'add --target BOOKINGS'],
      [['--target', '100', '--by-month', '2026-13'], '--by-month 2026-13: expected a month as YYYY-MM'],
      [['--target', '100', '--by-month', '2026-01'], '--by-month 2026-01 is before 2026-06'],
      [['--top', '0'], '--top 0: expected a whole number above 0'],
      // An exponent or more digits than a number holds exactly made the load a month Infinity.
      [['--opportunities', '1e308'], '--opportunities 1e308: expected a number above 0'],
      [['--opportunities', '9'.repeat(308)], 'expected a number above 0'],
      [['--target', '1e3', '--by-month', '2026-12'], '--target 1e3: expected a number above 0'],
    ];
    for (const [args, message] of cases) {
      const run = await runInProcess(['sensitivity', 'chain.yaml', ...args], { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).toMatch(/\[E_USAGE\]\n$/);
    }
    const noValue = await runInProcess(['sensitivity', 'ten.yaml', '--set', 'metadata.dealValue=1', '--target', '100', '--by-month', '2026-12'], { cwd: dir });
    expect(noValue.code).toBe(0);
  });
});

describe('docs/cli/sensitivity.md', () => {
  it('the spx sensitivity excerpt is real output', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ROOT } = await import('./run-cli.js');
    const readme = readFileSync(join(ROOT, 'docs/cli/sensitivity.md'), 'utf8');
    const start = readme.indexOf('$ spx sensitivity processes/smb.yaml');
    const block = readme.slice(start, readme.indexOf('\n```', start)).split('\n');
    const argv = block[0]!.replace(/^\$ spx /, '').replace(/\s+#.*$/, '').split(/\s+/);
    const run = await runInProcess(argv);
    expect(run.code).toBe(0);
    for (const line of block.slice(1)) expect(run.stdout).toContain(`${line}\n`);
    expect(block.length).toBeGreaterThan(3);
  });
});
