// The same file named twice on a command line that mixes processes and deal data (overlapping globs) is read once:
// a process given twice is not two processes claiming one crm.pipeline, a data file given twice not doubled events.
import { linkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsCsv } from '../../src/deals/write-events.js';
import { pipeline, SMB_TEXT } from '../deals/pipeline.js';
import { spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

const claimed = SMB_TEXT.replace('  # pipeline: default', '  pipeline: default');
const deals = pipeline(40).deals.map((deal) => ({ ...deal, pipeline: 'default' }));
const dir = tempDir({ 'smb.yaml': claimed, 'deals.csv': eventsCsv(deals) });
const runIn = (argv: readonly string[]) => spxIn([...argv, '--as-of', '2026-03-02', '--format', 'json'], { cwd: dir });

describe('a file named twice', () => {
  it.each(['audit', 'forecast', 'calibrate'])('%s reads it once, as if named once', async (command) => {
    const once = await runIn([command, 'smb.yaml', 'deals.csv']);
    expect(once).toMatchObject({ code: 0, stderr: '' });
    const twice = await runIn([command, 'smb.yaml', './smb.yaml', 'deals.csv', `${dir}/deals.csv`, 'smb.yaml']);
    expect(twice).toEqual(once);
  });

  it('reads a file once through a symbolic or hard link to it', async () => {
    // A record that is not used: read twice, it would be reported twice.
    const linked = tempDir({ 'smb.yaml': claimed, 'deals.csv': `${eventsCsv(deals)}D-bad,qualifiedtobuy,not-a-date\n` });
    symlinkSync(join(linked, 'deals.csv'), join(linked, 'soft.csv'));
    linkSync(join(linked, 'deals.csv'), join(linked, 'hard.csv'));
    const runLinked = (argv: readonly string[]) => spxIn([...argv, '--as-of', '2026-03-02', '--format', 'json'], { cwd: linked });
    for (const command of ['audit', 'forecast']) {
      const once = await runLinked([command, 'smb.yaml', 'deals.csv']);
      expect(once.stdout).toContain('not-a-date');
      expect(await runLinked([command, 'smb.yaml', 'deals.csv', 'soft.csv', 'hard.csv'])).toEqual(once);
    }
  });

  it('two different files claiming one pipeline are still refused', async () => {
    const other = tempDir({ 'a.yaml': claimed, 'b.yaml': claimed, 'deals.csv': eventsCsv(deals) });
    const run = await spxIn(['audit', 'a.yaml', 'b.yaml', 'deals.csv'], { cwd: other });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^spx: b\.yaml:\d+:\d+: crm\.pipeline "default" is claimed by a\.yaml too/);
  });
});
