// The worked example in docs/cli/calibrate.md is real output: both commands run here in a scratch directory, and the
// page shows synthesize's summary and calibrate's report byte for byte (and the start of the CSV in synthesize.md).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn as runInProcess } from './in-process.js';
import { ROOT, tempDir } from './run-cli.js';

/** The ```console block of `page` that starts with `$ spx synthesize`, split at each `$ spx` command line. */
function workedExample(page: string): { argv: string[]; shown: string }[] {
  const markdown = readFileSync(join(ROOT, page), 'utf8');
  const start = markdown.indexOf('```console\n$ spx synthesize');
  const block = markdown.slice(markdown.indexOf('\n', start) + 1, markdown.indexOf('\n```\n', start) + 1);
  return block
    .split(/^(?=\$ spx )/m)
    .map((part) => {
      const [command, ...shown] = part.split('\n');
      return { argv: command!.slice('$ spx '.length).split(' '), shown: shown.join('\n') };
    });
}

describe('docs/cli/calibrate.md worked example', () => {
  it('is what spx synthesize and spx calibrate print', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'processes'));
    copyFileSync(join(ROOT, 'processes', 'smb.yaml'), join(dir, 'processes', 'smb.yaml'));
    const [synthesize, calibrate] = workedExample('docs/cli/calibrate.md');
    expect(synthesize!.argv[0]).toBe('synthesize');
    expect(calibrate!.argv[0]).toBe('calibrate');

    const written = await runInProcess(synthesize!.argv, { cwd: dir });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe(synthesize!.shown);

    const compared = await runInProcess(calibrate!.argv, { cwd: dir });
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stderr).toBe('');
    expect(compared.stdout).toBe(calibrate!.shown);
    expect(compared.stdout).toContain('differs');

    // synthesize.md shows the start of this same file.
    const synthesizePage = readFileSync(join(ROOT, 'docs/cli/synthesize.md'), 'utf8');
    const csvStart = synthesizePage.indexOf('```csv\n') + '```csv\n'.length;
    const shownCsv = synthesizePage.slice(csvStart, synthesizePage.indexOf('```', csvStart));
    expect(shownCsv.split('\n').length).toBeGreaterThan(2);
    expect(readFileSync(join(dir, 'deals.csv'), 'utf8').startsWith(shownCsv)).toBe(true);
  });
});
