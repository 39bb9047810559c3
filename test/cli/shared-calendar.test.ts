// The calendar of spx.config.yaml: the calendar of every process without its own, in every command that uses dates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { ROOT, tempDir } from './run-cli.js';

const TINY = readFileSync(join(ROOT, 'test/fixtures/shared-calendar/tiny.yaml'), 'utf8');
const SHARED = 'calendar:\n  holidays: [12-25, 01-01]\n';
/** D1 won: discovery Thu 2026-12-24 … won Wed 2027-01-06; D2 open, in demo since Mon 2026-12-28. */
const DEALS = 'deal,stage,at\nD1,discovery,2026-12-24\nD1,demo,2026-12-29\nD1,closing,2027-01-05\nD1,won,2027-01-06\nD2,discovery,2026-12-23\nD2,demo,2026-12-28\n';

const project = (config: string | undefined, processYaml = TINY) =>
  tempDir({ 'tiny.yaml': processYaml, 'deals.csv': DEALS, ...(config === undefined ? {} : { 'spx.config.yaml': config }) });

describe('a calendar in spx.config.yaml', () => {
  it('spx next counts business days on it for a process without its own', async () => {
    // From Thu 2026-12-24: demo within 1 day, then 2 + 1 + 1 + 1 = 5 business days to won.
    const without = JSON.parse((await spxIn(['next', 'tiny.yaml', '--at', 'discovery', '--date', '2026-12-24', '--json'], { cwd: project(undefined) })).stdout);
    expect(without.next.holdBy).toBe('2026-12-25');
    expect(without.expectedCloseDate).toBe('2026-12-31'); // Fri 25, Mon 28, Tue 29, Wed 30, Thu 31
    const shared = await spxIn(['next', 'tiny.yaml', '--at', 'discovery', '--date', '2026-12-24', '--json'], { cwd: project(SHARED) });
    expect(shared.stderr).toBe('');
    const report = JSON.parse(shared.stdout);
    expect(report.next.holdBy).toBe('2026-12-28'); // 25 Dec is a holiday every year
    expect(report.expectedCloseDate).toBe('2027-01-04'); // Mon 28, Tue 29, Wed 30, Thu 31, (Fri 1 Jan a holiday) Mon 4
  });

  it('a process’s own calendar replaces it whole', async () => {
    const own = TINY.replace('roles:', 'calendar: { workdays: [mon, tue, wed, thu, fri] }\nroles:');
    const report = JSON.parse((await spxIn(['next', 'tiny.yaml', '--at', 'discovery', '--date', '2026-12-24', '--json'], { cwd: project(SHARED, own) })).stdout);
    expect(report.next.holdBy).toBe('2026-12-25'); // the config's holidays do not apply
  });

  it('--config names it, and --no-config-lookup leaves it out', async () => {
    const dir = tempDir({ 'tiny.yaml': TINY, 'team.yaml': SHARED });
    const named = JSON.parse((await spxIn(['next', 'tiny.yaml', '--config', 'team.yaml', '--at', 'discovery', '--date', '2026-12-24', '--json'], { cwd: dir })).stdout);
    expect(named.next.holdBy).toBe('2026-12-28');
    const none = JSON.parse((await spxIn(['next', 'tiny.yaml', '--no-config-lookup', '--at', 'discovery', '--date', '2026-12-24', '--json'], { cwd: project(SHARED) })).stdout);
    expect(none.next.holdBy).toBe('2026-12-25');
  });

  it('spx calibrate counts observed business time on it', async () => {
    const argv = ['calibrate', 'tiny.yaml', 'deals.csv', '--as-of', '2027-02-01', '--min-sample', '1', '--json'];
    // 24 Dec 2026 → 6 Jan 2027: 9 weekdays; 7 without Fri 25 Dec and Fri 1 Jan.
    expect(JSON.parse((await spxIn(argv, { cwd: project(undefined) })).stdout).cycleDays.observedMean).toBe(9);
    expect(JSON.parse((await spxIn(argv, { cwd: project(SHARED) })).stdout).cycleDays.observedMean).toBe(7);
  });

  it('spx audit counts an open deal’s days in stage on it', async () => {
    const argv = ['audit', 'tiny.yaml', 'deals.csv', '--as-of', '2027-01-07', '--json'];
    const days = async (config: string | undefined) => JSON.parse((await spxIn(argv, { cwd: project(config) })).stdout).deals[0].daysInStage;
    // Mon 28 Dec to Thu 7 Jan: 8 weekdays; 7 without Fri 1 Jan.
    expect(await days(undefined)).toBe(8);
    expect(await days(SHARED)).toBe(7);
  });

  it('spx forecast dates an open deal’s expected close on it', async () => {
    const argv = ['forecast', 'tiny.yaml', 'deals.csv', '--as-of', '2026-12-31', '--json'];
    const close = async (config: string | undefined) =>
      JSON.parse((await spxIn(argv, { cwd: project(config) })).stdout).deals.find((d: { id: string }) => d.id === 'D2').expectedCloseDate;
    // From demo: 2 + 1 + 1 = 4 business days from Thu 31 Dec: Thu, Fri, Mon, Tue, ending 6 Jan; Fri 1 Jan a holiday → 7 Jan.
    expect(await close(undefined)).toBe('2027-01-06');
    expect(await close(SHARED)).toBe('2027-01-07');
  });

  it('is checked: an unknown time zone or an impossible holiday is a config error (exit 2)', async () => {
    const zone = await spxIn(['next', 'tiny.yaml', '--at', 'discovery', '--date', '2026-12-24'], { cwd: project('calendar:\n  timeZone: Mars/Olympus\n') });
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain('spx.config.yaml:2:13: calendar.timeZone "Mars/Olympus" is not a time zone this system knows');
    const day = await spxIn(['next', 'tiny.yaml', '--at', 'discovery', '--date', '2026-12-24'], { cwd: project('calendar:\n  holidays: [02-30]\n') });
    expect(day.code).toBe(2);
    expect(day.stderr).toContain('spx.config.yaml:2:14');
  });
});
