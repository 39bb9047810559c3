// Titles are printed to terminals: one with a control character (an escape sequence) is a schema error, never printed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { ROOT } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'spx-title-controls-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const smb = readFileSync(join(ROOT, 'processes/smb.yaml'), 'utf8');

function variant(name: string, from: string, to: string): string {
  expect(smb).toContain(from);
  const file = join(work, name);
  writeFileSync(file, smb.replace(from, to));
  return file;
}

describe('control characters in titles', () => {
  const processTitle = variant('process-title.yaml', 'title: SMB (1–49 employees)', 'title: "SMB \\e]0;pwned\\u0007"');
  const stepTitle = variant('step-title.yaml', 'title: Demo\n', 'title: "Demo\\e[31m red"\n');
  const roleTitle = variant('role-title.yaml', 'ae: Account executive', 'ae: "Account \\e[2J executive"');

  it.each([['path'], ['simulate', '--deals', '1000'], ['sensitivity']])('%s refuses them with the line and column, and prints no escape', async (command, ...options) => {
    const run = await spxIn([command, processTitle, ...options]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toContain('\u001b');
    expect(run.stdout + run.stderr).toContain('21:10  error  metadata.title has the wrong form (Process title): expected text without control characters');
  });

  it('lint reports a step title and a role title with one', async () => {
    const step = await spxIn(['lint', stepTitle]);
    expect(step.code).toBe(1);
    expect(step.stdout).toContain('59:12  error  steps.demo.title has the wrong form (Step title): expected text without control characters');
    const role = await spxIn(['lint', roleTitle]);
    expect(role.code).toBe(1);
    expect(role.stdout).toContain('39:9  error  roles.seller.ae is not a valid role');
    expect(step.stdout + role.stdout).not.toContain('\u001b');
  });
});
