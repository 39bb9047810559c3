// A calendar whose recurring holidays cover every day of the year has no business day to count on: refused where written, never a hang.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { ROOT, tempDir } from './run-cli.js';

const SMB = readFileSync(join(ROOT, 'processes/smb.yaml'), 'utf8');

/** Every MM-DD of a leap year (or, with `leapDay` false, of a common year). */
function everyDay(leapDay: boolean): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(2028, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) days.push(new Date(t).toISOString().slice(5, 10));
  return leapDay ? days : days.filter((day) => day !== '02-29');
}

const HOLIDAYS = /holidays: \[.*\]/;

describe('a calendar without business days', () => {
  it.each([true, false])('is a schema error at calendar.holidays (02-29 listed: %s); synthesize, next and simulate exit 2 at once', async (leapDay) => {
    expect(SMB).toMatch(HOLIDAYS);
    const dir = tempDir({ 'smb.yaml': SMB.replace(HOLIDAYS, `holidays: [${everyDay(leapDay).join(', ')}]`) });
    const lint = await spxIn(['lint', 'smb.yaml'], { cwd: dir });
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('36:13  error  calendar.holidays: the recurring holidays cover every day of the year, so no day is left to count business days on; remove some  schema');
    for (const argv of [['synthesize', 'smb.yaml', '--deals', '3', '--as-of', '2026-06-01'], ['next', 'smb.yaml', '--at', 'demo'], ['simulate', 'smb.yaml', '--deals', '10', '--start-date', '2026-01-01']]) {
      const run = await spxIn(argv, { cwd: dir });
      expect(run.code, argv[0]).toBe(2);
      expect(run.stderr).toMatch(/\[E_INVALID_PROCESS\]\n$/);
    }
  });

  it('in spx.config.yaml is a config error', async () => {
    const dir = tempDir({ 'spx.config.yaml': `calendar:\n  holidays: [${everyDay(true).join(', ')}]\n`, 'smb.yaml': SMB });
    const run = await spxIn(['lint', 'smb.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^spx: \S*spx\.config\.yaml:2:13: calendar\.holidays: the recurring holidays cover every day of the year.*\[E_CONFIG\]\n$/);
  });
});
