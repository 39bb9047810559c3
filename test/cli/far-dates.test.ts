// Close dates past the year 9999 (a far --date, or steps of up to 1,000,000 business days) print whole, not cut to "+010000-01".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { ROOT, tempDir } from './run-cli.js';

const SMB = readFileSync(join(ROOT, 'processes/smb.yaml'), 'utf8');
const FULL_DATE = /^(\d{4}|\+\d{6})-\d{2}-\d{2}$/;

describe('dates past 9999', () => {
  it('next prints and writes whole dates', async () => {
    const dir = tempDir({ 'smb.yaml': SMB });
    const json = await spxIn(['next', 'smb.yaml', '--at', 'discovery', '--date', '9999-12-31', '--json'], { cwd: dir });
    expect(json.code).toBe(0);
    const next = JSON.parse(json.stdout);
    for (const date of [next.expectedCloseDate, next.earliestCloseDate, next.next.holdBy]) expect(date).toMatch(FULL_DATE);
    expect(next.earliestCloseDate).toMatch(/^\+010000-01-\d{2}$/);
    const text = await spxIn(['next', 'smb.yaml', '--at', 'discovery', '--date', '9999-12-31'], { cwd: dir });
    expect(text.stdout).toMatch(/expected close \+010000-\d{2}-\d{2} · earliest close \+010000-\d{2}-\d{2} /);
  });

  it('simulate close dates', async () => {
    const dir = tempDir({ 'long.yaml': SMB.replace('duration: { min: 5, likely: 10, max: 14 }', 'duration: 1000000').replaceAll('    duration: 1\n', '    duration: 1000000\n') });
    const run = await spxIn(['simulate', 'long.yaml', '--deals', '100', '--start-date', '2026-01-01', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    const { closeDates } = JSON.parse(run.stdout)[0];
    expect(closeDates.start).toBe('2026-01-01');
    const dates = ['mean', 'p50', 'p80', 'p90', 'p95'].map((key) => closeDates[key] as string);
    for (const date of dates) expect(date).toMatch(/^\+013\d{3}-\d{2}-\d{2}$/);
  });
});
