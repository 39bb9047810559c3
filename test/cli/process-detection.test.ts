// Telling process files from deal data on the command lines of audit, forecast and calibrate: a CSV whose quoted
// field holds a line `apiVersion: spx/…` (a pasted process in a note) is deal data, not a second process.
import { describe, expect, it } from 'vitest';
import { SMB_TEXT } from '../deals/pipeline.js';
import { spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

const csv = 'deal,stage,at,next_step\nD1,appointmentscheduled,2026-01-05,"paste:\napiVersion: spx/v1 example"\n';
const dir = tempDir({ 'smb.yaml': `# yaml-language-server: $schema=x.json\n${SMB_TEXT}`, 'deals.csv': csv, 'plain.csv': 'deal,stage,at\nD1,appointmentscheduled,2026-01-05\n' });

describe('process files and deal data told apart', () => {
  it.each(['audit', 'forecast', 'calibrate'])('%s reads a CSV with "apiVersion: spx/" in a quoted field as deal data', async (command) => {
    const run = await spxIn([command, 'smb.yaml', 'deals.csv', '--as-of', '2026-02-01', '--format', 'json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plain = await spxIn([command, 'smb.yaml', 'plain.csv', '--as-of', '2026-02-01', '--format', 'json'], { cwd: dir });
    expect(run.stdout.replaceAll('deals.csv', 'plain.csv')).toBe(plain.stdout);
  });

  it('calibrate still refuses the data first, and a process after a comment line is still a process', async () => {
    const run = await spxIn(['calibrate', 'deals.csv', 'smb.yaml'], { cwd: dir });
    expect(run.stderr).toBe('spx: deals.csv is deal data and smb.yaml a process: give the process first (spx calibrate PROCESS DATA…) [E_USAGE]\n');
  });
});
