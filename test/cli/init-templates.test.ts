// `spx init --template meddpicc|plg|partner` in-process: flags → files that `spx lint` passes with no finding.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { knownAnswers, missingFlags, withDefaults } from '../../src/cli/commands/init.js';
import { SpxError } from '../../src/model/errors.js';
import { spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

const processes = (dir: string) => readdirSync(join(dir, 'processes')).sort();

describe('spx init --template', () => {
  it.each([
    ['meddpicc', 'enterprise-meddpicc.yaml', 'identify-pain'],
    ['plg', 'smb-product-led.yaml', 'trial'],
    ['partner', 'mid-market-partner.yaml', 'deal-registration'],
  ])('%s: writes one process that spx lint passes with no finding (exit 0), and spx next starts at its first step', async (template, file, start) => {
    const dir = tempDir();
    const init = await spxIn(['init', '--yes', '--template', template, '--company', 'Acme'], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(processes(dir)).toEqual([file]);
    expect(init.stdout).toContain(`spx next processes/${file} --at ${start}`);
    expect(init.stdout).not.toMatch(/warning:/);
    const lint = await spxIn(['lint'], { cwd: dir });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.code).toBe(0);
    const next = await spxIn(['next', `processes/${file}`, '--at', start], { cwd: dir });
    expect(next.code, next.stderr).toBe(0);
  });

  it('all three at once, with amounts as people write them: together they only leave direct leads uncovered', async () => {
    const dir = tempDir();
    const init = await spxIn(['init', '--yes', '--template', 'meddpicc,plg,partner', '--company', 'Acme', '--deal-size', 'meddpicc=$150,000, plg=6k, partner=30k'], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(processes(dir)).toEqual(['enterprise-meddpicc.yaml', 'mid-market-partner.yaml', 'smb-product-led.yaml']);
    expect(readFileSync(join(dir, 'processes/enterprise-meddpicc.yaml'), 'utf8')).toContain('Typical deal size: 150,000 a year');
    expect(readFileSync(join(dir, 'processes/smb-product-led.yaml'), 'utf8')).toContain('Typical deal size: 6,000 a year');
    const lint = await spxIn(['lint', '--format', 'json'], { cwd: dir });
    expect(lint.code).toBe(0);
    const ruleIds = (JSON.parse(lint.stdout) as { messages: { ruleId: string }[] }[]).flatMap((file) => file.messages.map((m) => m.ruleId));
    expect(ruleIds).toEqual(['segment-gap']);
    expect(init.stdout).toContain('no process covers 1–999 employees (leads from sources other than product-led, partner)');
  });

  it('keeps a target cycle the model misses and warns with the exact number lint will report', async () => {
    const dir = tempDir();
    const init = await spxIn(['init', '--yes', '--template', 'plg', '--company', 'Acme', '--cycle-days', '10'], { cwd: dir });
    expect(init.code).toBe(0);
    const doc = parse(readFileSync(join(dir, 'processes/smb-product-led.yaml'), 'utf8'));
    expect(doc.targets.cycleDays).toBe(10);
    const warned = /warning: smb-product-led: target cycle 10 business days kept as you gave it; the process as scaffolded gives E\[cycle \| won\] = (\d+\.\d), so spx lint reports target-missed/.exec(init.stdout);
    expect(warned, init.stdout).not.toBeNull();
    const lint = await spxIn(['lint'], { cwd: dir });
    expect(lint.stdout).toContain(`expected cycle of won deals is ${warned![1]} business days, over the target of 10`);
  });

  it('refuses segment-shaping flags that a template would ignore, and unknown templates', () => {
    const usage = (options: Parameters<typeof knownAnswers>[0]) => {
      try {
        knownAnswers(options);
      } catch (error) {
        expect(error).toBeInstanceOf(SpxError);
        return (error as SpxError).message;
      }
      throw new Error('expected a usage error');
    };
    expect(usage({ template: 'meddpicc', roles: 'champion', legal: false })).toBe(
      '--roles, --no-legal shape the segment processes, and --template meddpicc has its own roles and steps; drop them, or add --segment for the processes they describe',
    );
    expect(usage({ template: 'bant' })).toBe('--template: unknown value "bant"; use meddpicc, plg, partner');
    expect(usage({ template: ' , ' })).toMatch(/--template is empty/);
    expect(knownAnswers({ template: 'plg', segment: 'enterprise', roles: 'champion' })).toMatchObject({ templates: ['plg'], segments: ['enterprise'], roles: ['champion'] });
    // A number for a process that is not scaffolded is refused, not dropped.
    expect(usage({ template: 'plg', dealSize: 'plg=6k,partner=30k' })).toBe('--deal-size gives a number for partner, which is not scaffolded; add --template partner, or drop it');
    expect(usage({ segment: 'smb', cycleDays: 'smb=20,enterprise=90,meddpicc=auto' })).toBe(
      '--cycle-days gives a number for enterprise, meddpicc, which are not scaffolded; add --segment enterprise and --template meddpicc, or drop them',
    );
    expect(knownAnswers({ dealSize: 'enterprise=100k' }).dealSize).toEqual({ bySegment: { enterprise: 100000 } });
  });

  it('without --segment, a template needs only the company, deal size, cycle and calendar', () => {
    const known = knownAnswers({ template: 'partner' });
    expect(missingFlags(known)).toEqual(['--company', '--deal-size', '--cycle-days', '--workdays', '--holidays']);
    const answers = withDefaults(knownAnswers({ template: 'partner,plg', cycleDays: 'plg=12', dealSize: '20k' }), 'Acme');
    expect(answers.segments).toEqual([]);
    expect(answers.templates).toEqual([
      { template: 'partner', answers: { dealSize: 20000, cycleDays: undefined } },
      { template: 'plg', answers: { dealSize: 20000, cycleDays: 12 } },
    ]);
  });
});
