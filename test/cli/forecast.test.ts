// `spx forecast` in-process on a generated pipeline: exact totals, currencies apart, seeded output, the chart, bad input.
import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../src/cli/commands/forecast.js';
import { forecastDeals } from '../../src/deals/forecast.js';
import { forecastThreads } from '../../src/deals/forecast-workers.js';
import { eventsCsv } from '../../src/deals/write-events.js';
import { AS_OF, pipeline, SMB, SMB_TEXT } from '../deals/pipeline.js';
import { spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

/** spx in-process in `cwd`, the clock at `now` (a Monday, 2026-03-02, unless given). */
const runSpx = (argv: readonly string[], cwd: string, now = '2026-03-02T12:00:00Z') => spxIn(argv, { cwd, now });

const planted = pipeline();
const dir = tempDir({ 'smb.yaml': SMB_TEXT, 'deals.csv': eventsCsv(planted.deals) });
const ARGS = ['forecast', 'smb.yaml', 'deals.csv', '--as-of', '2026-03-02', '--months', '3', '--runs-per-deal', '300'];

describe('spx forecast', () => {
  it('json: totals are the sums of the exact win probabilities, per currency; same seed, same bytes', async () => {
    const run = await runSpx([...ARGS, '--json'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['asOf', 'seed', 'runsPerDeal', 'months', 'processes', 'totals', 'rows', 'deals', 'skipped', 'unrouted', 'format', 'issues']);
    for (const total of json.totals) {
      const mine = json.deals.filter((d: { currency: string }) => d.currency === total.currency);
      expect(total.expectedWins).toBe(mine.reduce((sum: number, d: { winProbability: number }) => sum + d.winProbability, 0));
    }
    expect(json.totals.map((t: { currency: string }) => t.currency)).toEqual(['EUR', 'USD']);
    const library = forecastDeals({ processes: [SMB], deals: planted.deals, asOf: AS_OF, months: 3, seed: 1, runsPerDeal: 300 });
    expect(json.totals).toEqual(JSON.parse(JSON.stringify(library.totals)));
    expect((await runSpx([...ARGS, '--format', 'json'], dir)).stdout).toBe(run.stdout);
    expect((await runSpx([...ARGS, '--json', '--seed', '2'], dir)).stdout).not.toBe(run.stdout);
    // The contract's flag name works too.
    expect((await runSpx([...ARGS.slice(0, -2), '--deals-per-deal', '300', '--json'], dir)).stdout).toBe(run.stdout);
  });

  it('text: a table per currency and a bar chart within 100 columns', async () => {
    const run = await runSpx(ARGS, dir);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Pipeline forecast as of 2026-03-02 (smb 1.1.0)');
    expect(run.stdout).toContain('\nEUR — ');
    expect(run.stdout).toContain('\nUSD — ');
    expect(run.stdout).toContain('  bookings by month (EUR): # expected, - up to P90, | P10');
    expect(lines.filter((l) => /^ {2}2026-0[345] +[#|\- ]{40} [\d,]+$/.test(l))).toHaveLength(6);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('--workers: byte-identical output for 1, 2 and 3 threads (chunks added in deal order)', async () => {
    // 5 copies of the open deals under other ids: enough deals for several chunks of the simulation. `$&` in ids:
    // with workers the deals' JSON is spliced into the rest, which must not read it as a replacement pattern.
    const copies = [1, 2, 3, 4, 5].flatMap((n) => planted.deals.map((deal) => ({ ...deal, id: `${deal.id}-${n === 5 ? '$&' : n}` })));
    const many = tempDir({ 'smb.yaml': SMB_TEXT, 'deals.csv': eventsCsv(copies) });
    // Runs enough that 3 threads are worth starting (forecastThreads): the workers compile and simulate.
    const args = ['forecast', 'smb.yaml', 'deals.csv', '--as-of', '2026-03-02', '--runs-per-deal', '1200', '--json'];
    const one = await runSpx([...args, '--workers', '1'], many);
    expect(one.code, one.stderr).toBe(0);
    const deals = JSON.parse(one.stdout).deals.length;
    expect(deals).toBeGreaterThan(500);
    expect(forecastThreads(deals, 1200, 3)).toBe(3);
    expect((await runSpx([...args, '--workers', '2'], many)).stdout).toBe(one.stdout);
    const three = await runSpx([...args, '--workers', '3'], many);
    expect(three.stderr).toBe('');
    expect(three.stdout).toBe(one.stdout);
  });

  it('--workers on a small job starts no worker thread (so a missing worker file is never looked for)', async () => {
    const one = await runSpx([...ARGS, '--runs-per-deal', '10', '--json'], dir);
    const small = await spxIn([...ARGS, '--runs-per-deal', '10', '--json', '--workers', '4'], { cwd: dir, now: '2026-03-02T12:00:00Z', packageRoot: '/nonexistent' });
    expect(small.stderr).toBe('');
    expect(small.stdout).toBe(one.stdout);
    // A job that is worth a worker does look for it.
    const big = await spxIn([...ARGS, '--runs-per-deal', '5000', '--json', '--workers', '2'], { cwd: dir, now: '2026-03-02T12:00:00Z', packageRoot: '/nonexistent' });
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/forecast-worker\.cjs is missing: rebuild spx \(npm run build\), or run with --workers 1 \[E_INTERNAL\]\n$/);
  });

  it('bad input: --as-of not a date, months 0', async () => {
    expect((await runSpx(['forecast', 'smb.yaml', 'deals.csv', '--as-of', 'yesterday'], dir)).stderr).toBe(
      'spx: --as-of yesterday is not a date; use YYYY-MM-DD or an ISO 8601 date-time, e.g. 2026-12-01 [E_BAD_DATE]\n',
    );
    expect((await runSpx(['forecast', 'smb.yaml', 'deals.csv', '--months', '0'], dir)).code).toBe(2);
  });

  it('--as-of late in year 9999 is refused (months and close dates past 9999 came out as "+010000", against the JSON schema)', async () => {
    const late = await runSpx(['forecast', 'smb.yaml', 'deals.csv', '--as-of', '9999-12-31'], dir);
    expect(late).toMatchObject({ code: 2, stdout: '' });
    expect(late.stderr).toBe('spx: --as-of 9999-12-31 is too late: spx writes dates up to 9999 and looks ahead from --as-of; use a date before 9900-01-01 [E_BAD_DATE]\n');
    const latest = await runSpx(['forecast', 'smb.yaml', 'deals.csv', '--as-of', '9899-12-31T23:59:59Z', '--runs-per-deal', '20', '--json'], dir);
    expect(latest.code).toBe(0);
    const json = JSON.parse(latest.stdout);
    expect(json.months.every((m: string) => /^(\d{4}-(0[1-9]|1[0-2])|later)$/.test(m))).toBe(true);
  });

  it('--workers 2 and a data file that cannot be read (the workers are already starting): one line, exit 2', async () => {
    const run = await runSpx(['forecast', 'smb.yaml', 'missing.csv', '--as-of', '2026-03-02', '--workers', '2'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('spx: missing.csv: no such file; check the path [E_FILE_NOT_FOUND]\n');
  });
});

describe('groupDigits', () => {
  it('groups whole numbers, past 1e21 too (String gives exponent notation there, which it grouped as 1.2,345…e+29)', () => {
    expect([0, -0, 999, 1000, -1234567.5, 2 ** 53 - 1].map(groupDigits)).toEqual(['0', '0', '999', '1,000', '-1,234,567', '9,007,199,254,740,991']);
    expect(groupDigits(1e22)).toBe('10,000,000,000,000,000,000,000');
    expect(groupDigits(-1.2345678901234568e29)).toBe('-123,456,789,012,345,677,877,719,597,056');
  });
});
