// The GitHub Actions workflows spx documents (examples/, the SARIF upload in docs/cli/lint.md) are valid YAML, ask for
// the permissions their steps need, call spx only with options it has, and the audit job's comment fits GitHub's limit.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { COMMANDS } from '../../src/cli/main.js';
import { ROOT, tempDir } from './run-cli.js';

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
}
interface Workflow {
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { readonly steps: Step[] }>;
}

function parseWorkflow(text: string, where: string): Workflow {
  const document = parseDocument(text);
  expect(document.errors, where).toEqual([]);
  return document.toJS() as Workflow;
}

/** The SARIF job shown in docs/cli/lint.md, as a workflow. */
function lintDocWorkflow(): Workflow {
  const page = readFileSync(join(ROOT, 'docs/cli/lint.md'), 'utf8');
  const block = /```yaml\n(permissions:[\s\S]*?)```/.exec(page);
  expect(block, 'docs/cli/lint.md has the SARIF workflow').not.toBeNull();
  return parseWorkflow(block![1]!, 'docs/cli/lint.md');
}

const WORKFLOWS: Record<string, () => Workflow> = {
  'examples/github-workflow.yml': () => parseWorkflow(readFileSync(join(ROOT, 'examples/github-workflow.yml'), 'utf8'), 'github-workflow'),
  'examples/workflows/spx-audit.yml': () => parseWorkflow(readFileSync(join(ROOT, 'examples/workflows/spx-audit.yml'), 'utf8'), 'spx-audit'),
  'examples/workflows/spx-diff.yml': () => parseWorkflow(readFileSync(join(ROOT, 'examples/workflows/spx-diff.yml'), 'utf8'), 'spx-diff'),
  'docs/cli/lint.md': lintDocWorkflow,
};

const steps = (workflow: Workflow): Step[] => Object.values(workflow.jobs).flatMap((job) => job.steps);

/** Every `npx --no-install spx …` command of a workflow's run steps, continuation lines joined, as words. */
function spxCommands(workflow: Workflow): string[][] {
  return steps(workflow)
    .flatMap((step) => (step.run ?? '').replace(/\\\n\s*/g, ' ').split('\n'))
    .filter((line) => line.includes('npx --no-install spx '))
    .map((line) => line.slice(line.indexOf('npx --no-install spx ') + 'npx --no-install spx '.length).split(/\s+/));
}

describe('documented GitHub Actions workflows', () => {
  const program = new Command('spx');
  for (const register of COMMANDS) register(program, { io: undefined as never, exit: () => {} });

  it.each(Object.keys(WORKFLOWS))('%s calls spx with its real commands and options', (name) => {
    const commands = spxCommands(WORKFLOWS[name]!());
    expect(commands.length).toBeGreaterThan(0);
    for (const [commandName, ...words] of commands) {
      const command = program.commands.find((c) => c.name() === commandName);
      expect(command, `${name}: spx ${commandName}`).toBeDefined();
      const flags = new Set(command!.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)));
      for (const word of words.filter((w) => w.startsWith('-'))) expect(flags.has(word), `${name}: spx ${commandName} ${word}`).toBe(true);
    }
  });

  it('each asks for the permissions its steps need, and no more', () => {
    expect(WORKFLOWS['examples/github-workflow.yml']!().permissions).toEqual({ contents: 'read' });
    expect(WORKFLOWS['examples/workflows/spx-audit.yml']!().permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(WORKFLOWS['examples/workflows/spx-diff.yml']!().permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const sarif = WORKFLOWS['docs/cli/lint.md']!();
    expect(sarif.permissions).toMatchObject({ contents: 'read', 'security-events': 'write' });
    const upload = steps(sarif).find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with).toMatchObject({ sarif_file: 'spx.sarif' });
    expect(upload?.if, 'the upload runs when lint exits 1').toContain('!cancelled()');
  });

  it('the audit job keeps the whole audit as an artifact and a step summary under 1 MiB, cut at whole lines', () => {
    const audit = WORKFLOWS['examples/workflows/spx-audit.yml']!();
    const upload = steps(audit).find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ path: 'audit.md' });
    const summary = steps(audit).find((step) => step.run?.includes('GITHUB_STEP_SUMMARY'));
    expect(summary).toBeDefined();
    const dir = tempDir();
    const line = (i: number): string => `- **D${i}** · Sécurité — book it by 2026\\-12\\-04 ${'·'.repeat(300)}`;
    const full = `${Array.from({ length: 2000 }, (_, i) => line(i)).join('\n')}\n`;
    writeFileSync(join(dir, 'audit.md'), full);
    const env = { PATH: process.env['PATH'], GITHUB_STEP_SUMMARY: join(dir, 'summary.md') };
    const run = spawnSync('bash', ['-e', '-c', summary!.run!], { cwd: dir, env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const written = readFileSync(join(dir, 'summary.md'));
    expect(written.length).toBeLessThan(1024 * 1024);
    const lines = written.toString('utf8').trimEnd().split('\n');
    expect(lines.at(-1)).toBe('_Cut short: the whole audit is the artifact "audit" of this run_');
    for (const kept of lines.slice(0, -2)) expect(full.split('\n')).toContain(kept);
  });

  it('the audit job posts a comment under 65,536 characters, cut at whole lines, however many deals are flagged', () => {
    const audit = WORKFLOWS['examples/workflows/spx-audit.yml']!();
    const post = steps(audit).find((step) => step.run?.includes('gh issue comment'));
    expect(post).toBeDefined();
    const dir = tempDir();
    // One flagged deal is ~250 characters of markdown; 1,000 of them, with non-ASCII text, is far over the limit.
    const line = (i: number): string => `- **D${i}** · Sécurité / Executive alignment · 15\\.5 business days in stage · win 65% — book it by 2026\\-12\\-04 ${'·'.repeat(120)}`;
    const full = `### Pipeline audit — 2026-12-01\n\n${Array.from({ length: 1000 }, (_, i) => line(i)).join('\n')}\n`;
    writeFileSync(join(dir, 'audit.md'), full);
    writeFileSync(join(dir, 'gh'), '#!/bin/sh\ncp "$7" posted.md\n');
    chmodSync(join(dir, 'gh'), 0o755);
    const env = { PATH: `${dir}:${process.env['PATH']}`, ISSUE: '7', GITHUB_REPOSITORY: 'acme/sales', GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '42' };
    const run = spawnSync('bash', ['-e', '-c', post!.run!], { cwd: dir, env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const posted = readFileSync(join(dir, 'posted.md'), 'utf8');
    expect(posted.length).toBeLessThan(65_536);
    const lines = posted.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('_Cut short: the full audit is the artifact "audit" of https://github.com/acme/sales/actions/runs/42_');
    for (const kept of lines.slice(0, -2)) expect(full.split('\n')).toContain(kept);

    writeFileSync(join(dir, 'audit.md'), `${line(1)}\n`);
    expect(spawnSync('bash', ['-e', '-c', post!.run!], { cwd: dir, env, encoding: 'utf8' }).status).toBe(0);
    expect(readFileSync(join(dir, 'posted.md'), 'utf8')).toBe(`${line(1)}\n`);
  });
});
